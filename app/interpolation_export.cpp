#include "interpolation_export.h"

#include "data_sources.h"
#include "digit_grid.h"
#include "engine/gan_engine.h"
#include "headless_options.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>
#include <memory>

namespace gan {
namespace {

constexpr int minSteps = 2, maxSteps = 64;

int fail(const QString& message)
{
    std::fprintf(stderr, "error: %s\n", qPrintable(message));
    return 2;
}

} // namespace

QList<QCommandLineOption> interpolationExportOptions()
{
    return {
        {QStringLiteral("export-interpolation"),
         QStringLiteral("Write a PNG strip of digits from z(A) to z(B) with the --load checkpoint's G, then exit (no training)."),
         QStringLiteral("FILE.png")},
        {QStringLiteral("interpolation-seeds"), QStringLiteral("Seeds of A and B (default 1,2)."), QStringLiteral("A,B")},
        {QStringLiteral("interpolation-steps"), QStringLiteral("Digits in the strip, A and B included (default 10, 2 to 64)."),
         QStringLiteral("N")},
        {QStringLiteral("slerp"), QStringLiteral("Spherical interpolation (the default; suits Gaussian z).")},
        {QStringLiteral("lerp"), QStringLiteral("Linear interpolation.")},
    };
}

QString readInterpolationExportOptions(const QCommandLineParser& p, InterpolationExportOptions* out)
{
    const QString exportName = QStringLiteral("export-interpolation");
    if (!p.isSet(exportName)) {
        for (const char* name : {"interpolation-seeds", "interpolation-steps", "slerp", "lerp"})
            if (p.isSet(QLatin1String(name)))
                return QStringLiteral("--%1 needs --export-interpolation FILE.png").arg(QLatin1String(name));
        return {};
    }
    InterpolationExportOptions o;
    o.path = p.value(exportName);
    if (o.path.isEmpty())
        return QStringLiteral("--export-interpolation needs a path");
    if (!o.path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        return QStringLiteral("--export-interpolation writes a PNG: the file name must end in .png (got '%1')").arg(o.path);
    if (!p.isSet(QStringLiteral("load")))
        return QStringLiteral("--export-interpolation needs --load CKPT: the generator to draw with");
    for (const char* name : {"iterations", "epochs", "save", "metrics", "out", "sample-interval"})
        if (p.isSet(QLatin1String(name)))
            return QStringLiteral("--%1 cannot be combined with --export-interpolation: exporting does not train")
                .arg(QLatin1String(name));
    if (p.isSet(QStringLiteral("slerp")) && p.isSet(QStringLiteral("lerp")))
        return QStringLiteral("give --slerp or --lerp, not both");
    o.mode = p.isSet(QStringLiteral("lerp")) ? Interpolation::Linear : Interpolation::Spherical;
    if (p.isSet(QStringLiteral("interpolation-seeds"))) {
        const QString text = p.value(QStringLiteral("interpolation-seeds"));
        const QStringList parts = text.split(QLatin1Char(','));
        bool okA = false, okB = false;
        if (parts.size() == 2) {
            o.seedA = parts[0].trimmed().toULongLong(&okA);
            o.seedB = parts[1].trimmed().toULongLong(&okB);
        }
        if (!okA || !okB)
            return QStringLiteral("--interpolation-seeds must be two whole numbers A,B (got '%1')").arg(text);
    }
    if (p.isSet(QStringLiteral("interpolation-steps"))) {
        bool ok = false;
        const QString text = p.value(QStringLiteral("interpolation-steps"));
        o.steps = text.toInt(&ok);
        if (!ok || o.steps < minSteps || o.steps > maxSteps)
            return QStringLiteral("--interpolation-steps must be a whole number from %1 to %2 (got '%3')")
                .arg(minSteps).arg(maxSteps).arg(text);
    }
    *out = o;
    return {};
}

int exportInterpolation(const HeadlessOptions& o)
{
    const InterpolationExportOptions& x = o.interpolation;
    const QFileInfo target(x.path);
    const QFileInfo dir(target.absolutePath());
    if (target.isDir() || !dir.isDir() || !dir.isWritable())
        return fail(QStringLiteral("cannot write the strip to %1").arg(x.path));
    std::unique_ptr<GanEngine> engine;
    std::vector<float> pixels;
    try {
        engine = std::make_unique<GanEngine>(loadDataSource(o.dataFolder), o.reset, o.live);
        engine->loadCheckpoint(o.loadPath.toStdString());
        const int dim = engine->resetSettings().latentDim;
        const auto z = interpolationPath(randomLatent(dim, x.seedA), randomLatent(dim, x.seedB), x.steps, x.mode);
        pixels = engine->generate(z, x.steps); // eval mode, no gradients: as the explorer draws
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    const auto& data = engine->dataset();
    const QImage strip = makeDigitGrid(pixels, x.steps, x.steps, data.rows, data.cols);
    if (!strip.save(x.path, "PNG")) {
        std::fprintf(stderr, "error: could not write %s\n", qPrintable(x.path));
        return 1;
    }
    std::printf("wrote %s: %d digits from seed %llu to seed %llu (%s), G of iteration %lld\n", qPrintable(x.path),
                x.steps, static_cast<unsigned long long>(x.seedA), static_cast<unsigned long long>(x.seedB),
                x.mode == Interpolation::Spherical ? "slerp" : "lerp", static_cast<long long>(engine->iteration()));
    std::fflush(stdout);
    return 0;
}

} // namespace gan
