#include "recovery_controller.h"

#include "autosaver.h"
#include "error_banner.h"
#include "training_session.h"

#include <QAction>
#include <QActionGroup>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>

namespace gan {

RecoveryController::RecoveryController(TrainingSession* session, ErrorBanner* banner, QMainWindow* window)
    : QObject(window)
    , m_session(session)
    , m_banner(banner)
    , m_window(window)
    , m_autosaver(new Autosaver(session, this))
    , m_rollBack(new QAction(this))
    , m_loadAutosave(new QAction(tr("Load last &autosave"), this))
    , m_intervals(new QActionGroup(this))
{
    m_rollBack->setObjectName(QStringLiteral("rollBackAction"));
    m_rollBack->setToolTip(tr("Return to the last good state kept in memory (taken every 200 iterations and before "
                              "settings change); the settings you have chosen now stay"));
    connect(m_rollBack, &QAction::triggered, session, &TrainingSession::rollBack);
    connect(banner, &ErrorBanner::actionTriggered, session, &TrainingSession::rollBack);
    connect(session, &TrainingSession::restorePointChanged, this, &RecoveryController::updateRollBack);
    connect(session, &TrainingSession::stateChanged, this, [this](TrainingState s) {
        m_running = s == TrainingState::Running;
        updateRollBack();
    });
    // The explanation arrives first (errorOccurred, shown by the window), then this.
    connect(session, &TrainingSession::diverged, this, [this](qint64, qint64 restorePoint) {
        if (restorePoint >= 0)
            m_banner->setAction(tr("Roll back to iteration %1").arg(QLocale().toString(restorePoint)));
    });
    connect(session, &TrainingSession::rolledBack, this, [this](qint64 iteration) {
        m_banner->dismiss();
        m_window->statusBar()->showMessage(
            tr("Rolled back to iteration %1. Lower the learning rate (or k) before you start again.")
                .arg(QLocale().toString(iteration)),
            10000);
    });

    m_loadAutosave->setObjectName(QStringLiteral("loadAutosaveAction"));
    m_loadAutosave->setToolTip(tr("Continue from the last autosave: %1").arg(QDir::toNativeSeparators(m_autosaver->path())));
    connect(m_loadAutosave, &QAction::triggered, this, [this] { m_session->loadCheckpoint(m_autosaver->path()); });
    connect(m_autosaver, &Autosaver::autosaved, this, [this](const QString& path, qint64 iteration) {
        m_window->statusBar()->showMessage(
            tr("Autosaved iteration %1 to %2").arg(QLocale().toString(iteration), QDir::toNativeSeparators(path)), 5000);
        updateLoadAutosave();
    });
    m_intervals->setExclusive(true);
    updateRollBack();
    updateLoadAutosave();
    setAutosaveInterval(defaultAutosaveSeconds);
}

void RecoveryController::addFileActions(QMenu* file)
{
    m_autosaveMenu = file->addMenu(tr("A&utosave"));
    m_autosaveMenu->setObjectName(QStringLiteral("autosaveMenu"));
    m_autosaveMenu->setToolTipsVisible(true);
    for (const auto& [seconds, label] : {std::pair{0, tr("Off")}, {60, tr("Every minute")}, {300, tr("Every 5 minutes")},
                                          {900, tr("Every 15 minutes")}}) {
        QAction* a = m_autosaveMenu->addAction(label);
        a->setCheckable(true);
        a->setData(seconds);
        a->setToolTip(tr("Saves to %1 while training moves on").arg(QDir::toNativeSeparators(m_autosaver->path())));
        m_intervals->addAction(a);
        connect(a, &QAction::triggered, this, [this, seconds] { setAutosaveInterval(seconds); });
    }
    file->addAction(m_loadAutosave);
    connect(file, &QMenu::aboutToShow, this, &RecoveryController::updateLoadAutosave);
    setAutosaveInterval(m_autosaver->interval());
}

void RecoveryController::setAutosaveInterval(int seconds)
{
    seconds = qMax(0, seconds);
    m_autosaver->setInterval(seconds);
    if (!m_autosaveMenu)
        return;
    QAction* match = nullptr;
    for (QAction* a : m_intervals->actions())
        if (a->data().toInt() == seconds)
            match = a;
    if (!match) {
        match = m_autosaveMenu->addAction(tr("Every %1 seconds").arg(seconds));
        match->setCheckable(true);
        match->setData(seconds);
        m_intervals->addAction(match);
        connect(match, &QAction::triggered, this, [this, seconds] { setAutosaveInterval(seconds); });
    }
    match->setChecked(true);
}

void RecoveryController::updateRollBack()
{
    const qint64 at = m_session->restorePointIteration();
    m_rollBack->setText(at >= 0 ? tr("Roll &back to iteration %1").arg(QLocale().toString(at)) : tr("Roll &back"));
    m_rollBack->setEnabled(at >= 0 && !m_running);
}

void RecoveryController::updateLoadAutosave()
{
    m_loadAutosave->setEnabled(QFileInfo(m_autosaver->path()).isFile());
}

} // namespace gan
