#include "headless_run.h"

#include "data_sources.h"
#include "digit_grid.h"
#include "divergence_guard.h"
#include "done_line.h"
#include "metrics_csv.h"
#include "mode_collapse_meter.h"
#include "engine/gan_engine.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>

namespace gan {
namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "error: %s\n", qPrintable(message));
    return 2;
}

// Explicit live options override what a checkpoint holds.
LiveSettings mergeLive(LiveSettings base, const HeadlessOptions& o)
{
    for (const auto& name : o.liveOptionsGiven) {
        if (name == QLatin1String("k")) base.k = o.live.k;
        else if (name == QLatin1String("g-steps")) base.gSteps = o.live.gSteps;
        else if (name == QLatin1String("lr-g")) base.lrG = o.live.lrG;
        else if (name == QLatin1String("lr-d")) base.lrD = o.live.lrD;
        else if (name == QLatin1String("beta1")) base.beta1 = o.live.beta1;
        else if (name == QLatin1String("beta2")) base.beta2 = o.live.beta2;
        else if (name == QLatin1String("loss")) base.loss = o.live.loss;
    }
    return base;
}

bool parentWritable(const QString& path)
{
    const QFileInfo dir(QFileInfo(path).absolutePath());
    return dir.isDir() && dir.isWritable();
}

} // namespace

int runHeadless(const HeadlessOptions& o)
{
    // Everything that can be refused is checked before the first file is written.
    std::unique_ptr<GanEngine> engine;
    try {
        engine = std::make_unique<GanEngine>(loadDataSource(o.dataFolder), o.reset, o.live);
        if (!o.loadPath.isEmpty()) {
            engine->loadCheckpoint(o.loadPath.toStdString());
            engine->setLiveSettings(mergeLive(engine->liveSettings(), o));
        }
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    const qint64 perEpoch = engine->batchesPerEpoch();
    const qint64 toRun = o.iterations > 0 ? o.iterations : o.epochs * perEpoch;
    const qint64 first = engine->iteration();
    const qint64 last = first + toRun;
    const qint64 totalEpochs = (last + perEpoch - 1) / perEpoch;

    if (!o.savePath.isEmpty() && (QFileInfo(o.savePath).isDir() || !parentWritable(o.savePath)))
        return fail(QStringLiteral("cannot write the checkpoint to %1").arg(o.savePath));
    if (!o.metricsPath.isEmpty() && (QFileInfo(o.metricsPath).isDir() || !parentWritable(o.metricsPath)))
        return fail(QStringLiteral("cannot write the metrics to %1").arg(o.metricsPath));
    const QString imagesDir = QDir(o.outDir).filePath(QStringLiteral("images"));
    if (o.sampleInterval > 0) {
        if (QFileInfo(o.outDir).exists() && !QFileInfo(o.outDir).isDir())
            return fail(QStringLiteral("--out %1 is a file, not a folder").arg(o.outDir));
        if (!QDir().mkpath(imagesDir))
            return fail(QStringLiteral("cannot create the folder %1").arg(imagesDir));
    }
    QFile csv(o.metricsPath);
    if (!o.metricsPath.isEmpty()) {
        if (!csv.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
            return fail(QStringLiteral("cannot write the metrics to %1: %2").arg(o.metricsPath, csv.errorString()));
        csv.write(metricsCsvHeader()); // the seven seed columns first, then the theory views' ones
    }

    const auto& data = engine->dataset();
    auto writeGrid = [&](qint64 iteration) {
        const QImage grid = makeDigitGrid(engine->generateFixedGrid(), GanEngine::fixedGridCount, 5, data.rows, data.cols);
        grid.save(QDir(imagesDir).filePath(QStringLiteral("%1.png").arg(iteration)));
    };

    std::unique_ptr<ModeCollapseMeter> meter; // made at the first reading
    // Divergence: NaN or infinite losses or weights, or a saturated D (no restore points here).
    DivergenceGuard guard(std::numeric_limits<qint64>::max());
    auto diverged = [](const QString& why) {
        std::fprintf(stderr, "error: %s Lower the learning rates (or k).\n", qPrintable(why));
        return 1;
    };
    QElapsedTimer clock;
    clock.start();
    qint64 stepNs = 0; // in the training steps themselves
    for (qint64 i = first; i < last; ++i) {
        IterationMetrics m;
        try {
            const qint64 stepStart = clock.nsecsElapsed();
            m = engine->trainIteration();
            stepNs += clock.nsecsElapsed() - stepStart;
        } catch (const DeviceError& e) {
            // The GPU failed: go on on the CPU from the same state, if it can still be read.
            try {
                engine = engine->copyToCpu();
            } catch (const EngineError& copy) {
                std::fprintf(stderr, "error: %s; the state could not be moved to the CPU (%s). "
                                     "Run again with --device cpu.\n", e.what(), copy.what());
                return 1;
            }
            std::fprintf(stderr, "warning: %s; continuing on the CPU from iteration %lld\n", e.what(),
                         static_cast<long long>(engine->iteration()));
            --i; // this iteration again, on the CPU
            continue;
        } catch (const EngineError& e) {
            if (const QString why = guard.checkFailedStep(*engine); !why.isEmpty())
                return diverged(why);
            std::fprintf(stderr, "error: %s\n", e.what());
            return 1;
        }
        if (csv.isOpen()) {
            std::optional<MeterReading> reading;
            if (o.meterInterval > 0 && (m.iteration == first + 1 || m.iteration % o.meterInterval == 0)) {
                if (!meter) {
                    meter = std::make_unique<ModeCollapseMeter>();
                    meter->setData(data);
                }
                reading = meter->measure(*engine);
            }
            csv.write(metricsCsvRow(m, reading ? &*reading : nullptr));
        }
        if (o.logInterval > 0 && m.iteration % o.logInterval == 0)
            std::printf("[Epoch %d/%lld] [Batch %d/%lld] [D loss: %f] [G loss: %f]\n", m.epoch, static_cast<long long>(totalEpochs),
                        m.batchInEpoch, static_cast<long long>(perEpoch), m.dLoss, m.gLoss);
        if (const QString why = guard.check(*engine, m); !why.isEmpty())
            return diverged(why);
        if (o.autosaveInterval > 0 && m.iteration % o.autosaveInterval == 0 && m.iteration < last && engine->weightsFinite()) {
            try {
                engine->saveCheckpoint(o.savePath.toStdString());
            } catch (const EngineError& e) {
                std::fprintf(stderr, "error: %s\n", e.what());
                return 1;
            }
        }
        if (o.sampleInterval > 0 && m.iteration % o.sampleInterval == 0)
            writeGrid(m.iteration);
    }
    const double seconds = clock.nsecsElapsed() / 1e9;
    csv.close();

    if (!o.savePath.isEmpty()) {
        try {
            engine->saveCheckpoint(o.savePath.toStdString());
        } catch (const EngineError& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            return 1;
        }
    }
    std::printf("%s\n", doneLine(toRun, seconds, stepNs / 1e9).constData());
    std::fflush(stdout);
    return 0;
}

} // namespace gan
