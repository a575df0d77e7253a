// The main window on the offscreen platform, driven by a real TrainingSession on the
// embedded digits, plus the bounded series buffer behind the plots.

#include "layout_request_counter.h"

#include "error_banner.h"
#include "hyperparameter_panel.h"
#include "main_window.h"
#include "metrics_plots.h"
#include "digit_grid_view.h"
#include "series_buffer.h"
#include "training_session.h"
#include "training_status_bar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <qcustomplot.h>

#include <cmath>
#include <limits>
#include <memory>

using namespace gan;

namespace {
constexpr int engineTimeoutMs = 60000;

MetricsBatch fakeBatch(qint64 firstIteration, int count)
{
    MetricsBatch b;
    for (int i = 0; i < count; ++i) {
        IterationMetrics m;
        m.iteration = firstIteration + i;
        m.dLoss = 0.7 + 0.01 * i;
        m.gLoss = 0.8;
        m.dReal = 0.6;
        m.dFake = 0.4;
        b.items.append(m);
    }
    b.iterationsPerSecond = 100;
    return b;
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private:
    // A shown window on a fresh session whose first engine is built (paused, grids in).
    struct Fixture {
        std::unique_ptr<TrainingSession> session = std::make_unique<TrainingSession>();
        std::unique_ptr<MainWindow> window;
        EngineInfo first; // what the first engine reported
        Fixture()
        {
            ResetSettings cpu;
            cpu.device = DevicePreference::Cpu; // fast and the same on every machine
            session->setResetSettings(cpu);
            QSignalSpy ready(session.get(), &TrainingSession::engineReady);
            window = std::make_unique<MainWindow>(session.get());
            window->resize(1280, 800);
            window->show();
            if (ready.isEmpty())
                ready.wait(engineTimeoutMs);
            if (!ready.isEmpty())
                first = ready.first().first().value<EngineInfo>();
        }
        ~Fixture()
        {
            window.reset();
            session.reset();
        }
    };

private slots:
    void statusBarNamesTheDeviceInUse()
    {
        TrainingStatusBar bar;
        bar.setDeviceLabels({{"cpu", "CPU"}, {"cuda:1", "CUDA 1: NVIDIA T4 (14 GiB)"}});
        EngineInfo info;
        info.device = QStringLiteral("cuda:1");
        bar.setEngine(info, QString());
        QCOMPARE(bar.deviceText(), QStringLiteral("Device: CUDA 1: NVIDIA T4 (14 GiB)"));
        info.device = QStringLiteral("cpu");
        bar.setEngine(info, QString());
        QCOMPARE(bar.deviceText(), QStringLiteral("Device: CPU"));
        info.device = QStringLiteral("cuda:7"); // not listed: still named
        bar.setEngine(info, QString());
        QCOMPARE(bar.deviceText(), QStringLiteral("Device: CUDA 7"));
    }

    void statusMessagesGetRoomFromTheReadouts()
    {
        TrainingStatusBar bar;
        auto* epoch = bar.findChild<QLabel*>(QStringLiteral("epochLabel"));
        auto* data = bar.findChild<QLabel*>(QStringLiteral("dataLabel"));
        auto* device = bar.findChild<QLabel*>(QStringLiteral("deviceLabel"));
        QVERIFY(epoch && data && device);
        QVERIFY(!epoch->isHidden() && !data->isHidden());
        bar.showMessage(QStringLiteral("Checkpoint saved: /home/teacher/lesson 3/run.gspt"));
        QVERIFY(epoch->isHidden() && data->isHidden());
        QVERIFY(!device->isHidden()); // where training runs stays in view
        bar.clearMessage();
        QVERIFY(!epoch->isHidden() && !data->isHidden());
        bar.showMessage(QStringLiteral("Data set chosen"), 50);
        QVERIFY(data->isHidden());
        QTRY_VERIFY(!data->isHidden()); // back once the message times out
    }

    void seriesBufferKeepsItsCap()
    {
        SeriesBuffer s(100);
        for (int i = 1; i <= 100000; ++i) {
            s.append(i, 2.0 * i);
            QVERIFY2(s.size() <= 100, qPrintable(QString::number(s.size())));
        }
        QVERIFY(s.size() >= 50); // decimated, not thrown away
        QCOMPARE(s.sampleCount(), qint64(100000));
        const QVector<double> k = s.keys(), v = s.values();
        QCOMPARE(k.size(), s.size());
        for (int i = 1; i < k.size(); ++i)
            QVERIFY(k[i] > k[i - 1]);
        // Points are means of their bins: the whole run is still covered, y = 2x still holds.
        QVERIFY(k.first() < 1000);
        QVERIFY(k.last() > 99000);
        for (int i = 0; i < k.size(); ++i)
            QVERIFY(std::abs(v[i] - 2.0 * k[i]) < 1e-6 * v[i]);
        s.clear();
        QCOMPARE(s.size(), 0);
        s.append(1, 1);
        QCOMPARE(s.samplesPerPoint(), 1);
    }

    void seriesBufferSkipsNonFinite()
    {
        SeriesBuffer s(10);
        s.append(1, 0.5);
        s.append(2, std::numeric_limits<double>::quiet_NaN());
        s.append(3, std::numeric_limits<double>::infinity());
        s.append(std::numeric_limits<double>::quiet_NaN(), 1.0);
        s.append(4, 0.25);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s.skippedCount(), qint64(3));
        QCOMPARE(s.keys(), (QVector<double>{1, 4}));
        QCOMPARE(s.values(), (QVector<double>{0.5, 0.25}));
        double lo = 0, hi = 0;
        QVERIFY(s.valueRange(&lo, &hi));
        QCOMPARE(lo, 0.25);
        QCOMPARE(hi, 0.5);
    }

    void showsRealAndInitialGeneratedGrid()
    {
        Fixture f;
        MainWindow& w = *f.window;
        QTRY_VERIFY_WITH_TIMEOUT(!w.realImage().isNull(), engineTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!w.generatedImage().isNull(), engineTimeoutMs);
        QCOMPARE(w.generatedImage().size(), QSize(152, 152));
        QCOMPARE(w.generatedIteration(), qint64(0));
        auto* caption = w.findChild<QLabel*>(QStringLiteral("generatedCaption"));
        QVERIFY(caption);
        QVERIFY2(caption->text().contains(QStringLiteral("iteration 0")), qPrintable(caption->text()));
        // Shown large (scaled up from 152 px) and square.
        QTRY_VERIFY(w.generatedView()->imageRect().width() > 200);
        QCOMPARE(w.generatedView()->imageRect().width(), w.generatedView()->imageRect().height());
        const int before = w.generatedView()->imageRect().width();
        w.resize(1600, 1000);
        QTRY_VERIFY(w.generatedView()->imageRect().width() > before);
        QVERIFY(w.trainingStatusBar()->deviceText().contains(QStringLiteral("CPU")));
        QVERIFY(f.first.datasetCount > 1000);
        QVERIFY2(w.trainingStatusBar()->dataText().contains(QLocale().toString(f.first.datasetCount)),
                 qPrintable(w.trainingStatusBar()->dataText()));
        // The worker reports the paused state just after the first grid, in a signal of its own.
        QTRY_VERIFY_WITH_TIMEOUT(w.stateText().contains(QStringLiteral("Paused")), engineTimeoutMs);
        QVERIFY(w.startAction()->isEnabled());
        QVERIFY(!w.pauseAction()->isEnabled());
    }

    void aNewGridRepaintsWithoutLayingOutTheWindowAgain()
    {
        Fixture f;
        MainWindow& w = *f.window;
        QTRY_VERIFY_WITH_TIMEOUT(!w.generatedImage().isNull(), engineTimeoutMs);
        auto* caption = w.findChild<QLabel*>(QStringLiteral("generatedCaption"));
        QVERIFY(caption);
        QTest::qWait(200); // what the first engine set off has settled
        LayoutRequestCounter requests(caption);
        qApp->installEventFilter(&requests);
        const QImage grid = w.generatedImage();
        for (qint64 iteration : {9, 99, 999, 9999, 99999, 999999, 9999999}) { // ever longer texts
            emit f.session->generatedGridReady(grid, iteration);
            QCoreApplication::processEvents();
        }
        qApp->removeEventFilter(&requests);
        QVERIFY2(caption->text().contains(QLocale().toString(9999999)), qPrintable(caption->text()));
        QCOMPARE(w.generatedIteration(), qint64(9999999));
        QCOMPARE(requests.count, 0);
        // The widest caption still fits in full.
        QVERIFY(caption->fontMetrics().horizontalAdvance(caption->text()) <= caption->contentsRect().width());
    }

    void emittedMetricsArePlottedWithoutNaN()
    {
        Fixture f;
        MainWindow& w = *f.window;
        QCOMPARE(w.plottedPointCount(), 0);
        MetricsBatch batch = fakeBatch(1, 10);
        batch.items[4].dLoss = std::numeric_limits<double>::quiet_NaN();
        emit f.session->metricsReady(batch);
        QCOMPARE(w.plottedPointCount(), 9);
        QCOMPARE(w.plots()->pointCount(MetricsPlots::GLoss), 10);
        QCOMPARE(w.plots()->pointCount(MetricsPlots::DFake), 10);
        QVERIFY(w.trainingStatusBar()->iterationText().contains(QStringLiteral("10")));
        QVERIFY(w.trainingStatusBar()->speedText().contains(QStringLiteral("100")));
        // The x axis follows the data.
        QVERIFY(w.plots()->lossPlot()->xAxis->range().contains(10));
    }

    void plotsStayBoundedOnLongRuns()
    {
        Fixture f;
        MainWindow& w = *f.window;
        for (int i = 0; i < 100; ++i)
            emit f.session->metricsReady(fakeBatch(1 + i * 100, 100));
        QVERIFY(w.plottedPointCount() <= 4000);
        QVERIFY(w.plottedPointCount() >= 2000);
        QCOMPARE(w.plots()->lossPlot()->xAxis->range().upper, 10000.0);
    }

    void realStepsReachThePlots()
    {
        Fixture f;
        MainWindow& w = *f.window;
        QSignalSpy metrics(f.session.get(), &TrainingSession::metricsReady);
        QSignalSpy state(f.session.get(), &TrainingSession::stateChanged);
        for (int i = 1; i <= 3; ++i) {
            // Step is disabled while the window shows Running: the metrics of a step can arrive
            // before the worker's "paused" does.
            QTRY_VERIFY_WITH_TIMEOUT(w.stepAction()->isEnabled(), engineTimeoutMs);
            w.stepAction()->trigger();
            QTRY_VERIFY_WITH_TIMEOUT(w.plottedPointCount() == i, engineTimeoutMs);
        }
        QVERIFY(w.trainingStatusBar()->iterationText().contains(QStringLiteral("3")));
        const QString epoch = QStringLiteral("Epoch 1 · batch 3/%1").arg(QLocale().toString(f.first.batchesPerEpoch));
        QVERIFY2(w.trainingStatusBar()->epochText() == epoch, qPrintable(w.trainingStatusBar()->epochText()));
        QTRY_VERIFY(w.stateText().contains(QStringLiteral("Paused")));
    }

    void startAndPauseToggleTheActions()
    {
        Fixture f;
        MainWindow& w = *f.window;
        w.startAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(f.session->state() == TrainingState::Running, engineTimeoutMs);
        QVERIFY(!w.startAction()->isEnabled());
        QVERIFY(w.pauseAction()->isEnabled());
        QVERIFY(!w.stepAction()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(w.plottedPointCount() > 0, engineTimeoutMs);
        w.pauseAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(f.session->state() == TrainingState::Paused, engineTimeoutMs);
        QVERIFY(w.startAction()->isEnabled());
        QVERIFY(!w.pauseAction()->isEnabled());
    }

    void liveControlsReachTheSession()
    {
        Fixture f;
        HyperparameterPanel* p = f.window->hyperparameters();
        QCOMPARE(f.session->liveSettings().k, 1);
        p->kSpinBox()->setValue(5);
        QCOMPARE(f.session->liveSettings().k, 5);
        // Typed by a user: applied when editing finishes.
        QSpinBox* g = p->findChild<QSpinBox*>(QStringLiteral("gStepsSpin"));
        QVERIFY(g);
        g->selectAll();
        QTest::keyClicks(g, QStringLiteral("3"));
        QTest::keyClick(g, Qt::Key_Return);
        QCOMPARE(f.session->liveSettings().gSteps, 3);
        QVERIFY(!p->kSpinBox()->toolTip().isEmpty());
        // The seed's defaults come back with one click.
        p->findChild<QPushButton*>(QStringLiteral("seedDefaultsButton"))->click();
        QCOMPARE(f.session->liveSettings(), LiveSettings{});
        QCOMPARE(p->kSpinBox()->value(), 1);
    }

    void engineValuesUpdateTheControls()
    {
        Fixture f;
        EngineInfo info;
        info.device = QStringLiteral("cpu");
        info.live.k = 7;
        info.live.lrD = 5e-4;
        info.reset.device = DevicePreference::Cpu;
        emit f.session->engineReady(info);
        HyperparameterPanel* p = f.window->hyperparameters();
        QCOMPARE(p->kSpinBox()->value(), 7);
        QCOMPARE(p->liveSettings().lrD, 5e-4);
        QCOMPARE(f.session->liveSettings().k, 7); // the session asks for what the engine has
    }

    void resetSettingsArePendingUntilReset()
    {
        Fixture f;
        MainWindow& w = *f.window;
        HyperparameterPanel* p = w.hyperparameters();
        QVERIFY(!p->pendingNote()->isVisibleTo(&w));
        p->batchSizeSpinBox()->setValue(32);
        QCOMPARE(f.session->resetSettings().batchSize, 32);
        QVERIFY(p->pendingNote()->isVisibleTo(&w));
        QVERIFY(p->hasPendingReset());

        QSignalSpy ready(f.session.get(), &TrainingSession::engineReady);
        w.resetAction()->trigger();
        QVERIFY(ready.wait(engineTimeoutMs));
        const auto info = ready.last().first().value<EngineInfo>();
        QCOMPARE(info.reset.batchSize, 32);
        QCOMPARE(info.batchesPerEpoch, f.first.datasetCount / 32);
        QVERIFY(!p->pendingNote()->isVisibleTo(&w));
    }

    void errorsShowInTheBanner()
    {
        Fixture f;
        MainWindow& w = *f.window;
        QVERIFY(w.errorText().isEmpty());
        QVERIFY(!w.errorBanner()->isVisibleTo(&w));
        // A refusal by the session itself reaches the banner.
        LiveSettings bad;
        bad.beta1 = 1.5;
        f.session->setLiveSettings(bad);
        QVERIFY(w.errorBanner()->isVisibleTo(&w));
        QVERIFY2(w.errorText().contains(QStringLiteral("beta1")), qPrintable(w.errorText()));

        emit f.session->errorOccurred(QStringLiteral("Training diverged at iteration 5: a loss became NaN."));
        QVERIFY(w.errorText().contains(QStringLiteral("diverged")));
        QVERIFY2(w.stateText().contains(QStringLiteral("Diverged")), qPrintable(w.stateText()));
        auto* close = w.errorBanner()->findChild<QAbstractButton*>(QStringLiteral("errorCloseButton"));
        QVERIFY(close);
        close->click();
        QVERIFY(!w.errorBanner()->isVisibleTo(&w));
        QVERIFY(w.errorText().isEmpty());
    }

    void dataFolderChoiceReachesTheSession()
    {
        Fixture f;
        MainWindow& w = *f.window;
        w.selectDataFolder(QStringLiteral("/nonexistent/mnist"));
        QCOMPARE(f.session->dataFolder(), QStringLiteral("/nonexistent/mnist"));
        QCOMPARE(w.hyperparameters()->dataFolder(), QStringLiteral("/nonexistent/mnist"));
        QVERIFY(w.hyperparameters()->hasPendingReset());
        // A reset with a folder that holds no digits reports why, without a dialog.
        QSignalSpy errors(f.session.get(), &TrainingSession::errorOccurred);
        w.resetAction()->trigger();
        QVERIFY(errors.wait(engineTimeoutMs));
        QVERIFY2(w.errorText().contains(QStringLiteral("Could not reset")), qPrintable(w.errorText()));
        QVERIFY(!w.generatedImage().isNull()); // the previous networks stay
    }
};

QTEST_MAIN(MainWindowTest)
#include "tst_main_window.moc"
