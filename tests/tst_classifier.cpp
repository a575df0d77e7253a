// The mode-collapse meter's digit classifier as shipped (the embedded weights) and the
// meter itself: held-out accuracy, the weights file, and readings on known digit sets.

#include "data_sources.h"
#include "mode_collapse_meter.h"

#include <QFile>
#include <QTest>

#include <cmath>
#include <functional>
#include <thread>

using namespace gan;

namespace {

// count images of the data set as floats in [-1, 1], taken from the given indices.
std::vector<float> asImages(const DigitDataset& d, const std::vector<int>& indices)
{
    std::vector<float> out;
    out.reserve(indices.size() * d.pixelsPerImage());
    for (int i : indices)
        for (int p = 0; p < d.pixelsPerImage(); ++p)
            out.push_back(d.pixels[std::size_t(i) * d.pixelsPerImage() + p] / 127.5f - 1.0f);
    return out;
}

} // namespace

class ClassifierTest : public QObject {
    Q_OBJECT

private slots:
    void shippedWeightsAreSmall()
    {
        QFile f(QStringLiteral(":/classifier/mnist-classifier.bin"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(f.size() < 300 * 1024, qPrintable(QString::number(f.size())));
        const QByteArray bytes = f.readAll();
        const DigitClassifier c = DigitClassifier::fromBytes(std::string_view(bytes.constData(), bytes.size()));
        QCOMPARE(QByteArray::fromStdString(c.toBytes()), bytes); // float16 round trip is exact
        QVERIFY_THROWS_EXCEPTION(ClassifierError, DigitClassifier::fromBytes("not weights"));
        QVERIFY_THROWS_EXCEPTION(ClassifierError,
                                 DigitClassifier::fromBytes(std::string_view(bytes.constData(), bytes.size() / 2)));
    }

    void heldOutAccuracyIsAtLeast97Percent()
    {
        const DigitClassifier c = ModeCollapseMeter::loadEmbeddedClassifier();
        const DigitDataset test = loadEmbeddedTestSplit();
        QCOMPARE(test.count, 1000);
        const double accuracy = c.accuracy(test);
        qInfo("digit classifier: held-out accuracy %.1f%% on %d embedded test digits", 100 * accuracy, test.count);
        QVERIFY2(accuracy >= 0.97, qPrintable(QString::number(accuracy)));
    }

    void labelsDoNotDependOnTheThreadsThatRunTheBlocks()
    {
        const DigitClassifier c = ModeCollapseMeter::loadEmbeddedClassifier();
        const DigitDataset test = loadEmbeddedTestSplit();
        std::vector<int> some(700); // two full blocks of 250 and one of 200
        for (int i = 0; i < 700; ++i)
            some[i] = i;
        const std::vector<float> images = asImages(test, some);
        const DigitClassifier::Result alone = c.classify(images.data(), 700);
        QCOMPARE(int(alone.labels.size()), 700);
        QCOMPARE(int(alone.features.size()), 700 * DigitClassifier::featureDim);
        // Each block on its own thread, the last started first.
        int blocksRun = 0;
        const DigitClassifier::Result threaded =
            c.classify(images.data(), 700, [&](int blocks, const std::function<void(int)>& block) {
                std::vector<std::thread> threads;
                for (int b = blocks - 1; b >= 0; --b)
                    threads.emplace_back(block, b);
                for (auto& t : threads)
                    t.join();
                blocksRun = blocks;
            });
        QCOMPARE(blocksRun, 3);
        QVERIFY(threaded.labels == alone.labels);
        QVERIFY(threaded.features == alone.features);
    }

    void meterSeesRealDigitsAsDiverse()
    {
        ModeCollapseMeter meter;
        meter.setData(loadDataSource(QString()));
        QVERIFY2(meter.available(), qPrintable(meter.unavailableReason()));
        const DigitDataset test = loadEmbeddedTestSplit();
        std::vector<int> all(1000);
        for (int i = 0; i < 1000; ++i)
            all[i] = i;
        const MeterReading r = meter.measureImages(asImages(test, all), 1000, 7);
        QVERIFY(r.available);
        QCOMPARE(r.iteration, qint64(7));
        QCOMPARE(r.samples, 1000);
        int total = 0;
        for (int c : r.classCounts) {
            QVERIFY(c > 50); // every digit shows up
            total += c;
        }
        QCOMPARE(total, 1000);
        QVERIFY2(r.entropy > 2.2 && r.entropy <= std::log(10.0) + 1e-9, qPrintable(QString::number(r.entropy)));
        // Held-out real digits against training digits: close in feature space.
        QVERIFY2(r.frechet >= 0 && r.frechet < 10, qPrintable(QString::number(r.frechet)));
        qInfo("real vs real: entropy %.3f, Fréchet distance %.2f", r.entropy, r.frechet);

        // One digit repeated (complete mode collapse): entropy 0, a far larger distance.
        std::vector<int> ones;
        for (int i = 0; i < 1000 && int(ones.size()) < 300; ++i)
            if (test.labels[i] == 1)
                ones.push_back(i);
        const int n = int(ones.size());
        const MeterReading collapsed = meter.measureImages(asImages(test, ones), n, 8);
        QVERIFY(collapsed.available);
        QVERIFY2(collapsed.entropy < 0.2, qPrintable(QString::number(collapsed.entropy)));
        QVERIFY2(collapsed.frechet > 5 * std::max(r.frechet, 1.0), qPrintable(QString::number(collapsed.frechet)));

        // A G with NaN weights (a loaded checkpoint that diverged) draws NaN pixels: no
        // reading, with the reason, rather than a histogram of arbitrary labels.
        std::vector<float> broken = asImages(test, all);
        broken[784 * 500 + 300] = std::nanf("");
        const MeterReading none = meter.measureImages(broken, 1000, 9);
        QVERIFY(!none.available);
        QVERIFY2(none.reason.contains(QStringLiteral("NaN")), qPrintable(none.reason));
        QCOMPARE(none.iteration, qint64(9));
    }

    void meterRefusesDataItDoesNotKnow()
    {
        // Digits whose labels it cannot predict (as with Fashion-MNIST): not available.
        DigitDataset shuffled = loadEmbeddedTestSplit();
        for (int i = 0; i < shuffled.count; ++i)
            shuffled.labels[i] = std::uint8_t((shuffled.labels[i] + 3) % 10);
        ModeCollapseMeter meter;
        meter.setData(shuffled);
        QVERIFY(!meter.available());
        QVERIFY2(meter.unavailableReason().contains(QStringLiteral("Not available for this data set")),
                 qPrintable(meter.unavailableReason()));
        const MeterReading r = meter.measureImages(std::vector<float>(784, 0.0f), 1, 3);
        QVERIFY(!r.available);
        QVERIFY(!r.reason.isEmpty());

        DigitDataset small;
        small.count = 4;
        small.rows = small.cols = 14;
        small.pixels.assign(4 * 14 * 14, 0);
        small.labels.assign(4, 0);
        meter.setData(small);
        QVERIFY(!meter.available());
        QVERIFY(meter.unavailableReason().contains(QStringLiteral("28")));
    }
};

QTEST_MAIN(ClassifierTest)
#include "tst_classifier.moc"
