// The real binary fed what a careless or hostile user might type or leave lying around:
// numbers out of their meaning, overflowing, NaN and infinite; files where folders belong
// and the reverse; junk, truncated and forged data and checkpoints. Each is refused with
// exit status 2, one `error:` line and nothing written. A run pushed to divergence stops
// with status 1 and an explanation; an autosaving run killed at any moment resumes.

#include "app_process.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <csignal>

namespace {

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

const QStringList fast{QStringLiteral("--batch-size"), QStringLiteral("16"), QStringLiteral("--device"), QStringLiteral("cpu"),
                       QStringLiteral("--sample-interval"), QStringLiteral("0"), QStringLiteral("--log-interval"), QStringLiteral("0")};

} // namespace

class TestHeadlessReliability : public QObject {
    Q_OBJECT
    QTemporaryDir m_inputs; // prepared once: broken data folders and checkpoints
    QStringList m_prepared;

private slots:
    void initTestCase()
    {
        const QString dir = m_inputs.path();
        QDir(dir).mkdir(QStringLiteral("empty"));
        QDir(dir).mkdir(QStringLiteral("junk-idx"));
        QDir(dir).mkdir(QStringLiteral("cut-idx"));
        writeFile(m_inputs.filePath("junk.ckpt"), "PK\x03\x04 not a checkpoint at all");
        writeFile(m_inputs.filePath("junk-idx/train-images-idx3-ubyte"), QByteArray(64, 'x'));
        writeFile(m_inputs.filePath("junk-idx/train-labels-idx1-ubyte"), QByteArray(16, 'y'));
        const QByteArray header = QByteArray::fromHex("00000803000003e80000001c0000001c"); // 1,000 images of 28x28
        writeFile(m_inputs.filePath("cut-idx/train-images-idx3-ubyte"), header + QByteArray(5000, '\x10'));
        writeFile(m_inputs.filePath("cut-idx/train-labels-idx1-ubyte"), QByteArray::fromHex("00000801000003e8") + QByteArray(1000, '\x01'));
        // A real checkpoint, cut short and with one byte changed.
        QCOMPARE(runApp(fast + QStringList{"--iterations", "1", "--save", m_inputs.filePath("good.ckpt")}, dir).exitCode, 0);
        QFile good(m_inputs.filePath("good.ckpt"));
        QVERIFY(good.open(QIODevice::ReadOnly));
        QByteArray bytes = good.readAll();
        writeFile(m_inputs.filePath("cut.ckpt"), bytes.left(bytes.size() / 3));
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x40);
        writeFile(m_inputs.filePath("damaged.ckpt"), bytes);
        m_prepared = entries(dir);
    }

    void refusesHostileInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        // Numbers outside their meaning. (@ stands for the test's folder of prepared inputs.)
        QTest::newRow("lr infinite") << QStringList{"--lr-g", "inf"} << "--lr-g must be a number";
        QTest::newRow("lr overflowing") << QStringList{"--lr-d", "1e400"} << "--lr-d must be a number";
        QTest::newRow("lr negative") << QStringList{"--lr-g", "-1e-3"} << "learning rate of G";
        QTest::newRow("lr above one") << QStringList{"--lr-d", "2"} << "learning rate of D";
        QTest::newRow("beta1 negative") << QStringList{"--beta1", "-0.1"} << "beta1";
        QTest::newRow("beta1 nan") << QStringList{"--beta1", "NaN"} << "--beta1 must be a number";
        QTest::newRow("beta2 above one") << QStringList{"--beta2", "1.5"} << "beta2";
        QTest::newRow("k negative") << QStringList{"--k", "-3"} << "--k must be a whole number";
        QTest::newRow("k overflowing") << QStringList{"--k", "99999999999999999999"} << "--k must be a whole number";
        QTest::newRow("k fractional") << QStringList{"--k", "1.5"} << "--k must be a whole number";
        QTest::newRow("g steps zero") << QStringList{"--g-steps", "0"} << "--g-steps";
        QTest::newRow("iterations zero") << QStringList{"--iterations", "0"} << "--iterations";
        QTest::newRow("epochs negative") << QStringList{"--epochs", "-2"} << "--epochs";
        QTest::newRow("batch zero") << QStringList{"--batch-size", "0"} << "--batch-size";
        QTest::newRow("batch huge") << QStringList{"--batch-size", "4294967296"} << "--batch-size";
        QTest::newRow("latent huge") << QStringList{"--latent-dim", "100000"} << "--latent-dim";
        QTest::newRow("seed negative") << QStringList{"--seed", "-1"} << "--seed";
        QTest::newRow("eps zero") << QStringList{"--bn-eps", "0"} << "BatchNorm eps";
        QTest::newRow("eps infinite") << QStringList{"--bn-eps", "inf"} << "--bn-eps must be a number";
        QTest::newRow("sample interval negative") << QStringList{"--sample-interval", "-1"} << "--sample-interval";
        QTest::newRow("autosave without save") << QStringList{"--autosave-interval", "10"} << "needs --save";
        QTest::newRow("autosave negative") << QStringList{"--autosave-interval", "-1"} << "--autosave-interval";
        QTest::newRow("empty path") << QStringList{"--load", ""} << "--load needs a path";
        // Paths of the wrong kind, and broken files.
        QTest::newRow("data is a file") << QStringList{"--data", "@/junk.ckpt"} << "is a file";
        QTest::newRow("data without digits") << QStringList{"--data", "@/empty"} << "no train-images";
        QTest::newRow("data of junk") << QStringList{"--data", "@/junk-idx"} << "wrong magic number";
        QTest::newRow("data truncated") << QStringList{"--data", "@/cut-idx"} << "truncated";
        QTest::newRow("load a folder") << QStringList{"--load", "@/empty"} << "is not a file";
        QTest::newRow("load junk") << QStringList{"--load", "@/junk.ckpt"} << "not a GAN Studio checkpoint";
        QTest::newRow("load truncated") << QStringList{"--load", "@/cut.ckpt"} << "not a GAN Studio checkpoint";
        QTest::newRow("load damaged") << QStringList{"--load", "@/damaged.ckpt"} << "damaged";
        QTest::newRow("save over a folder") << QStringList{"--save", "@/empty"} << "cannot write the checkpoint";
        QTest::newRow("metrics into a folder") << QStringList{"--metrics", "@/empty"} << "cannot write the metrics";
        QTest::newRow("out is a file") << QStringList{"--sample-interval", "5", "--out", "@/junk.ckpt"} << "is a file";
    }

    void refusesHostileInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        for (QString& a : args)
            a.replace(QLatin1Char('@'), m_inputs.path());
        // Outputs a run would write, unless the row gives that option itself (the last one wins).
        QTemporaryDir work;
        QStringList all = args;
        for (const auto& [option, value] : {std::pair{"--iterations", QStringLiteral("2")}, {"--out", work.filePath("out")},
                                            {"--metrics", work.filePath("m.csv")}})
            if (!args.contains(QLatin1String(option)))
                all << QLatin1String(option) << value;
        const Run r = runApp(all, work.path());
        QCOMPARE(r.exitCode, 2);
        const QStringList errLines = r.err.trimmed().split(QLatin1Char('\n'));
        QVERIFY2(errLines.size() == 1 && errLines[0].startsWith(QStringLiteral("error: ")) && errLines[0].contains(expected),
                 qPrintable(r.err));
        QCOMPARE(entries(work.path()), QStringList());
        QCOMPARE(entries(m_inputs.path()), m_prepared);
    }

    void windowRefusesHostileArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("iterations negative") << QStringList{"--iterations", "-1"};
        QTest::newRow("iterations overflowing") << QStringList{"--iterations", "1e99"};
        QTest::newRow("autosave text") << QStringList{"--autosave-interval", "often"};
        QTest::newRow("autosave negative") << QStringList{"--autosave-interval", "-60"};
        QTest::newRow("log interval overflowing") << QStringList{"--log-interval", "99999999999"};
        QTest::newRow("device") << QStringList{"--device", "quantum"};
    }

    void windowRefusesHostileArguments()
    {
        QFETCH(QStringList, args);
        QTemporaryDir work;
        const Run r = runApp(args, work.path(), /*headless=*/false);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.trimmed().split(QLatin1Char('\n')).size() == 1 && r.err.startsWith(QStringLiteral("error: ")),
                 qPrintable(r.err));
    }

    void divergingRunStopsWithAnExplanation()
    {
        QTemporaryDir work;
        const Run r = runApp(fast + QStringList{"--lr-g", "1", "--lr-d", "1", "--k", "10", "--iterations", "300"}, work.path());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("error: Training diverged at iteration")) && r.err.contains(QStringLiteral("saturated"))
                     && r.err.trimmed().split(QLatin1Char('\n')).size() == 1,
                 qPrintable(r.err));
        QVERIFY(!r.out.contains(QStringLiteral("done:")));
    }

    void aFailingGpuHandsTheRunToTheCpuWithNothingLost()
    {
        QTemporaryDir work;
        const QString straight = work.filePath("straight.csv"), failed = work.filePath("failed.csv");
        const Run a = runApp(fast + QStringList{"--iterations", "12", "--metrics", straight}, work.path());
        QCOMPARE(a.exitCode, 0);
        qputenv("GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT", "5"); // the engine's fault seam
        const Run b = runApp(fast + QStringList{"--iterations", "12", "--metrics", failed}, work.path());
        qunsetenv("GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT");
        QCOMPARE(b.exitCode, 0);
        QVERIFY2(b.err.startsWith(QStringLiteral("warning: ")) && b.err.contains(QStringLiteral("continuing on the CPU from iteration 4")),
                 qPrintable(b.err));
        QVERIFY(b.out.contains(QStringLiteral("done: 12 iterations")));
        QFile x(straight), y(failed);
        QVERIFY(x.open(QIODevice::ReadOnly) && y.open(QIODevice::ReadOnly));
        const QByteArray expected = x.readAll();
        QCOMPARE(expected.count('\n'), 13); // header and 12 iterations
        QCOMPARE(y.readAll(), expected);     // the same losses, iteration for iteration
    }

    void autosavingRunKilledAtAnyMomentResumes()
    {
        QTemporaryDir work;
        const QString ckpt = work.filePath("run.ckpt");
        QProcess p;
        p.start(QStringLiteral(GAN_STUDIO_BIN), QStringList{"--headless"} + fast
                    + QStringList{"--iterations", "100000", "--autosave-interval", "5", "--save", ckpt});
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ckpt), 120000);
        // Kill it in the middle of its next save (its temporary file is there): the file stays loadable.
        // The temporary file lives for milliseconds, so look every half millisecond (QTRY's 50 ms
        // polls once missed every save for its whole timeout).
        QElapsedTimer clock;
        clock.start();
        bool saving = false;
        while (!saving && clock.elapsed() < 120000) {
            saving = !QDir(work.path()).entryList({"run.ckpt.partial-*"}, QDir::Files).isEmpty();
            if (!saving)
                QThread::usleep(500);
        }
        QVERIFY2(saving, qPrintable(QStringLiteral("no save in progress seen in %1 ms").arg(clock.elapsed())));
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished());
        const Run resumed = runApp(QStringList{"--device", "cpu", "--load", ckpt, "--iterations", "3", "--sample-interval", "0",
                                               "--log-interval", "0"},
                                   work.path());
        QVERIFY2(resumed.exitCode == 0 && resumed.out.contains(QStringLiteral("done: 3 iterations")), qPrintable(resumed.err));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessReliability)
#include "tst_headless_reliability.moc"
