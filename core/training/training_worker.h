#pragma once
// Runs on the training thread: a loop that drives the engine between requests. The
// loop blocks this thread's event loop, so requests arrive through TrainingCommands
// (mutex + wait condition) and are read between iterations, never as queued slots.

#include "divergence_guard.h"
#include "snapshot_publisher.h"
#include "analysis_types.h"
#include "mode_collapse_meter.h"
#include "training_types.h"

#include <QElapsedTimer>
#include <QImage>
#include <QList>
#include <QObject>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <memory>
#include <optional>
#include <utility>

namespace gan {


struct TrainingCommands {
    // std:: (pthread) rather than Qt's mutex and wait condition: ThreadSanitizer sees these
    // waits, while QWaitCondition's happen inside the (uninstrumented) Qt library.
    std::mutex mutex;
    std::condition_variable wake;
    bool running = false;
    int pendingSteps = 0;
    bool resetRequested = false;
    LiveSettings live;           // the latest accepted live settings
    bool liveChanged = false;    // not yet handed to the engine
    ResetSettings reset;
    QString dataFolder;
    int sampleInterval = 50;
    int meterInterval = ModeCollapseMeter::defaultInterval; // mode-collapse meter reading every N iterations; 0: off
    qint64 iterationLimit = 0;
    QStringList savePaths;       // in the order asked (a manual save and an autosave may meet)
    QString loadPath;
    bool rollbackRequested = false;
    std::atomic<bool> stop{false};
};

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    TrainingWorker();
    ~TrainingWorker() override;
    TrainingCommands& commands() { return m_commands; }

public slots:
    void run(); // returns when commands().stop is set

signals:
    void metricsReady(const gan::MetricsBatch& batch);
    void generatedGridReady(const QImage& grid, qint64 iteration);
    void realGridReady(const QImage& grid);
    void engineReady(const gan::EngineInfo& info);
    void stateChanged(gan::TrainingState state);
    // Live settings took effect; the next iteration (atIteration + 1) is the first to use them.
    void liveSettingsApplied(const gan::LiveSettings& live, qint64 atIteration);
    void errorOccurred(const QString& message);
    void limitReached(qint64 iterations, double seconds, double stepSeconds);
    void checkpointSaved(const QString& path);
    void checkpointLoaded(const QString& path);
    // Training diverged at `iteration` and paused (errorOccurred() explains it);
    // `restorePoint` is the iteration a roll back returns to, -1 when there is none.
    void diverged(qint64 iteration, qint64 restorePoint);
    // The restore point (the whole training state, in memory) is now at `iteration`; -1:
    // none (e.g. a loaded checkpoint with NaN weights).
    void restorePointChanged(qint64 iteration);
    void rolledBack(qint64 iteration);
    // D's outputs on one real and one generated batch, about once per metrics batch. While
    // training runs, they and the grids come right after the metricsReady() of their batch.
    void discriminatorOutputsReady(const gan::DiscriminatorOutputs& outputs);
    // A mode-collapse meter reading: right after a reset, a load, a roll-back or a move to
    // the CPU (the networks as they now are, before any further training), then every
    // meterInterval iterations (or once, unavailable, when the data does not fit).
    void meterReady(const gan::MeterReading& reading);
    // A copy of G and D for the latent-space explorer: with a metrics batch at most every
    // SnapshotPublisher::intervalMs while training runs, and after each reset, checkpoint
    // load, step and pause.
    void snapshotReady(const gan::ExplorerFrame& frame);

private:
    struct Work;
    Work takeWork();
    void rebuild(const ResetSettings& reset, const LiveSettings& live, const QString& folder);
    void iterate(int sampleInterval, qint64 limit);
    void flushMetrics();
    std::optional<QImage> drawGrid(); // the fixed-noise grid now; nothing (and an error) if it failed
    void emitGrid();
    void holdGrid();
    void dropHeld();
    void emitEngineInfo();
    void runMeter();
    void readMeterOnNewNetworks();
    void emitSnapshot();
    void setState(TrainingState s);
    void pauseWithError(const QString& message);
    void fallBackToCpu(const QString& why);
    void keepRestorePoint(bool fresh);
    void reportDivergence(const QString& explanation, qint64 iteration);
    void rollBack(const LiveSettings& live);

    TrainingCommands m_commands;
    std::unique_ptr<GanEngine> m_engine;
    QString m_loadedFolder;
    bool m_haveData = false;
    DigitDataset m_data;
    TrainingState m_state = TrainingState::NotReady;
    MetricsBatch m_pending;
    QList<std::pair<QImage, qint64>> m_heldGrids; // grids of m_pending's iterations, not yet handed over
    bool m_outputsHeld = false;                   // D's outputs captured in m_pending's iterations
    std::unique_ptr<ModeCollapseMeter> m_meter;
    int m_meterInterval = ModeCollapseMeter::defaultInterval;
    bool m_meterFresh = true;          // no reading of the current networks yet (the meter was off)
    bool m_meterDataStale = true;      // the meter has not seen the current data yet
    SnapshotPublisher m_snapshots;
    DivergenceGuard m_guard;
    QElapsedTimer m_sinceFlush;
    qint64 m_iterationsSinceFlush = 0;
    QElapsedTimer m_runClock;          // time spent running toward the iteration limit
    qint64 m_stepNs = 0;               // of which in the training steps themselves
    qint64 m_runStartIteration = 0;
};

} // namespace gan
