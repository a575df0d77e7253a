#include "training_worker.h"

#include "data_sources.h"
#include "digit_grid.h"
#include "mode_collapse_meter.h"

#include <QThread>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <sys/resource.h>
#include <unistd.h>

namespace gan {
namespace {

void runNicerThanTheWindow()
{
    const id_t self = static_cast<id_t>(gettid()); // Linux: a thread's own nice value
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, self);
    if (errno == 0)
        setpriority(PRIO_PROCESS, self, std::min(nice + trainingThreadNiceIncrement, 19));
}

} // namespace

struct TrainingWorker::Work {
    bool stop = false;
    bool reset = false;
    bool train = false;        // run one iteration now
    LiveSettings live;
    bool liveChanged = false;
    ResetSettings resetSettings;
    QString folder;
    int sampleInterval = 50;
    int meterInterval = 500;
    qint64 limit = 0;
    QStringList savePaths;
    QString loadPath;
    bool rollback = false;
};

TrainingWorker::TrainingWorker() = default;
TrainingWorker::~TrainingWorker() = default;

TrainingWorker::Work TrainingWorker::takeWork()
{
    std::unique_lock lock(m_commands.mutex);
    for (;;) {
        Work w;
        w.stop = m_commands.stop.load();
        const bool haveEngine = m_engine != nullptr;
        const bool wantsTraining = m_commands.running || m_commands.pendingSteps > 0;
        const bool hasRequest = m_commands.resetRequested || m_commands.liveChanged || !m_commands.savePaths.isEmpty() || m_commands.rollbackRequested
            || !m_commands.loadPath.isEmpty() || wantsTraining;
        if (w.stop || hasRequest) {
            w.reset = m_commands.resetRequested || (wantsTraining && !haveEngine);
            m_commands.resetRequested = false;
            w.live = m_commands.live;
            w.liveChanged = std::exchange(m_commands.liveChanged, false);
            w.resetSettings = m_commands.reset;
            w.folder = m_commands.dataFolder;
            w.sampleInterval = m_commands.sampleInterval;
            w.meterInterval = m_commands.meterInterval;
            w.limit = m_commands.iterationLimit;
            w.savePaths = std::exchange(m_commands.savePaths, QStringList());
            w.rollback = std::exchange(m_commands.rollbackRequested, false);
            w.loadPath = std::exchange(m_commands.loadPath, QString());
            if (m_commands.running) {
                w.train = true;
            } else if (m_commands.pendingSteps > 0) {
                --m_commands.pendingSteps;
                w.train = true;
            }
            return w;
        }
        if (m_state == TrainingState::Running) {
            // Leaving the running state: deliver what is pending before sleeping.
            lock.unlock();
            flushMetrics();
            emitSnapshot();
            setState(m_engine ? TrainingState::Paused : TrainingState::NotReady);
            lock.lock();
            continue;
        }
        m_commands.wake.wait(lock);
    }
}

void TrainingWorker::run()
{
    runNicerThanTheWindow(); // before the engine starts its helper threads, which inherit it
    m_sinceFlush.start();
    for (;;) {
        Work w = takeWork();
        if (w.stop)
            break;
        m_meterInterval = w.meterInterval;
        // Saves first: a save asked for together with a reset or a load keeps the state it saw.
        for (const QString& path : std::as_const(w.savePaths)) {
            if (!m_engine) {
                emit errorOccurred(QStringLiteral("Nothing to save yet: start or reset training first."));
                break;
            }
            try {
                m_engine->saveCheckpoint(path.toStdString());
                emit checkpointSaved(path);
            } catch (const EngineError& e) {
                emit errorOccurred(QString::fromStdString(e.what()));
            }
        }
        if (w.reset)
            rebuild(w.resetSettings, w.live, w.folder);
        else if (w.liveChanged && m_engine) {
            try {
                keepRestorePoint(false); // the state reached with the previous settings (throttled)
                m_engine->setLiveSettings(w.live);
                emit liveSettingsApplied(w.live, m_engine->iteration());
            } catch (const EngineError& e) {
                emit errorOccurred(QString::fromStdString(e.what()));
            }
        }
        if (!w.loadPath.isEmpty()) {
            if (!m_engine)
                rebuild(w.resetSettings, w.live, w.folder);
            if (m_engine) {
                try {
                    m_engine->loadCheckpoint(w.loadPath.toStdString());
                    keepRestorePoint(true);
                    emitEngineInfo();
                    emitGrid();
                    emitSnapshot();
                    readMeterOnNewNetworks();
                    emit checkpointLoaded(w.loadPath);
                } catch (const EngineError& e) {
                    emit errorOccurred(QStringLiteral("Checkpoint not loaded; training is unchanged. %1")
                                           .arg(QString::fromStdString(e.what())));
                }
            }
        }
        if (w.rollback)
            rollBack(w.live);
        if (w.train && m_engine)
            iterate(w.sampleInterval, w.limit);
        else if (w.train) {
            std::unique_lock lock(m_commands.mutex); // no engine could be built: stop asking
            m_commands.running = false;
            m_commands.pendingSteps = 0;
        }
    }
    flushMetrics();
}

void TrainingWorker::rebuild(const ResetSettings& reset, const LiveSettings& live, const QString& folder)
{
    try {
        DigitDataset* data = &m_data;
        DigitDataset fresh;
        const bool newData = !m_haveData || folder != m_loadedFolder;
        if (newData) {
            fresh = loadDataSource(folder);
            data = &fresh;
        }
        // Built aside first: if anything fails, the current data and networks stay as they were.
        std::unique_ptr<GanEngine> engine;
        try {
            engine = std::make_unique<GanEngine>(*data, reset, live);
        } catch (const DeviceError& e) {
            ResetSettings onCpu = reset;
            onCpu.device = DevicePreference::Cpu;
            engine = std::make_unique<GanEngine>(*data, onCpu, live);
            emit errorOccurred(tr("The GPU could not be used, so training runs on the CPU (%1).")
                                   .arg(QString::fromStdString(e.what())));
        }
        if (newData) {
            m_data = std::move(fresh);
            m_loadedFolder = folder;
            m_haveData = true;
            m_meterDataStale = true;
            m_snapshots.setRealDigits(m_data);
            emit realGridReady(makeRealGrid(m_data, 25, 5));
        }
        m_engine = std::move(engine);
        keepRestorePoint(true);
        m_pending.items.clear();
        dropHeld();
        emitEngineInfo();
        emitGrid();
        emitSnapshot();
        setState(TrainingState::Paused);
        readMeterOnNewNetworks();
    } catch (const std::exception& e) {
        std::unique_lock lock(m_commands.mutex);
        m_commands.running = false;
        m_commands.pendingSteps = 0;
        lock.unlock();
        emit errorOccurred(QStringLiteral("Could not reset: %1").arg(QString::fromStdString(e.what())));
        if (m_engine)
            setState(TrainingState::Paused);
    }
}

void TrainingWorker::iterate(int sampleInterval, qint64 limit)
{
    if (m_state != TrainingState::Running) {
        setState(TrainingState::Running);
        m_sinceFlush.restart();
        m_iterationsSinceFlush = 0;
        m_runClock.start();
        m_stepNs = 0;
        m_runStartIteration = m_engine->iteration();
    }
    IterationMetrics m;
    if (m_iterationsSinceFlush == 0) // D's outputs once per metrics batch: cheap, read back with the metrics
        m_engine->captureOutputsAtNextIteration();
    try {
        const qint64 stepStart = m_runClock.nsecsElapsed();
        m = m_engine->trainIteration();
        m_stepNs += m_runClock.nsecsElapsed() - stepStart;
    } catch (const DeviceError& e) {
        fallBackToCpu(QString::fromStdString(e.what()));
        return;
    } catch (const EngineError& e) {
        QString divergence;
        try {
            divergence = m_guard.checkFailedStep(*m_engine);
        } catch (const EngineError&) {
        }
        if (divergence.isEmpty())
            pauseWithError(QString::fromStdString(e.what()));
        else
            reportDivergence(divergence, m_engine->iteration() + 1);
        return;
    }
    m_pending.items.push_back(m);
    ++m_iterationsSinceFlush;
    QString divergence;
    try {
        divergence = m_guard.check(*m_engine, m);
    } catch (const EngineError& e) {
        pauseWithError(QString::fromStdString(e.what()));
        return;
    }
    if (!divergence.isEmpty()) {
        reportDivergence(divergence, m.iteration);
        return;
    }
    if (m_guard.restorePointIteration() == m.iteration)
        emit restorePointChanged(m.iteration);
    // D's outputs, the grids and the explorer's copy go to the window with the metrics batch
    // (flushMetrics): one wake-up of the GUI thread and one repaint every
    // metricsBatchIntervalMs, instead of one for each as it is made.
    if (m_engine->capturedOutputs().iteration == m.iteration)
        m_outputsHeld = true;
    if (sampleInterval > 0 && m.iteration % sampleInterval == 0)
        holdGrid();
    if (m_meterInterval > 0 && (m_meterFresh || m.iteration % m_meterInterval == 0))
        runMeter();
    if (m_sinceFlush.elapsed() >= metricsBatchIntervalMs) {
        if (m_snapshots.due())
            emitSnapshot();
        flushMetrics();
    }
    if (limit > 0 && m.iteration >= limit) {
        std::unique_lock lock(m_commands.mutex);
        m_commands.running = false;
        m_commands.pendingSteps = 0;
        lock.unlock();
        flushMetrics();
        emitGrid();
        emitSnapshot();
        const double seconds = m_runClock.nsecsElapsed() / 1e9;
        setState(TrainingState::Paused);
        emit limitReached(m.iteration, seconds, m_stepNs / 1e9);
    }
}

void TrainingWorker::pauseWithError(const QString& message)
{
    std::unique_lock lock(m_commands.mutex);
    m_commands.running = false;
    m_commands.pendingSteps = 0;
    lock.unlock();
    flushMetrics();
    setState(TrainingState::Paused);
    emit errorOccurred(message);
}

// The GPU failed mid-run. Training moves to the CPU and goes on: from the failed engine's
// own state when it can still be read back (e.g. after running out of GPU memory), else from
// the last restore point (a lost device), else from a fresh start with the same seed.
void TrainingWorker::fallBackToCpu(const QString& why)
{
    ResetSettings reset = m_engine->resetSettings();
    reset.device = DevicePreference::Cpu;
    const qint64 failedAt = m_engine->iteration() + 1;
    QString resumed;
    std::unique_ptr<GanEngine> engine;
    try {
        try {
            engine = m_engine->copyToCpu();
            resumed = tr("It continues from iteration %L1, where the GPU stopped.").arg(engine->iteration());
        } catch (const EngineError&) {
            engine = std::make_unique<GanEngine>(m_data, reset, m_engine->liveSettings());
            if (m_guard.hasRestorePoint()) {
                m_guard.rollBack(*engine);
                resumed = tr("The GPU's state was lost; it continues from iteration %L1, the last restore point.")
                              .arg(engine->iteration());
            } else {
                resumed = tr("The GPU's state was lost; it starts again from iteration 0 with the same seed.");
            }
        }
    } catch (const EngineError& e) {
        pauseWithError(tr("The GPU failed (%1), and training could not move to the CPU: %2")
                           .arg(why, QString::fromStdString(e.what())));
        return;
    }
    m_engine = std::move(engine);
    m_guard.clear();
    keepRestorePoint(true);
    m_pending.items.clear();
    dropHeld();
    emitEngineInfo(); // the window shows the CPU in the device box and the status bar
    emit errorOccurred(tr("The GPU failed at iteration %L1 (%2). Training moved to the CPU. %3")
                           .arg(failedAt)
                           .arg(why, resumed));
    emitGrid();
    emitSnapshot();
    readMeterOnNewNetworks();
}

void TrainingWorker::reportDivergence(const QString& explanation, qint64 iteration)
{
    const qint64 back = m_guard.restorePointIteration();
    pauseWithError(explanation + tr(" Training is paused. ")
                   + (back >= 0 ? tr("Roll back to iteration %L1 (kept in memory) and lower the learning rate, "
                                     "or press Reset.").arg(back)
                                : tr("Lower the learning rates (or k) and press Reset.")));
    emit diverged(iteration, back);
}

void TrainingWorker::keepRestorePoint(bool fresh)
{
    if (!m_engine)
        return;
    const bool had = m_guard.hasRestorePoint();
    if (fresh)
        m_guard.clear();
    try {
        if (m_guard.keep(*m_engine, fresh ? 0 : 20) || (had && !m_guard.hasRestorePoint()))
            emit restorePointChanged(m_guard.restorePointIteration());
    } catch (const EngineError& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
    }
}

void TrainingWorker::rollBack(const LiveSettings& live)
{
    if (!m_engine || !m_guard.hasRestorePoint()) {
        emit errorOccurred(tr("Nothing to roll back to yet: start or reset training first."));
        return;
    }
    try {
        m_guard.rollBack(*m_engine);
        m_engine->setLiveSettings(live); // the settings asked for now stay, e.g. a lowered learning rate
    } catch (const EngineError& e) {
        emit errorOccurred(tr("Could not roll back: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    m_pending.items.clear();
    dropHeld();
    emitEngineInfo();
    emitGrid();
    emitSnapshot();
    readMeterOnNewNetworks();
    emit rolledBack(m_engine->iteration());
}

void TrainingWorker::flushMetrics()
{
    if (m_pending.items.isEmpty())
        return;
    const double seconds = m_sinceFlush.nsecsElapsed() / 1e9;
    m_pending.iterationsPerSecond = seconds > 0 ? m_iterationsSinceFlush / seconds : 0;
    emit metricsReady(m_pending);
    for (const auto& [grid, iteration] : std::as_const(m_heldGrids))
        emit generatedGridReady(grid, iteration);
    if (m_outputsHeld && m_engine)
        emit discriminatorOutputsReady(m_engine->capturedOutputs());
    dropHeld();
    m_pending = MetricsBatch{};
    m_sinceFlush.restart();
    m_iterationsSinceFlush = 0;
}

std::optional<QImage> TrainingWorker::drawGrid()
{
    if (!m_engine)
        return std::nullopt;
    try {
        const auto& ds = m_engine->dataset();
        return makeDigitGrid(m_engine->generateFixedGrid(), GanEngine::fixedGridCount, 5, ds.rows, ds.cols);
    } catch (const EngineError& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
        return std::nullopt;
    }
}

void TrainingWorker::emitGrid()
{
    if (const auto grid = drawGrid())
        emit generatedGridReady(*grid, m_engine->iteration());
}

// Drawn now, from the networks of this iteration; handed over with the metrics batch.
void TrainingWorker::holdGrid()
{
    if (auto grid = drawGrid())
        m_heldGrids.append({std::move(*grid), m_engine->iteration()});
}

// What was held for the batch that is being dropped or was just handed over.
void TrainingWorker::dropHeld()
{
    m_heldGrids.clear();
    m_outputsHeld = false;
}

void TrainingWorker::emitSnapshot()
{
    if (!m_engine)
        return;
    try {
        emit snapshotReady(m_snapshots.take(*m_engine));
    } catch (const EngineError& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
    }
}

void TrainingWorker::runMeter()
{
    m_meterFresh = false;
    if (!m_meter)
        m_meter = std::make_unique<ModeCollapseMeter>();
    if (m_meterDataStale) {
        m_meter->setData(m_data);
        m_meterDataStale = false;
    }
    try {
        emit meterReady(m_meter->measure(*m_engine));
    } catch (const std::exception& e) {
        MeterReading r;
        r.iteration = m_engine->iteration();
        r.reason = QStringLiteral("Not available: %1").arg(QString::fromStdString(e.what()));
        emit meterReady(r);
    }
}

// New networks (a reset, a load, a roll-back): the meter shows them at once, while paused
// too, rather than the networks it last read. Its one-off preparation for new data (loading
// the classifier, labelling the real digits) also happens here, before training starts.
void TrainingWorker::readMeterOnNewNetworks()
{
    m_meterFresh = true;
    if (m_engine && m_meterInterval > 0)
        runMeter();
}

void TrainingWorker::emitEngineInfo()
{
    EngineInfo info;
    info.device = QString::fromStdString(m_engine->deviceId());
    info.datasetName = QString::fromStdString(m_engine->dataset().name);
    info.datasetCount = m_engine->dataset().count;
    info.batchesPerEpoch = m_engine->batchesPerEpoch();
    info.iteration = m_engine->iteration();
    info.live = m_engine->liveSettings();
    info.reset = m_engine->resetSettings();
    emit engineReady(info);
}

void TrainingWorker::setState(TrainingState s)
{
    if (s == m_state)
        return;
    m_state = s;
    emit stateChanged(s);
}

} // namespace gan
