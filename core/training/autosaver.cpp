#include "autosaver.h"

#include "training_session.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace gan {

Autosaver::Autosaver(TrainingSession* session, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_path(defaultPath())
{
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Autosaver::saveNow);
    connect(session, &TrainingSession::metricsReady, this, [this](const MetricsBatch& batch) {
        if (!batch.items.isEmpty())
            m_iteration = batch.items.last().iteration;
    });
    // A reset, a loaded checkpoint or a roll back: another state, good again.
    connect(session, &TrainingSession::engineReady, this, [this](const EngineInfo& info) {
        m_iteration = info.iteration;
        m_diverged = false;
    });
    connect(session, &TrainingSession::diverged, this, [this] { m_diverged = true; });
    connect(session, &TrainingSession::checkpointSaved, this, [this](const QString& path) {
        if (path != m_path || m_pendingIteration < 0)
            return;
        m_savedIteration = std::exchange(m_pendingIteration, -1);
        emit autosaved(path, m_savedIteration);
    });
    connect(session, &TrainingSession::errorOccurred, this, [this] { m_pendingIteration = -1; });
}

QString Autosaver::defaultPath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::home().filePath(QStringLiteral(".gan-studio"));
    return QDir(dir).filePath(QStringLiteral("autosave.gancheckpoint"));
}

void Autosaver::setInterval(int seconds)
{
    m_interval = qMax(0, seconds);
    if (m_interval > 0)
        m_timer.start(m_interval * 1000);
    else
        m_timer.stop();
}

void Autosaver::setPath(const QString& path)
{
    m_path = path;
}

bool Autosaver::saveNow()
{
    // Nothing trained yet, nothing new since the last autosave, a save still under way,
    // or a diverged run: keep the file as it is.
    if (m_diverged || m_iteration <= 0 || m_iteration == m_savedIteration || m_pendingIteration >= 0)
        return false;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_pendingIteration = m_iteration;
    m_session->saveCheckpoint(m_path);
    return true;
}

} // namespace gan
