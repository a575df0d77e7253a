// `gan-studio --headless --load CKPT --export-interpolation FILE.png` as a teacher runs it:
// a strip of the right size from a checkpoint's G, the same for the same seeds, without
// training; bad arguments refused with exit status 2 and nothing written.

#include "app_process.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>


class TestHeadlessExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_checkpoint;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_checkpoint = m_dir.filePath(QStringLiteral("gan.ckpt"));
        const Run r = runApp({"--iterations", "3", "--batch-size", "16", "--device", "cpu", "--sample-interval", "0",
                              "--log-interval", "0", "--out", m_dir.path(), "--save", m_checkpoint});
        QCOMPARE(r.exitCode, 0);
    }

    void writesAStripFromACheckpoint()
    {
        QTemporaryDir dir;
        const QString lerp = dir.filePath(QStringLiteral("lerp.png"));
        const Run r = runApp({"--load", m_checkpoint, "--device", "cpu", "--export-interpolation", lerp,
                              "--interpolation-seeds", "3,4", "--interpolation-steps", "6", "--lerp"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("wrote ")) && r.out.contains(QStringLiteral("6 digits from seed 3 to seed 4 (lerp), G of iteration 3")),
                 qPrintable(r.out + r.err));
        QVERIFY(!r.out.contains(QStringLiteral("[Epoch"))); // no training
        const QImage strip(lerp);
        QCOMPARE(strip.size(), QSize(6 * 30 + 2, 32)); // six 28-px digits with 2-px borders

        // The same seeds give the same strip; slerp (the default) another one with the same ends.
        const QString again = dir.filePath(QStringLiteral("again.png"));
        QCOMPARE(runApp({"--load", m_checkpoint, "--device", "cpu", "--export-interpolation", again,
                         "--interpolation-seeds", "3,4", "--interpolation-steps", "6", "--lerp"}).exitCode, 0);
        QCOMPARE(QImage(again), strip);
        const QString slerp = dir.filePath(QStringLiteral("slerp.png"));
        QCOMPARE(runApp({"--load", m_checkpoint, "--device", "cpu", "--export-interpolation", slerp,
                         "--interpolation-seeds", "3,4", "--interpolation-steps", "6"}).exitCode, 0);
        const QImage spherical(slerp);
        QCOMPARE(spherical.size(), strip.size());
        QVERIFY(spherical != strip);
        QCOMPARE(spherical.copy(0, 0, 32, 32), strip.copy(0, 0, 32, 32));           // A
        QCOMPARE(spherical.copy(150, 0, 32, 32), strip.copy(150, 0, 32, 32));       // B
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
    }

    void refusesBadArgumentsAndWritesNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QString ckpt = m_checkpoint;
        QTest::newRow("no load") << QStringList{"--export-interpolation", "s.png"} << "needs --load";
        QTest::newRow("not png") << QStringList{"--load", ckpt, "--export-interpolation", "s.jpg"} << "must end in .png";
        QTest::newRow("steps 1") << QStringList{"--load", ckpt, "--export-interpolation", "s.png", "--interpolation-steps", "1"}
                                 << "--interpolation-steps must be";
        QTest::newRow("steps 100") << QStringList{"--load", ckpt, "--export-interpolation", "s.png", "--interpolation-steps", "100"}
                                   << "--interpolation-steps must be";
        QTest::newRow("seeds text") << QStringList{"--load", ckpt, "--export-interpolation", "s.png", "--interpolation-seeds", "a,b"}
                                    << "--interpolation-seeds must be";
        QTest::newRow("one seed") << QStringList{"--load", ckpt, "--export-interpolation", "s.png", "--interpolation-seeds", "5"}
                                  << "--interpolation-seeds must be";
        QTest::newRow("both modes") << QStringList{"--load", ckpt, "--export-interpolation", "s.png", "--slerp", "--lerp"}
                                    << "not both";
        QTest::newRow("with training") << QStringList{"--load", ckpt, "--export-interpolation", "s.png", "--iterations", "5"}
                                       << "exporting does not train";
        QTest::newRow("seeds alone") << QStringList{"--interpolation-seeds", "1,2"} << "needs --export-interpolation";
        QTest::newRow("missing checkpoint") << QStringList{"--load", "/nonexistent.ckpt", "--export-interpolation", "s.png"}
                                            << "no such file";
        QTest::newRow("missing folder") << QStringList{"--load", ckpt, "--export-interpolation", "/nonexistent/dir/s.png"}
                                        << "cannot write";
    }

    void refusesBadArgumentsAndWritesNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const Run r = runApp(args + QStringList{"--device", "cpu"}, dir.path());
        QCOMPARE(r.exitCode, 2);
        const QStringList errLines = r.err.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(errLines.size(), 1);
        QVERIFY2(errLines[0].startsWith(QStringLiteral("error: ")) && errLines[0].contains(expected), qPrintable(r.err));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestHeadlessExport)
#include "tst_headless_export.moc"
