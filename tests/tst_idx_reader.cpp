// The IDX reader: raw and gzip input, MNIST folders, and a clear refusal of every kind
// of broken or hostile file, without allocating what a header merely claims.

#include "engine/digit_dataset.h"
#include "training/data_sources.h"

#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <fstream>

using namespace gan;

namespace {

std::string be32(std::uint32_t v)
{
    return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string imagesFile(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, std::size_t payload)
{
    return be32(0x803) + be32(count) + be32(rows) + be32(cols) + std::string(payload, char(7));
}

std::string labelsFile(std::uint32_t count, std::size_t payload, char label = 3)
{
    return be32(0x801) + be32(count) + std::string(payload, label);
}

std::string gzip(const std::string& raw)
{
    z_stream zs{};
    deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, raw.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    zs.avail_in = raw.size();
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = out.size();
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

void writeFile(const QString& path, const std::string& bytes)
{
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

QString refusal(const std::string& images, const std::string& labels)
{
    try {
        parseIdxPair(images, labels, "test");
    } catch (const DatasetError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestIdxReader : public QObject {
    Q_OBJECT
private slots:
    void readsRawAndGzip()
    {
        const auto images = imagesFile(3, 28, 28, 3 * 784);
        const auto labels = labelsFile(3, 3);
        const auto raw = parseIdxPair(images, labels, "raw");
        QCOMPARE(raw.count, 3);
        QCOMPARE(raw.rows, 28);
        QCOMPARE(raw.pixels.size(), std::size_t(3 * 784));
        QCOMPARE(int(raw.labels[2]), 3);
        const auto gz = parseIdxPair(gzip(images), gzip(labels), "gz");
        QVERIFY(gz.pixels == raw.pixels);
        QVERIFY(gz.labels == raw.labels);
    }

    void refusesBrokenFiles_data()
    {
        QTest::addColumn<QByteArray>("images");
        QTest::addColumn<QByteArray>("labels");
        QTest::addColumn<QString>("expected");
        auto add = [](const char* name, const std::string& i, const std::string& l, const char* expected) {
            QTest::newRow(name) << QByteArray::fromStdString(i) << QByteArray::fromStdString(l) << QString(expected);
        };
        add("empty images", "", labelsFile(1, 1), "too short");
        add("short header", std::string(10, '\0'), labelsFile(1, 1), "too short");
        add("wrong image magic", be32(0x804) + be32(1) + be32(28) + be32(28) + std::string(784, 0), labelsFile(1, 1),
            "wrong magic");
        add("labels as images", labelsFile(20, 20), labelsFile(1, 1), "wrong magic");
        add("wrong label magic", imagesFile(1, 28, 28, 784), be32(0x803) + be32(1) + "x", "wrong magic");
        add("truncated images", imagesFile(10, 28, 28, 5 * 784), labelsFile(10, 10), "truncated");
        add("truncated labels", imagesFile(10, 28, 28, 10 * 784), labelsFile(10, 4), "truncated");
        add("trailing bytes", imagesFile(1, 28, 28, 785), labelsFile(1, 1), "promises");
        add("counts disagree", imagesFile(2, 28, 28, 2 * 784), labelsFile(3, 3), "disagree");
        add("zero images", imagesFile(0, 28, 28, 0), labelsFile(0, 0), "no images");
        add("billions claimed", imagesFile(4000000000u, 28, 28, 784), labelsFile(4000000000u, 1), "claims");
        add("zero size", imagesFile(1, 0, 28, 0), labelsFile(1, 1), "image size");
        add("enormous size", imagesFile(1, 100000, 100000, 16), labelsFile(1, 1), "image size");
        add("label out of range", imagesFile(1, 28, 28, 784), labelsFile(1, 1, 42), "not a digit class");
        add("corrupt gzip", gzip(imagesFile(1, 28, 28, 784)).substr(0, 20) + std::string(40, 'x'), labelsFile(1, 1), "gzip");
        add("truncated gzip", gzip(imagesFile(50, 28, 28, 50 * 784)).substr(0, 40), labelsFile(50, 50), "gzip");
    }

    void refusesBrokenFiles()
    {
        QFETCH(QByteArray, images);
        QFETCH(QByteArray, labels);
        QFETCH(QString, expected);
        const QString why = refusal(images.toStdString(), labels.toStdString());
        QVERIFY2(!why.isEmpty(), "the broken input was accepted");
        QVERIFY2(why.contains(expected), qPrintable(why));
    }

    void refusesAGzipBomb()
    {
        // 600 MiB of zeros compress to under 1 MiB; the reader stops at its limit.
        std::string bomb;
        {
            z_stream zs{};
            deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
            std::string zeros(1 << 20, '\0'), out(1 << 20, '\0');
            for (int i = 0; i < 600; ++i) {
                zs.next_in = reinterpret_cast<Bytef*>(zeros.data());
                zs.avail_in = zeros.size();
                do {
                    zs.next_out = reinterpret_cast<Bytef*>(out.data());
                    zs.avail_out = out.size();
                    deflate(&zs, i == 599 ? Z_FINISH : Z_NO_FLUSH);
                    bomb.append(out.data(), out.size() - zs.avail_out);
                } while (zs.avail_out == 0);
            }
            deflateEnd(&zs);
        }
        QVERIFY(refusal(bomb, labelsFile(1, 1)).contains("512 MiB"));
    }

    void readsFoldersRawGzAndTorchvisionLayout()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        writeFile(root + "/train-images-idx3-ubyte.gz", gzip(imagesFile(4, 28, 28, 4 * 784)));
        writeFile(root + "/train-labels-idx1-ubyte", labelsFile(4, 4));
        QCOMPARE(loadIdxFolder(root.toStdString()).count, 4);

        QTemporaryDir tv;
        QDir().mkpath(tv.path() + "/MNIST/raw");
        writeFile(tv.path() + "/MNIST/raw/train-images-idx3-ubyte", imagesFile(2, 28, 28, 2 * 784));
        writeFile(tv.path() + "/MNIST/raw/train-labels-idx1-ubyte", labelsFile(2, 2));
        QCOMPARE(loadDataSource(tv.path()).count, 2);
    }

    void refusesBadFolders()
    {
        QTemporaryDir dir;
        auto message = [](const QString& path) {
            try {
                loadIdxFolder(path.toStdString());
            } catch (const DatasetError& e) {
                return QString::fromStdString(e.what());
            }
            return QString();
        };
        QVERIFY(message(dir.path() + "/missing").contains("no such folder"));
        QVERIFY(message(dir.path()).contains("no train-images"));
        writeFile(dir.path() + "/file", "x");
        QVERIFY(message(dir.path() + "/file").contains("is a file"));
        writeFile(dir.path() + "/train-images-idx3-ubyte", imagesFile(4, 28, 28, 4 * 784));
        QVERIFY(message(dir.path()).contains("no train-labels"));
        QDir().mkpath(dir.path() + "/train-labels-idx1-ubyte");
        QVERIFY(message(dir.path()).contains("no train-labels")); // a folder is not a file
    }

    void embeddedDigitsAreRealMnist()
    {
        const auto train = loadDataSource({});
        QCOMPARE(train.count, 9000);
        QCOMPARE(train.rows, 28);
        QCOMPARE(train.cols, 28);
        const auto test = loadEmbeddedTestSplit();
        QCOMPARE(test.count, 1000);
        int perClass[10] = {};
        for (auto l : train.labels)
            ++perClass[l];
        for (int c = 0; c < 10; ++c)
            QVERIFY2(perClass[c] > 700 && perClass[c] < 1100, qPrintable(QString::number(perClass[c])));
        // Digits are mostly background with bright strokes, like MNIST (mean ~0.13).
        double mean = 0;
        for (auto p : train.pixels)
            mean += p / 255.0;
        mean /= train.pixels.size();
        QVERIFY2(mean > 0.1 && mean < 0.16, qPrintable(QString::number(mean)));
    }
};

QTEST_GUILESS_MAIN(TestIdxReader)
#include "tst_idx_reader.moc"
