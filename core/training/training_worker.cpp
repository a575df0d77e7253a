#include "training_worker.h"

#include "data_sources.h"
#include "digit_grid.h"

#include <QThread>

#include <cmath>

namespace gan {
namespace {
constexpr qint64 flushIntervalMs = 40; // about 25 metric batches a second at most
}

struct TrainingWorker::Work {
    bool stop = false;
    bool reset = false;
    bool train = false;        // run one iteration now
    LiveSettings live;
    bool liveChanged = false;
    ResetSettings resetSettings;
    QString folder;
    int sampleInterval = 50;
    qint64 limit = 0;
    QString savePath;
    QString loadPath;
};

TrainingWorker::TrainingWorker() = default;
TrainingWorker::~TrainingWorker() = default;

TrainingWorker::Work TrainingWorker::takeWork()
{
    QMutexLocker lock(&m_commands.mutex);
    for (;;) {
        Work w;
        w.stop = m_commands.stop.load();
        const bool haveEngine = m_engine != nullptr;
        const bool wantsTraining = m_commands.running || m_commands.pendingSteps > 0;
        const bool hasRequest = m_commands.resetRequested || m_commands.liveChanged || !m_commands.savePath.isEmpty()
            || !m_commands.loadPath.isEmpty() || wantsTraining;
        if (w.stop || hasRequest) {
            w.reset = m_commands.resetRequested || (wantsTraining && !haveEngine);
            m_commands.resetRequested = false;
            w.live = m_commands.live;
            w.liveChanged = std::exchange(m_commands.liveChanged, false);
            w.resetSettings = m_commands.reset;
            w.folder = m_commands.dataFolder;
            w.sampleInterval = m_commands.sampleInterval;
            w.limit = m_commands.iterationLimit;
            w.savePath = std::exchange(m_commands.savePath, QString());
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
            setState(m_engine ? TrainingState::Paused : TrainingState::NotReady);
            lock.relock();
            continue;
        }
        m_commands.wake.wait(&m_commands.mutex);
    }
}

void TrainingWorker::run()
{
    m_sinceFlush.start();
    for (;;) {
        Work w = takeWork();
        if (w.stop)
            break;
        if (w.reset)
            rebuild(w.resetSettings, w.live, w.folder);
        else if (w.liveChanged && m_engine) {
            try {
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
                    emitEngineInfo();
                    emitGrid();
                    emit checkpointLoaded(w.loadPath);
                } catch (const EngineError& e) {
                    emit errorOccurred(QStringLiteral("Checkpoint not loaded; training is unchanged. %1")
                                           .arg(QString::fromStdString(e.what())));
                }
            }
        }
        if (!w.savePath.isEmpty()) {
            if (!m_engine) {
                emit errorOccurred(QStringLiteral("Nothing to save yet: start or reset training first."));
            } else {
                try {
                    m_engine->saveCheckpoint(w.savePath.toStdString());
                    emit checkpointSaved(w.savePath);
                } catch (const EngineError& e) {
                    emit errorOccurred(QString::fromStdString(e.what()));
                }
            }
        }
        if (w.train && m_engine)
            iterate(w.sampleInterval, w.limit);
        else if (w.train) {
            QMutexLocker lock(&m_commands.mutex); // no engine could be built: stop asking
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
        auto engine = std::make_unique<GanEngine>(*data, reset, live);
        if (newData) {
            m_data = std::move(fresh);
            m_loadedFolder = folder;
            m_haveData = true;
            emit realGridReady(makeRealGrid(m_data, 25, 5));
        }
        m_engine = std::move(engine);
        m_pending.items.clear();
        emitEngineInfo();
        emitGrid();
        setState(TrainingState::Paused);
    } catch (const std::exception& e) {
        QMutexLocker lock(&m_commands.mutex);
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
        m_runStartIteration = m_engine->iteration();
    }
    IterationMetrics m;
    try {
        m = m_engine->trainIteration();
    } catch (const EngineError& e) {
        pauseWithError(QString::fromStdString(e.what()));
        return;
    }
    m_pending.items.push_back(m);
    ++m_iterationsSinceFlush;
    if (!std::isfinite(m.dLoss) || !std::isfinite(m.gLoss)) {
        pauseWithError(QStringLiteral("Training diverged at iteration %1: a loss became NaN or infinite. "
                                      "Lower the learning rates (or k) and press Reset.")
                           .arg(m.iteration));
        return;
    }
    if (sampleInterval > 0 && m.iteration % sampleInterval == 0)
        emitGrid();
    if (m_sinceFlush.elapsed() >= flushIntervalMs)
        flushMetrics();
    if (limit > 0 && m.iteration >= limit) {
        QMutexLocker lock(&m_commands.mutex);
        m_commands.running = false;
        m_commands.pendingSteps = 0;
        lock.unlock();
        flushMetrics();
        emitGrid();
        const double seconds = m_runClock.nsecsElapsed() / 1e9;
        setState(TrainingState::Paused);
        emit limitReached(m.iteration, seconds);
    }
}

void TrainingWorker::pauseWithError(const QString& message)
{
    QMutexLocker lock(&m_commands.mutex);
    m_commands.running = false;
    m_commands.pendingSteps = 0;
    lock.unlock();
    flushMetrics();
    setState(TrainingState::Paused);
    emit errorOccurred(message);
}

void TrainingWorker::flushMetrics()
{
    if (m_pending.items.isEmpty())
        return;
    const double seconds = m_sinceFlush.nsecsElapsed() / 1e9;
    m_pending.iterationsPerSecond = seconds > 0 ? m_iterationsSinceFlush / seconds : 0;
    emit metricsReady(m_pending);
    m_pending = MetricsBatch{};
    m_sinceFlush.restart();
    m_iterationsSinceFlush = 0;
}

void TrainingWorker::emitGrid()
{
    if (!m_engine)
        return;
    try {
        const auto& ds = m_engine->dataset();
        emit generatedGridReady(makeDigitGrid(m_engine->generateFixedGrid(), GanEngine::fixedGridCount, 5, ds.rows, ds.cols),
                                m_engine->iteration());
    } catch (const EngineError& e) {
        emit errorOccurred(QString::fromStdString(e.what()));
    }
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
