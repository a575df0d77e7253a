#pragma once
// The GUI's handle on training: owns a worker thread that drives a GanEngine and
// streams what it measures back over queued signals carrying values. Every public
// method is called from the GUI thread and returns at once; requests take effect at
// the worker's next iteration. Destroying the session stops the thread promptly.

#include "explorer_types.h"
#include "analysis_types.h"
#include "training_types.h"

#include <QImage>
#include <QObject>
#include <QThread>

namespace gan {

class TrainingWorker;
struct TrainingCommands;

class TrainingSession : public QObject {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;

    // Requests. Invalid values are refused with errorOccurred() and change nothing.
    void start();                 // run continuously (builds the engine first if needed)
    void pause();
    void step();                  // one iteration, then paused
    void reset();                 // fresh networks from the reset settings and data source; paused
    void setLiveSettings(const LiveSettings& live);
    void setResetSettings(const ResetSettings& reset);   // used at the next reset
    void setDataFolder(const QString& folder);          // empty: the embedded digits; used at the next reset
    void setSampleInterval(int iterations);             // fixed-noise grid every N iterations
    void setMeterInterval(int iterations);              // mode-collapse meter every N iterations; 0: off
    void setIterationLimit(qint64 iterations);          // pause and emit limitReached at N; 0: none
    void saveCheckpoint(const QString& path);
    void loadCheckpoint(const QString& path);
    // Back to the restore point kept in memory (restorePointChanged()), e.g. after a divergence;
    // the live settings asked for now stay. The run's curves restart there (engineReady()).
    void rollBack();

    // The last accepted requests (not necessarily applied yet).
    LiveSettings liveSettings() const;
    ResetSettings resetSettings() const;
    QString dataFolder() const;
    TrainingState state() const;
    qint64 restorePointIteration() const { return m_restorePoint; } // -1: none yet

signals:
    void metricsReady(const gan::MetricsBatch& batch);
    void generatedGridReady(const QImage& grid, qint64 iteration);
    void realGridReady(const QImage& grid);
    void engineReady(const gan::EngineInfo& info);
    void stateChanged(gan::TrainingState state);
    // Live settings took effect; the next iteration (atIteration + 1) is the first to use them.
    void liveSettingsApplied(const gan::LiveSettings& live, qint64 atIteration);
    void errorOccurred(const QString& message);
    // seconds: from the run's first iteration to its last; stepSeconds: the part of it spent in
    // the training steps themselves (the rest went to grids, the meter, restore points and the
    // hand-overs to the window).
    void limitReached(qint64 iterations, double seconds, double stepSeconds);
    void checkpointSaved(const QString& path);
    void checkpointLoaded(const QString& path);
    // Training diverged (NaN or infinite loss or weight) at `iteration` and paused; the
    // explanation comes with errorOccurred(). `restorePoint`: where rollBack() returns, -1: none.
    void diverged(qint64 iteration, qint64 restorePoint);
    void restorePointChanged(qint64 iteration); // -1: none
    void rolledBack(qint64 iteration);
    void discriminatorOutputsReady(const gan::DiscriminatorOutputs& outputs);
    void meterReady(const gan::MeterReading& reading);
    // A copy of G and D for the latent-space explorer (TrainingWorker::snapshotReady).
    void snapshotReady(const gan::ExplorerFrame& frame);

private:
    QThread m_thread;
    TrainingWorker* m_worker = nullptr;
    TrainingCommands* m_commands = nullptr; // owned by the worker, shared under its mutex
    LiveSettings m_live;
    ResetSettings m_reset;
    QString m_dataFolder;
    TrainingState m_state = TrainingState::NotReady;
    qint64 m_restorePoint = -1;
};

} // namespace gan
