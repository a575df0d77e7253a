#include "training_session.h"

#include "training_worker.h"

namespace gan {

void registerTrainingMetaTypes()
{
    qRegisterMetaType<IterationMetrics>();
    qRegisterMetaType<MetricsBatch>();
    qRegisterMetaType<EngineInfo>();
    qRegisterMetaType<LiveSettings>();
    qRegisterMetaType<ResetSettings>();
    qRegisterMetaType<TrainingState>();
}

TrainingSession::TrainingSession(QObject* parent)
    : QObject(parent)
{
    registerTrainingMetaTypes();
    registerAnalysisMetaTypes();
    registerExplorerMetaTypes();
    m_thread.setObjectName(QStringLiteral("training"));
    m_worker = new TrainingWorker;
    m_commands = &m_worker->commands();
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_worker, &TrainingWorker::run);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TrainingWorker::metricsReady, this, &TrainingSession::metricsReady);
    connect(m_worker, &TrainingWorker::generatedGridReady, this, &TrainingSession::generatedGridReady);
    connect(m_worker, &TrainingWorker::realGridReady, this, &TrainingSession::realGridReady);
    connect(m_worker, &TrainingWorker::engineReady, this, &TrainingSession::engineReady);
    connect(m_worker, &TrainingWorker::errorOccurred, this, &TrainingSession::errorOccurred);
    connect(m_worker, &TrainingWorker::liveSettingsApplied, this, &TrainingSession::liveSettingsApplied);
    connect(m_worker, &TrainingWorker::limitReached, this, &TrainingSession::limitReached);
    connect(m_worker, &TrainingWorker::checkpointSaved, this, &TrainingSession::checkpointSaved);
    connect(m_worker, &TrainingWorker::checkpointLoaded, this, &TrainingSession::checkpointLoaded);
    connect(m_worker, &TrainingWorker::diverged, this, &TrainingSession::diverged);
    connect(m_worker, &TrainingWorker::rolledBack, this, &TrainingSession::rolledBack);
    connect(m_worker, &TrainingWorker::restorePointChanged, this, [this](qint64 iteration) {
        m_restorePoint = iteration;
        emit restorePointChanged(iteration);
    });
    connect(m_worker, &TrainingWorker::discriminatorOutputsReady, this, &TrainingSession::discriminatorOutputsReady);
    connect(m_worker, &TrainingWorker::meterReady, this, &TrainingSession::meterReady);
    connect(m_worker, &TrainingWorker::snapshotReady, this, &TrainingSession::snapshotReady);
    connect(m_worker, &TrainingWorker::stateChanged, this, [this](TrainingState s) {
        m_state = s;
        emit stateChanged(s);
    });
    m_thread.start();
}

TrainingSession::~TrainingSession()
{
    {
        std::lock_guard lock(m_commands->mutex);
        m_commands->stop = true;
        m_commands->wake.notify_all();
    }
    m_thread.quit();
    m_thread.wait();
}

template <typename F>
static void request(TrainingCommands* c, F&& change)
{
    std::lock_guard lock(c->mutex);
    change(*c);
    c->wake.notify_all();
}

void TrainingSession::start()
{
    request(m_commands, [](TrainingCommands& c) { c.running = true; });
}

void TrainingSession::pause()
{
    request(m_commands, [](TrainingCommands& c) {
        c.running = false;
        c.pendingSteps = 0;
    });
}

void TrainingSession::step()
{
    request(m_commands, [](TrainingCommands& c) {
        c.running = false;
        c.pendingSteps = 1;
    });
}

void TrainingSession::reset()
{
    request(m_commands, [](TrainingCommands& c) {
        c.running = false;
        c.pendingSteps = 0;
        c.resetRequested = true;
    });
}

void TrainingSession::setLiveSettings(const LiveSettings& live)
{
    if (auto why = validate(live); !why.empty()) {
        emit errorOccurred(QStringLiteral("Setting refused: %1.").arg(QString::fromStdString(why)));
        return;
    }
    m_live = live;
    request(m_commands, [&](TrainingCommands& c) {
        c.live = live;
        c.liveChanged = true;
    });
}

void TrainingSession::setResetSettings(const ResetSettings& reset)
{
    if (auto why = validate(reset); !why.empty()) {
        emit errorOccurred(QStringLiteral("Setting refused: %1.").arg(QString::fromStdString(why)));
        return;
    }
    m_reset = reset;
    request(m_commands, [&](TrainingCommands& c) { c.reset = reset; });
}

void TrainingSession::setDataFolder(const QString& folder)
{
    m_dataFolder = folder;
    request(m_commands, [&](TrainingCommands& c) { c.dataFolder = folder; });
}

void TrainingSession::setSampleInterval(int iterations)
{
    request(m_commands, [&](TrainingCommands& c) { c.sampleInterval = qMax(1, iterations); });
}

void TrainingSession::setMeterInterval(int iterations)
{
    request(m_commands, [&](TrainingCommands& c) { c.meterInterval = qMax(0, iterations); });
}

void TrainingSession::setIterationLimit(qint64 iterations)
{
    request(m_commands, [&](TrainingCommands& c) { c.iterationLimit = qMax<qint64>(0, iterations); });
}

void TrainingSession::saveCheckpoint(const QString& path)
{
    request(m_commands, [&](TrainingCommands& c) { c.savePaths << path; });
}

void TrainingSession::loadCheckpoint(const QString& path)
{
    request(m_commands, [&](TrainingCommands& c) { c.loadPath = path; });
}

void TrainingSession::rollBack()
{
    request(m_commands, [](TrainingCommands& c) {
        c.running = false;
        c.pendingSteps = 0;
        c.rollbackRequested = true;
    });
}

LiveSettings TrainingSession::liveSettings() const { return m_live; }
ResetSettings TrainingSession::resetSettings() const { return m_reset; }
QString TrainingSession::dataFolder() const { return m_dataFolder; }
TrainingState TrainingSession::state() const { return m_state; }

} // namespace gan
