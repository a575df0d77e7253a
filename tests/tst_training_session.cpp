// The training thread seen from the GUI: it streams metrics and grids (each grid with its
// batch's metrics), pauses, steps, applies a new learning rate at the next iteration,
// refuses bad input without losing state, runs its threads below the GUI thread's
// priority, and stops promptly when destroyed mid-training.

#include "session_test_support.h"
#include "training/training_session.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace gan;

namespace {

int niceOf(const QString& statPath) // field 19 of /proc/.../stat, counted after the name in ()
{
    QFile f(statPath);
    if (!f.open(QIODevice::ReadOnly))
        return -100;
    const QByteArray s = f.readAll();
    return s.mid(s.lastIndexOf(')') + 2).split(' ').value(16).toInt();
}

} // namespace

class TestTrainingSession : public QObject {
    Q_OBJECT
private slots:
    void streamsMetricsAndGrids()
    {
        TrainingSession s;
        QSignalSpy metrics(&s, &TrainingSession::metricsReady);
        QSignalSpy grids(&s, &TrainingSession::generatedGridReady);
        QSignalSpy real(&s, &TrainingSession::realGridReady);
        QSignalSpy info(&s, &TrainingSession::engineReady);
        s.setResetSettings(smallBatches());
        s.setSampleInterval(5);
        QElapsedTimer clock;
        clock.start();
        s.start();
        QTRY_VERIFY_WITH_TIMEOUT(lastIteration(metrics) >= 12, 20000);
        s.pause();
        QTRY_VERIFY(s.state() == TrainingState::Paused);
        const qint64 elapsedMs = clock.elapsed();
        QCOMPARE(info.count(), 1);
        const auto engine = info.at(0).at(0).value<EngineInfo>();
        QCOMPARE(engine.device, QString("cpu"));
        QCOMPARE(engine.datasetCount, 9000);
        QCOMPARE(engine.batchesPerEpoch, 9000 / 16);
        QCOMPARE(real.count(), 1);
        QCOMPARE(real.at(0).at(0).value<QImage>().size(), QSize(152, 152));
        // A grid at reset (iteration 0), then every 5 iterations.
        QTRY_VERIFY(grids.count() >= 3);
        QCOMPARE(grids.at(0).at(1).toLongLong(), 0);
        QCOMPARE(grids.at(1).at(1).toLongLong(), 5);
        QCOMPARE(grids.at(2).at(1).toLongLong(), 10);
        // Metrics arrive in order, coalesced into batches, with a throughput figure.
        qint64 expected = 1;
        for (const auto& args : metrics) {
            const auto batch = args.at(0).value<MetricsBatch>();
            QVERIFY(batch.iterationsPerSecond > 0);
            for (const auto& m : batch.items)
                QCOMPARE(m.iteration, expected++);
        }
        // Coalesced: at most one batch per metricsBatchIntervalMs of training (plus the one at
        // the pause), however fast or slow the iterations are on this machine.
        QVERIFY2(metrics.count() <= elapsedMs / metricsBatchIntervalMs + 2,
                 qPrintable(QStringLiteral("%1 batches in %2 ms").arg(metrics.count()).arg(elapsedMs)));
    }

    // What the window draws from a batch's iterations comes with its metrics, so the GUI
    // thread wakes (and repaints) once a batch rather than once for each.
    void gridsAndOutputsComeRightAfterTheirBatchsMetrics()
    {
        TrainingSession s;
        struct Event {
            char kind;                 // 'm' metrics, 'g' grid, 'o' D's outputs
            qint64 first = 0, last = 0; // iterations covered
        };
        QList<Event> events;
        connect(&s, &TrainingSession::metricsReady, this, [&](const MetricsBatch& b) {
            events.append({'m', b.items.front().iteration, b.items.back().iteration});
        });
        connect(&s, &TrainingSession::generatedGridReady, this, [&](const QImage&, qint64 it) { events.append({'g', it, it}); });
        connect(&s, &TrainingSession::discriminatorOutputsReady, this, [&](const DiscriminatorOutputs& o) {
            events.append({'o', o.iteration, o.iteration});
        });
        s.setResetSettings(smallBatches());
        s.setSampleInterval(3);
        s.start();
        QTRY_VERIFY_WITH_TIMEOUT(std::count_if(events.begin(), events.end(), [](const Event& e) { return e.kind == 'm'; }) >= 4,
                                 20000);
        s.pause();
        QTRY_COMPARE(s.state(), TrainingState::Paused);
        int grids = 0, outputs = 0, batches = 0;
        const Event* batch = nullptr;
        for (const Event& e : std::as_const(events)) {
            if (e.kind == 'm') {
                batch = &e;
                ++batches;
                continue;
            }
            if (e.kind == 'g' && e.first == 0)
                continue; // the reset's grid, before any training
            QVERIFY2(batch && batch->first <= e.first && e.first <= batch->last,
                     qPrintable(QStringLiteral("%1 of iteration %2 came after the metrics of %3-%4")
                                    .arg(e.kind)
                                    .arg(e.first)
                                    .arg(batch ? batch->first : -1)
                                    .arg(batch ? batch->last : -1)));
            ++(e.kind == 'g' ? grids : outputs);
        }
        QVERIFY(batches >= 4);
        QVERIFY(grids >= 1);
        QCOMPARE(outputs, batches); // one capture per batch, each handed over with it
    }

    void pausesAndSteps()
    {
        TrainingSession s;
        QSignalSpy metrics(&s, &TrainingSession::metricsReady);
        QSignalSpy states(&s, &TrainingSession::stateChanged);
        s.setResetSettings(smallBatches());
        s.start();
        QTRY_VERIFY_WITH_TIMEOUT(lastIteration(metrics) >= 3, 20000);
        s.pause();
        QTRY_COMPARE(s.state(), TrainingState::Paused);
        const qint64 paused = lastIteration(metrics);
        QVERIFY(!metrics.wait(300)); // nothing more while paused
        QCOMPARE(lastIteration(metrics), paused);
        s.step();
        QTRY_COMPARE(lastIteration(metrics), paused + 1);
        QVERIFY(!metrics.wait(300));
        QCOMPARE(lastIteration(metrics), paused + 1);
        QCOMPARE(s.state(), TrainingState::Paused);
        QVERIFY(states.count() >= 3);
    }

    void appliesALearningRateAtTheNextIteration()
    {
        TrainingSession s;
        QSignalSpy metrics(&s, &TrainingSession::metricsReady);
        QSignalSpy applied(&s, &TrainingSession::liveSettingsApplied);
        s.setResetSettings(smallBatches());
        s.step();
        QTRY_COMPARE(lastIteration(metrics), 1);
        LiveSettings live;
        live.lrD = 1e-3;
        live.k = 2;
        s.setLiveSettings(live);
        s.step();
        QTRY_COMPARE(lastIteration(metrics), 2);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.at(0).at(0).value<LiveSettings>().lrD, 1e-3);
        QCOMPARE(applied.at(0).at(1).toLongLong(), 1); // applied after iteration 1: iteration 2 used it
        QCOMPARE(s.liveSettings().k, 2);
    }

    void refusesBadSettingsAndDataWithoutLosingState()
    {
        TrainingSession s;
        QSignalSpy metrics(&s, &TrainingSession::metricsReady);
        QSignalSpy errors(&s, &TrainingSession::errorOccurred);
        s.setResetSettings(smallBatches());
        s.step();
        QTRY_COMPARE(lastIteration(metrics), 1);

        LiveSettings bad;
        bad.lrG = -1;
        s.setLiveSettings(bad);
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.at(0).at(0).toString().contains("learning rate of G"));
        QCOMPARE(s.liveSettings().lrG, LiveSettings{}.lrG);

        QTemporaryDir empty;
        s.setDataFolder(empty.path());
        s.reset();
        QTRY_COMPARE(errors.count(), 2);
        QVERIFY(errors.at(1).at(0).toString().contains("no train-images"));
        s.step(); // the old engine is still there and continues
        QTRY_COMPARE(lastIteration(metrics), 2);
    }

    void savesAndLoadsCheckpoints()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("run.ckpt");
        TrainingSession s;
        QSignalSpy metrics(&s, &TrainingSession::metricsReady);
        QSignalSpy saved(&s, &TrainingSession::checkpointSaved);
        QSignalSpy loaded(&s, &TrainingSession::checkpointLoaded);
        QSignalSpy info(&s, &TrainingSession::engineReady);
        QSignalSpy errors(&s, &TrainingSession::errorOccurred);
        QSignalSpy meter(&s, &TrainingSession::meterReady);
        s.setResetSettings(smallBatches());
        s.setIterationLimit(3);
        s.start();
        QTRY_COMPARE_WITH_TIMEOUT(lastIteration(metrics), 3, 20000);
        s.saveCheckpoint(path);
        QTRY_COMPARE(saved.count(), 1);
        s.reset();
        QTRY_COMPARE(info.count(), 2);
        QCOMPARE(info.at(1).at(0).value<EngineInfo>().iteration, 0);
        s.loadCheckpoint(path);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(info.last().at(0).value<EngineInfo>().iteration, 3);
        // The meter read the loaded networks at once, before checkpointLoaded.
        QVERIFY(!meter.isEmpty());
        QCOMPARE(meter.last().at(0).value<MeterReading>().iteration, qint64(3));
        s.loadCheckpoint(dir.filePath("missing.ckpt"));
        QTRY_COMPARE(errors.count(), 1);
        QVERIFY(errors.at(0).at(0).toString().contains("unchanged"));
    }

    void stopsAtTheIterationLimit()
    {
        TrainingSession s;
        QSignalSpy done(&s, &TrainingSession::limitReached);
        s.setResetSettings(smallBatches());
        s.setIterationLimit(4);
        s.start();
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(0).at(0).toLongLong(), 4);
        QVERIFY(done.at(0).at(1).toDouble() > 0);
        // The steps' own time: part of the run's, the rest spent between the steps.
        QVERIFY(done.at(0).at(2).toDouble() > 0);
        QVERIFY(done.at(0).at(2).toDouble() <= done.at(0).at(1).toDouble());
        QTRY_COMPARE(s.state(), TrainingState::Paused);
    }

    void trainingThreadsRunNicerThanTheWindow()
    {
        // Every thread of training, its helpers too, at trainingThreadNiceIncrement above the
        // GUI thread's nice value, so that a training thread does not take the GUI's core.
        TrainingSession s;
        QSignalSpy metrics(&s, &TrainingSession::metricsReady);
        s.setResetSettings(smallBatches());
        s.start();
        QTRY_VERIFY_WITH_TIMEOUT(lastIteration(metrics) >= 3, 20000);
        const int guiNice = niceOf(QStringLiteral("/proc/thread-self/stat"));
        int training = 0;
        QDir tasks(QStringLiteral("/proc/self/task"));
        for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
            if (!comm.open(QIODevice::ReadOnly) || comm.readAll().trimmed() != "training")
                continue;
            ++training;
            QCOMPARE(niceOf(tasks.filePath(tid + QStringLiteral("/stat"))),
                     std::min(guiNice + trainingThreadNiceIncrement, 19));
        }
        QVERIFY(training >= 1);
        QCOMPARE(niceOf(QStringLiteral("/proc/thread-self/stat")), guiNice); // the GUI's own is unchanged
    }

    void closesPromptlyWhileTraining()
    {
        auto* s = new TrainingSession;
        QSignalSpy metrics(s, &TrainingSession::metricsReady);
        s->start(); // the seed's batch of 64
        QTRY_VERIFY_WITH_TIMEOUT(lastIteration(metrics) >= 2, 20000);
        QElapsedTimer t;
        t.start();
        delete s;
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestTrainingSession)
#include "tst_training_session.moc"
