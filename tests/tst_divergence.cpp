// Divergence: NaN or infinite losses and weights, and a discriminator saturated by lr = 1
// with k = 10, pause training with a plain-language explanation; a restore point kept in
// memory brings the run back; autosave never keeps a diverged state. LibTorch is used
// here only to forge checkpoints with NaN weights; its headers come first, before Qt
// defines `slots` as a macro.

#include "engine/archive_edit.h"
#include "engine/synthetic_data.h"

#include "training/autosaver.h"
#include "training/data_sources.h"
#include "training/divergence_guard.h"
#include "session_test_support.h"
#include "training/training_session.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace gan;

namespace {

LiveSettings tooLarge()
{
    LiveSettings l;
    l.lrG = 1.0;
    l.lrD = 1.0;
    l.k = 10;
    return l;
}

// A state whose `target` tensor holds `value` in one element.
std::string poisoned(const std::string& good, const std::string& target, double value)
{
    return testdata::rewriteCheckpoint(good, [&](const std::string& path, c10::IValue& v, bool&) {
        if (path == target) {
            auto t = v.toTensor().clone();
            t.view(-1)[0] = value;
            v = c10::IValue(t);
        }
    });
}

} // namespace

class TestDivergence : public QObject {
    Q_OBJECT
private slots:
    void guardKeepsRestorePointsAndSeesSaturation()
    {
        GanEngine e(testdata::syntheticDigits(), smallBatches());
        DivergenceGuard guard(/*restoreInterval=*/5);
        QVERIFY(!guard.hasRestorePoint());
        QVERIFY(guard.keep(e));
        QCOMPARE(guard.restorePointIteration(), qint64(0));
        for (int i = 0; i < 12; ++i)
            QCOMPARE(guard.check(e, e.trainIteration()), QString());
        QCOMPARE(guard.restorePointIteration(), qint64(10));
        const double g10 = [&] {
            GanEngine probe(testdata::syntheticDigits(), smallBatches());
            guard.rollBack(probe); // a restore point restores into any engine on the same data
            return probe.parameterChecksum(Network::Generator);
        }();

        e.setLiveSettings(tooLarge());
        QString why;
        for (int i = 0; i < 40 && why.isEmpty(); ++i)
            why = guard.check(e, e.trainIteration());
        QVERIFY2(why.startsWith(QStringLiteral("Training diverged at iteration")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("saturated")) && why.contains(QStringLiteral("learning rate")), qPrintable(why));
        QVERIFY(guard.diverged());
        QVERIFY(!guard.keep(e)); // never a diverged state
        QCOMPARE(guard.restorePointIteration(), qint64(10));

        guard.rollBack(e);
        QCOMPARE(e.iteration(), qint64(10));
        QCOMPARE(e.parameterChecksum(Network::Generator), g10);
        QVERIFY(!guard.diverged());
        e.setLiveSettings(LiveSettings{});
        QCOMPARE(guard.check(e, e.trainIteration()), QString());
    }

    void guardSeesNaNAndInfinityInLossesAndWeights()
    {
        GanEngine e(testdata::syntheticDigits(), smallBatches());
        e.trainIteration();
        const std::string good = e.serializeState();
        struct Case {
            const char* target;
            double value;
            const char* expected;
        };
        const Case cases[] = {
            {"generator.fc1.weight", std::nan(""), "NaN"},
            {"discriminator.fc0.weight", -HUGE_VAL, "NaN"},
            {"discriminator.out.bias", HUGE_VAL, "weights became infinite or NaN"}, // losses stay finite
        };
        for (const auto& c : cases) {
            GanEngine f(testdata::syntheticDigits(), smallBatches());
            f.restoreState(poisoned(good, c.target, c.value));
            DivergenceGuard guard(200, /*weightCheckInterval=*/1);
            QVERIFY(!guard.keep(f)); // not a good state to return to
            QString why;
            try {
                why = guard.check(f, f.trainIteration());
            } catch (const EngineError&) { // LibTorch refuses NaN where a probability belongs
                why = guard.checkFailedStep(f);
            }
            QVERIFY2(why.contains(QLatin1String(c.expected)), qPrintable(QString("%1: %2").arg(c.target, why)));
        }
    }

    void sessionPausesExplainsAndRollsBack()
    {
        TrainingSession s;
        QSignalSpy metrics(&s, &TrainingSession::metricsReady);
        QSignalSpy errors(&s, &TrainingSession::errorOccurred);
        QSignalSpy diverged(&s, &TrainingSession::diverged);
        QSignalSpy kept(&s, &TrainingSession::restorePointChanged);
        QSignalSpy rolled(&s, &TrainingSession::rolledBack);
        QSignalSpy info(&s, &TrainingSession::engineReady);
        QSignalSpy meter(&s, &TrainingSession::meterReady);
        s.setResetSettings(smallBatches());
        s.setIterationLimit(25);
        s.start();
        QTRY_COMPARE_WITH_TIMEOUT(lastIteration(metrics), qint64(25), 30000);
        QTRY_COMPARE(s.state(), TrainingState::Paused);
        QCOMPARE(s.restorePointIteration(), qint64(0)); // kept at the reset

        s.setIterationLimit(0);
        s.setLiveSettings(tooLarge()); // the state before it is kept: iteration 25
        s.start();
        QVERIFY(diverged.wait(60000));
        QCOMPARE(diverged.at(0).at(1).toLongLong(), qint64(25));
        QCOMPARE(s.restorePointIteration(), qint64(25));
        QVERIFY(kept.count() >= 2);
        QTRY_COMPARE(s.state(), TrainingState::Paused);
        const QString message = errors.last().at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("Training diverged")) && message.contains(QStringLiteral("Training is paused"))
                     && message.contains(QStringLiteral("Roll back to iteration 25")),
                 qPrintable(message));
        const qint64 stoppedAt = diverged.at(0).at(0).toLongLong();
        QVERIFY(stoppedAt > 25 && stoppedAt <= 25 + 30);
        QVERIFY(!metrics.wait(300)); // paused: nothing more

        LiveSettings calm;
        calm.lrD = 1e-4;
        s.setLiveSettings(calm);
        s.rollBack();
        QVERIFY(rolled.wait(20000));
        QCOMPARE(rolled.at(0).at(0).toLongLong(), qint64(25));
        const auto back = info.last().at(0).value<EngineInfo>();
        QCOMPARE(back.iteration, qint64(25));
        QCOMPARE(back.live.lrD, 1e-4); // the settings asked for now stay
        // The meter read the restored networks at once, not the diverged ones.
        const auto reading = meter.last().at(0).value<MeterReading>();
        QCOMPARE(reading.iteration, qint64(25));
        QVERIFY2(reading.available, qPrintable(reading.reason));
        const int before = metrics.count();
        s.step();
        QTRY_VERIFY(metrics.count() > before);
        const auto m = metrics.last().at(0).value<MetricsBatch>().items.last();
        QCOMPARE(m.iteration, qint64(26));
        QVERIFY(std::isfinite(m.dLoss) && m.dReal < 1.0);
    }

    void sessionWithoutRestorePointSaysSo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("nan.ckpt");
        {
            GanEngine e(loadDataSourceForTest(), smallBatches());
            std::ofstream(path.toStdString(), std::ios::binary) << poisoned(e.serializeState(), "generator.fc0.weight", std::nan(""));
        }
        TrainingSession s;
        QSignalSpy errors(&s, &TrainingSession::errorOccurred);
        QSignalSpy diverged(&s, &TrainingSession::diverged);
        QSignalSpy loaded(&s, &TrainingSession::checkpointLoaded);
        s.setResetSettings(smallBatches());
        s.loadCheckpoint(path);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(s.restorePointIteration(), qint64(-1)); // NaN weights are no restore point
        s.start();
        QVERIFY(diverged.wait(30000));
        QCOMPARE(diverged.at(0).at(1).toLongLong(), qint64(-1));
        QVERIFY2(errors.last().at(0).toString().contains(QStringLiteral("press Reset")), qPrintable(errors.last().at(0).toString()));
        s.rollBack();
        QTRY_VERIFY(errors.last().at(0).toString().contains(QStringLiteral("Nothing to roll back to")));
    }

    void autosaveNeverKeepsADivergedRun()
    {
        QTemporaryDir dir;
        TrainingSession s;
        Autosaver autosaver(&s);
        autosaver.setPath(dir.filePath("auto.gancheckpoint"));
        QSignalSpy saved(&autosaver, &Autosaver::autosaved);
        QSignalSpy metrics(&s, &TrainingSession::metricsReady);
        QSignalSpy diverged(&s, &TrainingSession::diverged);
        s.setResetSettings(smallBatches());
        QVERIFY(!autosaver.saveNow()); // nothing trained yet
        s.setIterationLimit(3);
        s.start();
        QTRY_COMPARE_WITH_TIMEOUT(lastIteration(metrics), qint64(3), 30000);
        autosaver.setInterval(1);
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.at(0).at(1).toLongLong(), qint64(3));
        QVERIFY(!autosaver.saveNow()); // nothing new since
        GanEngine check(loadDataSourceForTest(), smallBatches());
        check.loadCheckpoint(autosaver.path().toStdString());
        QCOMPARE(check.iteration(), qint64(3));

        autosaver.setInterval(0); // (a state saturating but not yet declared diverged could be saved)
        s.setIterationLimit(0);
        s.setLiveSettings(tooLarge());
        s.start();
        QVERIFY(diverged.wait(60000));
        QTRY_VERIFY(lastIteration(metrics) > 3);
        QVERIFY(!autosaver.saveNow());
        autosaver.setInterval(1);
        QVERIFY(!saved.wait(2500)); // the timer fires, the diverged run is not saved
        check.loadCheckpoint(autosaver.path().toStdString());
        QCOMPARE(check.iteration(), qint64(3));
    }

private:
    static DigitDataset loadDataSourceForTest() { return loadDataSource(QString()); }
};

QTEST_GUILESS_MAIN(TestDivergence)
#include "tst_divergence.moc"
