// `gan-studio --headless` as a user runs it: seed-like output files, a done: line, exact
// resumption through a checkpoint, and bad arguments refused with exit status 2 and
// nothing written.

#include "app_process.h"

#include <QDir>
#include <cmath>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QStringList csvLines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

const QStringList fast{QStringLiteral("--batch-size"), QStringLiteral("16"), QStringLiteral("--device"), QStringLiteral("cpu")};

} // namespace

class TestHeadless : public QObject {
    Q_OBJECT
private slots:
    void trainsAndWritesLikeTheSeed()
    {
        QTemporaryDir dir;
        const Run r = runApp(fast + QStringList{"--iterations", "12", "--sample-interval", "5", "--log-interval", "4",
                                                "--out", dir.path(), "--metrics", dir.filePath("m.csv")});
        QCOMPARE(r.exitCode, 0);
        const QRegularExpressionMatch done =
            QRegularExpression(R"(^done: 12 iterations in ([0-9.]+) s \([0-9.]+ it/s\); training steps ([0-9.]+) s \(([0-9.]+)%\)$)",
                               QRegularExpression::MultilineOption)
                .match(r.out);
        QVERIFY2(done.hasMatch(), qPrintable(r.out));
        // The grids, the meter and the CSV rows are written between the steps, outside their time.
        QVERIFY(done.captured(2).toDouble() > 0);
        QVERIFY(done.captured(2).toDouble() <= done.captured(1).toDouble());
        QVERIFY2(done.captured(3).toDouble() < 100.0, qPrintable(done.captured(0)));
        QVERIFY(r.out.contains(QRegularExpression(R"(\[Epoch 0/1\] \[Batch 3/562\] \[D loss: [0-9.]+\] \[G loss: [0-9.]+\])")));
        QCOMPARE(r.out.count(QStringLiteral("[Epoch")), 3);
        const QStringList lines = csvLines(dir.filePath("m.csv"));
        QCOMPARE(lines.size(), 13);
        QVERIFY(lines[0].startsWith(QStringLiteral("iteration,epoch,batch,d_loss,g_loss,d_real,d_fake")));
        QVERIFY(lines[1].startsWith(QStringLiteral("1,0,0,")));
        QVERIFY(lines[12].startsWith(QStringLiteral("12,")));
        const QStringList images = QDir(dir.filePath("images")).entryList({"*.png"}, QDir::Files, QDir::Name);
        QCOMPARE(images, (QStringList{"10.png", "5.png"}));
        const QImage grid(dir.filePath("images/10.png"));
        QCOMPARE(grid.size(), QSize(152, 152)); // 5x5 digits of 28 px with 2 px borders
    }

    void metricsCarryTheTheoryColumnsAndTheMeter()
    {
        QTemporaryDir dir;
        const Run r = runApp(fast + QStringList{"--iterations", "4", "--sample-interval", "0", "--log-interval", "0",
                                                "--loss", "minimax", "--meter-interval", "2", "--metrics",
                                                dir.filePath("m.csv")});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = csvLines(dir.filePath("m.csv"));
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines[0], QStringLiteral("iteration,epoch,batch,d_loss,g_loss,d_real,d_fake,value,jsd_estimate,"
                                          "g_grad_norm,loss,class_entropy,frechet_distance"));
        for (int i = 1; i <= 4; ++i) {
            const QStringList cells = lines[i].split(QLatin1Char(','));
            QCOMPARE(cells.size(), 13);
            QCOMPARE(cells[10], QStringLiteral("minimax"));
            QVERIFY(cells[4].toDouble() < 0);                                          // log(1 - D(G(z)))
            QVERIFY(std::abs(cells[7].toDouble() + 2 * cells[3].toDouble()) < 1e-6); // V = -2 D loss
            QVERIFY(cells[9].toDouble() > 0);
            const bool reading = i == 1 || i % 2 == 0; // the first iteration, then every 2
            QCOMPARE(!cells[11].isEmpty(), reading);
            QCOMPARE(!cells[12].isEmpty(), reading);
        }
        QCOMPARE(runApp(fast + QStringList{"--iterations", "1", "--loss", "hinge"}).exitCode, 2);
    }

    void resumingThroughACheckpointMatchesAStraightRun()
    {
        QTemporaryDir dir;
        const QStringList common = fast + QStringList{"--sample-interval", "0", "--log-interval", "0"};
        QCOMPARE(runApp(common + QStringList{"--iterations", "400", "--metrics", dir.filePath("straight.csv")}).exitCode, 0);
        QCOMPARE(runApp(common + QStringList{"--iterations", "200", "--save", dir.filePath("half.ckpt")}).exitCode, 0);
        const Run resumed = runApp(QStringList{"--iterations", "200", "--sample-interval", "0", "--log-interval", "0",
                                               "--device", "cpu", "--load", dir.filePath("half.ckpt"), "--metrics",
                                               dir.filePath("resumed.csv")});
        QCOMPARE(resumed.exitCode, 0);
        const QStringList straight = csvLines(dir.filePath("straight.csv"));
        const QStringList second = csvLines(dir.filePath("resumed.csv"));
        QCOMPARE(second.size(), 201);
        QCOMPARE(second.mid(1), straight.mid(201)); // iterations 201..400, identical losses
    }

    void refusesBadArgumentsAndWritesNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("lr zero") << QStringList{"--lr-g", "0"} << "learning rate of G";
        QTest::newRow("lr nan") << QStringList{"--lr-d", "nan"} << "--lr-d must be a number";
        QTest::newRow("beta2 one") << QStringList{"--beta2", "1"} << "beta2";
        QTest::newRow("k zero") << QStringList{"--k", "0"} << "--k must be a whole number";
        QTest::newRow("batch text") << QStringList{"--batch-size", "many"} << "--batch-size";
        QTest::newRow("device") << QStringList{"--device", "tpu"} << "--device";
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "frobnicate";
        QTest::newRow("missing data") << QStringList{"--data", "/nonexistent/mnist"} << "no such folder";
        QTest::newRow("missing checkpoint") << QStringList{"--load", "/nonexistent.ckpt"} << "no such file";
        QTest::newRow("both lengths") << QStringList{"--iterations", "3", "--epochs", "1"} << "not both";
        QTest::newRow("load and batch") << QStringList{"--load", "x.ckpt", "--batch-size", "8"} << "cannot be combined";
    }

    void refusesBadArgumentsAndWritesNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const Run r = runApp(args + QStringList{"--iterations", "2", "--out", dir.filePath("out"), "--metrics", dir.filePath("m.csv")},
                             dir.path());
        QCOMPARE(r.exitCode, 2);
        const QStringList errLines = r.err.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(errLines.size(), 1);
        QVERIFY2(errLines[0].startsWith(QStringLiteral("error: ")) && errLines[0].contains(expected), qPrintable(r.err));
        QVERIFY(!r.out.contains(QStringLiteral("done:")));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
