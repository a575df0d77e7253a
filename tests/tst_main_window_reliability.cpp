// The window when things go wrong: a divergence shows its explanation with a "Roll back"
// button that works, Training > Roll back follows the restore point, autosave is in the
// File menu and keeps a loadable file, the hyperparameter controls refuse values outside
// their meaning, and the window closes within a second in the middle of training.

#include "autosaver.h"
#include "error_banner.h"
#include "hyperparameter_panel.h"
#include "learning_rate_spin_box.h"
#include "main_window.h"
#include "recovery_controller.h"
#include "training_session.h"
#include "training_status_bar.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <memory>

using namespace gan;

namespace {

constexpr int engineTimeoutMs = 60000;

struct Fixture {
    std::unique_ptr<TrainingSession> session = std::make_unique<TrainingSession>();
    std::unique_ptr<MainWindow> window;
    explicit Fixture(int batch = 16)
    {
        ResetSettings r;
        r.device = DevicePreference::Cpu;
        r.batchSize = batch;
        session->setResetSettings(r);
        QSignalSpy ready(session.get(), &TrainingSession::engineReady);
        window = std::make_unique<MainWindow>(session.get());
        window->show();
        if (ready.isEmpty())
            ready.wait(engineTimeoutMs);
    }
};

QAction* menuAction(QMainWindow* w, const QString& menu, const QString& startsWith)
{
    for (QAction* top : w->menuBar()->actions()) {
        if (top->text().remove(QLatin1Char('&')) != menu || !top->menu())
            continue;
        for (QAction* a : top->menu()->actions())
            if (a->text().remove(QLatin1Char('&')).startsWith(startsWith))
                return a;
    }
    return nullptr;
}

} // namespace

class MainWindowReliabilityTest : public QObject {
    Q_OBJECT
private slots:
    void divergenceOffersARollBackThatWorks()
    {
        Fixture f;
        MainWindow& w = *f.window;
        QAction* rollBack = menuAction(&w, QStringLiteral("Training"), QStringLiteral("Roll back"));
        QVERIFY(rollBack);
        QTRY_VERIFY_WITH_TIMEOUT(rollBack->isEnabled(), engineTimeoutMs); // a restore point at the reset
        QCOMPARE(rollBack->text().remove(QLatin1Char('&')), QStringLiteral("Roll back to iteration 0"));

        QSignalSpy diverged(f.session.get(), &TrainingSession::diverged);
        HyperparameterPanel* p = w.hyperparameters();
        p->kSpinBox()->setValue(10);
        for (auto* lr : p->findChildren<LearningRateSpinBox*>())
            lr->setValue(1.0);
        QCOMPARE(f.session->liveSettings().lrD, 1.0);
        w.startAction()->trigger();
        QVERIFY(diverged.wait(engineTimeoutMs));
        QTRY_VERIFY(w.startAction()->isEnabled()); // paused
        QVERIFY2(w.errorText().contains(QStringLiteral("Training diverged")), qPrintable(w.errorText()));
        QVERIFY(w.stateText().contains(QStringLiteral("Diverged")));
        QPushButton* button = w.errorBanner()->actionButton();
        QTRY_VERIFY(button->isVisibleTo(&w));
        QCOMPARE(button->text(), QStringLiteral("Roll back to iteration 0"));
        QVERIFY(rollBack->isEnabled());

        QSignalSpy rolled(f.session.get(), &TrainingSession::rolledBack);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(rolled.wait(engineTimeoutMs));
        QTRY_VERIFY(!w.errorBanner()->isVisibleTo(&w));
        QVERIFY(!w.stateText().contains(QStringLiteral("Diverged")));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Rolled back to iteration 0")));
        QCOMPARE(p->kSpinBox()->value(), 10); // the settings chosen stay, to be lowered by the user
    }

    void aFailingGpuMovesTrainingToTheCpu()
    {
        // The engine's fault seam makes iteration 8 fail as a lost GPU would (once per process).
        qputenv("GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT", "8");
        Fixture f;
        MainWindow& w = *f.window;
        QSignalSpy ready(f.session.get(), &TrainingSession::engineReady);
        QSignalSpy metrics(f.session.get(), &TrainingSession::metricsReady);
        w.startAction()->trigger();
        QVERIFY(ready.wait(engineTimeoutMs)); // the CPU engine that takes over
        qunsetenv("GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT");
        const auto info = ready.at(0).at(0).value<EngineInfo>();
        QCOMPARE(info.device, QStringLiteral("cpu"));
        QVERIFY(info.reset.device == DevicePreference::Cpu);
        QCOMPARE(info.iteration, 7); // the failed engine's state was still readable: nothing lost
        QTRY_VERIFY2(w.errorText().contains(QStringLiteral("failed at iteration 8")), qPrintable(w.errorText())); // queued after the engine
        QVERIFY2(w.errorText().contains(QStringLiteral("moved to the CPU")), qPrintable(w.errorText()));
        QVERIFY2(w.trainingStatusBar()->deviceText().contains(QStringLiteral("CPU")),
                 qPrintable(w.trainingStatusBar()->deviceText()));
        // Training goes on by itself, past the failure, with the iterations in sequence.
        metrics.clear();
        QTRY_VERIFY_WITH_TIMEOUT(!metrics.isEmpty() && metrics.last().at(0).value<MetricsBatch>().items.last().iteration > 12,
                                 engineTimeoutMs);
        QCOMPARE(metrics.first().at(0).value<MetricsBatch>().items.first().iteration, 8);
        QVERIFY(!w.startAction()->isEnabled()); // still running
    }

    void autosaveIsInTheFileMenuAndKeepsALoadableFile()
    {
        Fixture f;
        MainWindow& w = *f.window;
        QTemporaryDir dir;
        Autosaver* autosaver = w.recovery()->autosaver();
        QCOMPARE(autosaver->interval(), RecoveryController::defaultAutosaveSeconds);
        QVERIFY(autosaver->path().endsWith(QStringLiteral("autosave.gancheckpoint")));
        autosaver->setPath(dir.filePath("auto.gancheckpoint"));

        QAction* every = menuAction(&w, QStringLiteral("File"), QStringLiteral("Autosave"));
        QVERIFY(every && every->menu());
        QStringList choices;
        for (QAction* a : every->menu()->actions())
            choices << a->text();
        QCOMPARE(choices, (QStringList{"Off", "Every minute", "Every 5 minutes", "Every 15 minutes"}));
        every->menu()->actions().first()->trigger();
        QCOMPARE(autosaver->interval(), 0);
        w.recovery()->setAutosaveInterval(1);
        QCOMPARE(every->menu()->actions().last()->text(), QStringLiteral("Every 1 seconds"));
        QVERIFY(every->menu()->actions().last()->isChecked());

        QSignalSpy saved(autosaver, &Autosaver::autosaved);
        w.stepAction()->trigger();
        QVERIFY(saved.wait(engineTimeoutMs));
        QTRY_VERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Autosaved iteration 1")));
        QAction* load = w.recovery()->loadAutosaveAction();
        QVERIFY(load->isEnabled());
        w.recovery()->setAutosaveInterval(0);

        QSignalSpy loaded(f.session.get(), &TrainingSession::checkpointLoaded);
        w.resetAction()->trigger();
        load->trigger();
        QVERIFY(loaded.wait(engineTimeoutMs));
        QCOMPARE(loaded.at(0).at(0).toString(), autosaver->path());
    }

    void controlsRefuseValuesOutsideTheirMeaning()
    {
        Fixture f;
        HyperparameterPanel* p = f.window->hyperparameters();
        const LiveSettings before = f.session->liveSettings();
        for (auto* lr : p->findChildren<LearningRateSpinBox*>()) {
            for (const char* typed : {"nan", "0", "-1", "1e9", "inf", "1e-99"}) {
                lr->selectAll();
                QTest::keyClicks(lr, QString::fromLatin1(typed));
                QTest::keyClick(lr, Qt::Key_Return);
                QVERIFY2(lr->value() >= limits::lrMin && lr->value() <= limits::lrMax, typed);
            }
        }
        for (auto* spin : p->findChildren<QDoubleSpinBox*>()) {
            if (qobject_cast<LearningRateSpinBox*>(spin))
                continue;
            spin->setValue(1e9);
            QVERIFY(spin->value() <= spin->maximum());
            spin->setValue(-1e9);
            QVERIFY(spin->value() >= spin->minimum());
        }
        p->kSpinBox()->setValue(0);
        QCOMPARE(p->kSpinBox()->value(), limits::kMin);
        const LiveSettings after = f.session->liveSettings();
        QVERIFY2(validate(after).empty(), validate(after).c_str());
        QVERIFY(after.beta2 < 1.0 && after.beta1 >= 0.0);
        Q_UNUSED(before)
    }

    void nonFiniteMetricsDoNotBreakThePlots()
    {
        Fixture f;
        MainWindow& w = *f.window;
        const double bad[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                              -std::numeric_limits<double>::infinity(), 1e308, -1e308};
        MetricsBatch batch;
        for (int i = 0; i < 10; ++i) {
            IterationMetrics m;
            m.iteration = i + 1;
            m.dLoss = m.gLoss = m.dReal = m.dFake = m.value = m.gGradNorm = bad[i % 5];
            batch.items.append(m);
        }
        batch.iterationsPerSecond = std::numeric_limits<double>::quiet_NaN();
        emit f.session->metricsReady(batch);
        DiscriminatorOutputs outputs;
        outputs.iteration = 10;
        outputs.real.assign(std::begin(bad), std::end(bad));
        outputs.fake.assign(std::begin(bad), std::end(bad));
        emit f.session->discriminatorOutputsReady(outputs);
        QVERIFY(!w.grab().isNull()); // paints
        QVERIFY(w.plottedPointCount() <= 4); // only the finite (if huge) values are plotted
        w.stepAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.plottedPointCount() >= 1, engineTimeoutMs);
        QVERIFY(!w.grab().isNull());
    }

    void closesWithinOneSecondMidTraining()
    {
        Fixture f(64); // the seed's batch size
        MainWindow& w = *f.window;
        QSignalSpy metrics(f.session.get(), &TrainingSession::metricsReady);
        w.startAction()->trigger();
        QVERIFY(metrics.wait(engineTimeoutMs));
        QVERIFY(metrics.wait(engineTimeoutMs));
        QCOMPARE(f.session->state(), TrainingState::Running);
        QElapsedTimer t;
        t.start();
        w.close();
        f.window.reset();
        f.session.reset();
        qInfo("closed in %lld ms mid-training", static_cast<long long>(t.elapsed()));
        QVERIFY2(t.elapsed() < 1000, qPrintable(QStringLiteral("%1 ms").arg(t.elapsed())));
    }
};

QTEST_MAIN(MainWindowReliabilityTest)
#include "tst_main_window_reliability.moc"
