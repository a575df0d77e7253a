#pragma once
// What the training-session tests share: settings that keep iterations fast, and the last
// iteration a spy on metricsReady has seen.

#include "training/training_session.h"

#include <QSignalSpy>

namespace {

gan::ResetSettings smallBatches()
{
    gan::ResetSettings r;
    r.batchSize = 16; // keeps iterations fast; the embedded digits are the data
    r.device = gan::DevicePreference::Cpu;
    return r;
}

qint64 lastIteration(const QSignalSpy& metricsSpy)
{
    qint64 last = 0;
    for (const auto& args : metricsSpy) {
        const auto batch = args.at(0).value<gan::MetricsBatch>();
        if (!batch.items.isEmpty())
            last = batch.items.back().iteration;
    }
    return last;
}

} // namespace
