// gan-train-classifier: trains the mode-collapse meter's digit classifier on the embedded
// training digits, reports its accuracy on the held-out 1,000, and writes the compact
// weights file that the app embeds (only when the held-out accuracy reaches 97%).
//
//   gan-train-classifier [--out FILE] [--epochs N] [--seed N] [--shift PIXELS]

#include "data_sources.h"
#include "engine/digit_classifier.h"
#include "engine/process_tuning.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QDir>
#include <QSaveFile>
#include <QStringList>

#include <cstdio>

namespace {

constexpr double requiredAccuracy = 0.97;

int usage(const char* error)
{
    std::fprintf(stderr, "error: %s\nusage: gan-train-classifier [--out FILE] [--epochs N] [--seed N] [--shift PIXELS]\n",
                 error);
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    gan::tuneProcessForTraining();
    QCoreApplication app(argc, argv);
    QString out = QStringLiteral(GAN_STUDIO_CLASSIFIER_FILE);
    gan::ClassifierTraining options;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            std::printf("usage: gan-train-classifier [--out FILE] [--epochs N] [--seed N] [--shift PIXELS]\n"
                        "Trains the digit classifier on the embedded 9,000 training digits and writes its\n"
                        "weights (default %s) when its accuracy on the held-out 1,000 is at least 97%%.\n",
                        GAN_STUDIO_CLASSIFIER_FILE);
            return 0;
        }
        if (i + 1 >= args.size())
            return usage("an option is missing its value");
        const QString v = args[++i];
        bool ok = true;
        if (a == QLatin1String("--out")) out = v;
        else if (a == QLatin1String("--epochs")) options.epochs = v.toInt(&ok);
        else if (a == QLatin1String("--seed")) options.seed = v.toULongLong(&ok);
        else if (a == QLatin1String("--shift")) options.maxShift = v.toInt(&ok);
        else return usage("unknown option");
        if (!ok || options.epochs < 1 || options.epochs > 200 || options.maxShift < 0 || options.maxShift > 6)
            return usage("bad option value");
    }

    try {
        const gan::DigitDataset train = gan::loadDataSource(QString());
        const gan::DigitDataset test = gan::loadEmbeddedTestSplit();
        gan::DigitClassifier classifier(options.seed);
        std::printf("training on %d digits, testing on %d held-out digits; %lld parameters\n", train.count, test.count,
                    static_cast<long long>(classifier.parameterCount()));
        std::fflush(stdout);
        QElapsedTimer clock;
        clock.start();
        options.progress = [&](int epoch, double loss, double accuracy) {
            std::printf("epoch %2d/%d  loss %.4f  held-out accuracy %.2f%%  (%.0f s)\n", epoch, options.epochs, loss,
                        100 * accuracy, clock.elapsed() / 1000.0);
            std::fflush(stdout);
        };
        classifier.train(train, test, options);
        // What ships is float16: measure that, not the float32 network.
        const std::string bytes = classifier.toBytes();
        const double accuracy = gan::DigitClassifier::fromBytes(bytes).accuracy(test);
        std::printf("held-out accuracy with float16 weights: %.2f%% (%zu bytes)\n", 100 * accuracy, bytes.size());
        if (accuracy < requiredAccuracy) {
            std::fprintf(stderr, "error: held-out accuracy %.2f%% is below 97%%; nothing written\n", 100 * accuracy);
            return 1;
        }
        QDir().mkpath(QFileInfo(out).absolutePath());
        QSaveFile file(out);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size())
            || !file.commit()) {
            std::fprintf(stderr, "error: cannot write %s\n", qPrintable(out));
            return 1;
        }
        std::printf("wrote %s\n", qPrintable(out));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
