#pragma once
// Runs on the training thread: a loop that drives the engine between requests. The
// loop blocks this thread's event loop, so requests arrive through TrainingCommands
// (mutex + wait condition) and are read between iterations, never as queued slots.

#include "training_types.h"

#include <QElapsedTimer>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <atomic>
#include <memory>
#include <optional>

namespace gan {

struct TrainingCommands {
    QMutex mutex;
    QWaitCondition wake;
    bool running = false;
    int pendingSteps = 0;
    bool resetRequested = false;
    LiveSettings live;           // the latest accepted live settings
    bool liveChanged = false;    // not yet handed to the engine
    ResetSettings reset;
    QString dataFolder;
    int sampleInterval = 50;
    qint64 iterationLimit = 0;
    QString savePath;
    QString loadPath;
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
    void limitReached(qint64 iterations, double seconds);
    void checkpointSaved(const QString& path);
    void checkpointLoaded(const QString& path);

private:
    struct Work;
    Work takeWork();
    void rebuild(const ResetSettings& reset, const LiveSettings& live, const QString& folder);
    void iterate(int sampleInterval, qint64 limit);
    void flushMetrics();
    void emitGrid();
    void emitEngineInfo();
    void setState(TrainingState s);
    void pauseWithError(const QString& message);

    TrainingCommands m_commands;
    std::unique_ptr<GanEngine> m_engine;
    QString m_loadedFolder;
    bool m_haveData = false;
    DigitDataset m_data;
    TrainingState m_state = TrainingState::NotReady;
    MetricsBatch m_pending;
    QElapsedTimer m_sinceFlush;
    qint64 m_iterationsSinceFlush = 0;
    QElapsedTimer m_runClock;          // time spent running toward the iteration limit
    qint64 m_runStartIteration = 0;
};

} // namespace gan
