#pragma once
// Values that cross from the training thread to the GUI over queued signals.

#include "engine/gan_engine.h"

#include <QMetaType>
#include <QString>
#include <QVector>

namespace gan {

// While training runs, metrics arrive in batches at most this often (each view then
// updates once per batch, however fast the iterations are). Five a second, the rate the
// plots redraw at: the status bar and the plots then repaint together, in one pass of the
// window, instead of twice as many passes each taking a core from training for a moment.
inline constexpr qint64 metricsBatchIntervalMs = 200;

// The training threads run this much nicer than the window's (Linux nice values; threads
// that training starts inherit it). Training keeps every core busy; at equal weight the
// kernel let a training thread that woke take the core from the GUI thread in the middle
// of a paint, and the GUI thread then waited a scheduler tick (about 4 ms) to get it back.
// Nothing else competing, training still has every core to itself.
// +2 was tried for the window's throughput: no gain that rose above this machine's swings
// (README, Performance), so +5 stays.
inline constexpr int trainingThreadNiceIncrement = 5;

// A coalesced run of per-iteration metrics, with the throughput measured over it.
struct MetricsBatch {
    QVector<IterationMetrics> items;
    double iterationsPerSecond = 0; // over the wall time that produced `items`
};

// What the GUI needs to know about the engine after a reset or a checkpoint load.
struct EngineInfo {
    QString device;          // "cpu" or "cuda:0"
    QString datasetName;
    int datasetCount = 0;
    int batchesPerEpoch = 0;
    qint64 iteration = 0;
    LiveSettings live;
    ResetSettings reset;
};

enum class TrainingState { NotReady, Paused, Running };

// Registers the types above for queued connections; call once before connecting.
void registerTrainingMetaTypes();

} // namespace gan

Q_DECLARE_METATYPE(gan::IterationMetrics)
Q_DECLARE_METATYPE(gan::MetricsBatch)
Q_DECLARE_METATYPE(gan::EngineInfo)
Q_DECLARE_METATYPE(gan::LiveSettings)
Q_DECLARE_METATYPE(gan::ResetSettings)
Q_DECLARE_METATYPE(gan::TrainingState)
