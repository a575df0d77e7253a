#include "headless_options.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cmath>

namespace gan {
namespace {

bool toInt(const QString& text, qint64 lo, qint64 hi, qint64* out)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool toDouble(const QString& text, double* out)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return false;
    *out = v;
    return true;
}

} // namespace

ParsedHeadless parseHeadlessOptions(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("GAN Studio, headless: trains the seed's GAN and writes results like the seed does."));
    p.addHelpOption();
    const QCommandLineOption headless(QStringLiteral("headless"), QStringLiteral("Train without a window."));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("MNIST-format folder (default: the embedded digits)."), QStringLiteral("DIR"));
    const QCommandLineOption iterations(QStringLiteral("iterations"), QStringLiteral("Iterations to run (default: --epochs)."), QStringLiteral("N"));
    const QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("Epochs to run (default 50, the seed's)."), QStringLiteral("E"));
    const QCommandLineOption batch(QStringLiteral("batch-size"), QStringLiteral("Batch size (default 64)."), QStringLiteral("B"));
    const QCommandLineOption latent(QStringLiteral("latent-dim"), QStringLiteral("Latent size (default 100)."), QStringLiteral("D"));
    const QCommandLineOption k(QStringLiteral("k"), QStringLiteral("D steps per iteration (default 1)."), QStringLiteral("K"));
    const QCommandLineOption gSteps(QStringLiteral("g-steps"), QStringLiteral("G steps per iteration (default 1)."), QStringLiteral("N"));
    const QCommandLineOption lrG(QStringLiteral("lr-g"), QStringLiteral("Adam learning rate of G (default 0.0002)."), QStringLiteral("LR"));
    const QCommandLineOption lrD(QStringLiteral("lr-d"), QStringLiteral("Adam learning rate of D (default 0.0002)."), QStringLiteral("LR"));
    const QCommandLineOption beta1(QStringLiteral("beta1"), QStringLiteral("Adam beta1 (default 0.5)."), QStringLiteral("B1"));
    const QCommandLineOption beta2(QStringLiteral("beta2"), QStringLiteral("Adam beta2 (default 0.999)."), QStringLiteral("B2"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("S"));
    const QCommandLineOption bnEps(QStringLiteral("bn-eps"), QStringLiteral("BatchNorm eps in G (default 0.8, the seed's quirk)."), QStringLiteral("EPS"));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda (default auto)."), QStringLiteral("DEV"));
    const QCommandLineOption sample(QStringLiteral("sample-interval"), QStringLiteral("Write OUT/images/<iteration>.png every N iterations (default 400; 0: never)."), QStringLiteral("N"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output folder (default: the current folder)."), QStringLiteral("DIR"));
    const QCommandLineOption metrics(QStringLiteral("metrics"), QStringLiteral("Write per-iteration metrics as CSV."), QStringLiteral("FILE"));
    const QCommandLineOption save(QStringLiteral("save"), QStringLiteral("Save a checkpoint at the end."), QStringLiteral("FILE"));
    const QCommandLineOption load(QStringLiteral("load"), QStringLiteral("Resume from a checkpoint."), QStringLiteral("FILE"));
    const QCommandLineOption log(QStringLiteral("log-interval"), QStringLiteral("Print a seed-style line every N iterations (default 1; 0: never)."), QStringLiteral("N"));
    const QCommandLineOption loss(QStringLiteral("loss"), QStringLiteral("non-saturating (default, the seed's), minimax (the paper's) or least-squares (LSGAN)."), QStringLiteral("LOSS"));
    const QCommandLineOption meter(QStringLiteral("meter-interval"), QStringLiteral("Mode-collapse meter reading every N iterations, into the metrics CSV (default 0: none)."), QStringLiteral("N"));
    p.addOptions({headless, data, iterations, epochs, batch, latent, k, gSteps, lrG, lrD, beta1, beta2, seed, bnEps, device,
                  sample, out, metrics, save, load, log});
    p.addOptions({loss, meter});
    const QCommandLineOption autosave(QStringLiteral("autosave-interval"),
                                      QStringLiteral("Also save the --save checkpoint every N iterations (default 0: only at the end)."),
                                      QStringLiteral("N"));
    p.addOption(autosave);
    p.addOptions(interpolationExportOptions());

    ParsedHeadless result;
    if (!p.parse(arguments)) {
        result.error = p.errorText();
        return result;
    }
    if (p.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << p.helpText();
        result.helpShown = true;
        return result;
    }
    if (!p.positionalArguments().isEmpty()) {
        result.error = QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first());
        return result;
    }

    HeadlessOptions o;
    auto fail = [&](const QString& why) {
        result.error = why;
        return result;
    };
    auto intOption = [&](const QCommandLineOption& opt, qint64 lo, qint64 hi, auto* target) {
        if (!p.isSet(opt))
            return true;
        qint64 v = 0;
        if (!toInt(p.value(opt), lo, hi, &v)) {
            result.error = QStringLiteral("--%1 must be a whole number from %2 to %3 (got '%4')")
                               .arg(opt.names().first()).arg(lo).arg(hi).arg(p.value(opt));
            return false;
        }
        *target = static_cast<std::remove_pointer_t<decltype(target)>>(v);
        return true;
    };
    auto doubleOption = [&](const QCommandLineOption& opt, double* target) {
        if (!p.isSet(opt))
            return true;
        if (!toDouble(p.value(opt), target)) {
            result.error = QStringLiteral("--%1 must be a number (got '%2')").arg(opt.names().first(), p.value(opt));
            return false;
        }
        return true;
    };
    qint64 seedValue = static_cast<qint64>(o.reset.seed);
    if (!intOption(iterations, 1, 1'000'000'000, &o.iterations) || !intOption(epochs, 1, 100'000, &o.epochs)
        || !intOption(batch, limits::batchMin, limits::batchMax, &o.reset.batchSize)
        || !intOption(latent, limits::latentMin, limits::latentMax, &o.reset.latentDim)
        || !intOption(k, limits::kMin, limits::kMax, &o.live.k)
        || !intOption(gSteps, limits::gStepsMin, limits::gStepsMax, &o.live.gSteps)
        || !intOption(seed, 0, std::numeric_limits<qint64>::max(), &seedValue)
        || !intOption(sample, 0, 1'000'000'000, &o.sampleInterval) || !intOption(log, 0, 1'000'000'000, &o.logInterval)
        || !intOption(meter, 0, 1'000'000'000, &o.meterInterval)
        || !intOption(autosave, 0, 1'000'000'000, &o.autosaveInterval)
        || !doubleOption(lrG, &o.live.lrG) || !doubleOption(lrD, &o.live.lrD) || !doubleOption(beta1, &o.live.beta1)
        || !doubleOption(beta2, &o.live.beta2) || !doubleOption(bnEps, &o.reset.bnEps))
        return result;
    o.reset.seed = static_cast<std::uint64_t>(seedValue);
    if (p.isSet(iterations) && p.isSet(epochs))
        return fail(QStringLiteral("give --iterations or --epochs, not both"));
    if (p.isSet(device) && !parseDevicePreference(p.value(device).toStdString(), &o.reset.device))
        return fail(QStringLiteral("--device must be auto, cpu or cuda (got '%1')").arg(p.value(device)));
    if (p.isSet(loss) && !parseGanLoss(p.value(loss).toStdString(), &o.live.loss))
        return fail(QStringLiteral("--loss must be non-saturating, minimax or least-squares (got '%1')").arg(p.value(loss)));
    if (auto why = validate(o.live); !why.empty())
        return fail(QString::fromStdString(why));
    if (auto why = validate(o.reset); !why.empty())
        return fail(QString::fromStdString(why));
    if (p.isSet(load)) {
        for (const auto* opt : {&batch, &latent, &seed, &bnEps}) {
            if (p.isSet(*opt))
                return fail(QStringLiteral("--%1 cannot be combined with --load: a resumed run keeps its checkpoint's")
                                .arg(opt->names().first()));
        }
    }
    for (const auto* opt : {&k, &gSteps, &lrG, &lrD, &beta1, &beta2, &loss})
        if (p.isSet(*opt))
            o.liveOptionsGiven << opt->names().first();
    for (const auto* opt : {&data, &out, &metrics, &save, &load}) {
        if (p.isSet(*opt) && p.value(*opt).isEmpty())
            return fail(QStringLiteral("--%1 needs a path").arg(opt->names().first()));
    }
    if (o.autosaveInterval > 0 && !p.isSet(save))
        return fail(QStringLiteral("--autosave-interval needs --save FILE (the checkpoint it keeps up to date)"));
    if (auto why = readInterpolationExportOptions(p, &o.interpolation); !why.isEmpty())
        return fail(why);
    o.dataFolder = p.value(data);
    if (p.isSet(out))
        o.outDir = p.value(out);
    o.metricsPath = p.value(metrics);
    o.savePath = p.value(save);
    o.loadPath = p.value(load);
    result.options = o;
    return result;
}

} // namespace gan
