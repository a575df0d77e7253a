// The theory views on the offscreen platform: the analysis panel's tabs update from the
// session's signals (as the training worker emits them), display controls reach every
// plot, change markers appear on every plot over iterations, and a real run feeds them.

#include "layout_request_counter.h"

#include "analysis_panel.h"
#include "d_outputs_view.h"
#include "digit_grid_view.h"
#include "metrics_plots.h"
#include "mode_collapse_view.h"
#include "time_series_plot.h"
#include "timeline_view.h"
#include "training_session.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace gan;

namespace {

constexpr int engineTimeoutMs = 60000;

MetricsBatch batchOf(qint64 first, int count)
{
    MetricsBatch b;
    for (int i = 0; i < count; ++i) {
        IterationMetrics m;
        m.iteration = first + i;
        m.dLoss = 0.6;
        m.gLoss = 0.9;
        m.dReal = 0.7;
        m.dFake = 0.3;
        m.value = -1.2;
        m.gGradNorm = 2.0 + i;
        b.items << m;
    }
    return b;
}

QList<TimeSeriesPlot*> timePlots(AnalysisPanel& p)
{
    QList<TimeSeriesPlot*> plots = p.metricsPlots()->allPlots();
    plots << p.modeCollapseView()->meterPlot();
    return plots;
}

struct Fixture {
    std::unique_ptr<TrainingSession> session = std::make_unique<TrainingSession>();
    std::unique_ptr<AnalysisPanel> panel;
    Fixture()
    {
        ResetSettings cpu;
        cpu.device = DevicePreference::Cpu;
        session->setResetSettings(cpu);
        panel = std::make_unique<AnalysisPanel>(session.get());
        panel->resize(1000, 420);
        panel->show();
    }
    ~Fixture()
    {
        panel.reset();
        session.reset();
    }
};

} // namespace

class AnalysisViewsTest : public QObject {
    Q_OBJECT

private slots:
    void hasTheFiveTabs()
    {
        Fixture f;
        QStringList names;
        for (int i = 0; i < f.panel->metricsPlots()->count(); ++i)
            names << f.panel->metricsPlots()->tabText(i);
        QCOMPARE(names, (QStringList{"Losses", "Equilibrium", "D's outputs", "Mode collapse", "Timeline"}));
    }

    void equilibriumCurvesFollowTheMetrics()
    {
        Fixture f;
        MetricsPlots* plots = f.panel->metricsPlots();
        emit f.session->metricsReady(batchOf(1, 20));
        QCOMPARE(plots->pointCount(MetricsPlots::Value), 20);
        QCOMPARE(plots->pointCount(MetricsPlots::GGradNorm), 20);
        const SeriesBuffer& jsd = plots->series(MetricsPlots::JsdEstimate);
        QVERIFY(std::abs(jsd.values().first() - (-1.2 + std::log(4.0)) / 2) < 1e-12);
        QCOMPARE(f.panel->metricsLog().size(), 20);
    }

    void dOutputHistogramsUpdate()
    {
        Fixture f;
        DOutputsView* view = f.panel->dOutputsView();
        QCOMPARE(view->iteration(), qint64(-1));
        DiscriminatorOutputs out;
        out.iteration = 42;
        out.real = {0.97f, 0.98f, 0.99f, 0.51f};
        out.fake = {0.01f, 0.02f, 0.03f};
        emit f.session->discriminatorOutputsReady(out);
        QCOMPARE(view->iteration(), qint64(42));
        QCOMPARE(view->realCounts()[19], 3);
        QCOMPARE(view->realCounts()[10], 1);
        QCOMPARE(view->fakeCounts()[0], 3);
        emit f.session->engineReady(EngineInfo{});
        QCOMPARE(view->iteration(), qint64(-1));
    }

    void liveTabsUpdateWithoutLayingOutTheWindowAgain()
    {
        // While training runs, D's outputs come five times a second and grids a few times a
        // second. A text whose size may change lays out the whole window again at each
        // setText: the texts these tabs change while training runs have fixed sizes.
        Fixture f;
        QTabWidget* tabs = f.panel->metricsPlots();
        DiscriminatorOutputs out;
        out.real = {0.9f, 0.8f};
        out.fake = {0.1f, 0.2f};
        QImage grid(152, 152, QImage::Format_Grayscale8);
        grid.fill(0);
        const auto feed = [&](qint64 iteration) {
            out.iteration = iteration;
            emit f.session->discriminatorOutputsReady(out);
            emit f.session->generatedGridReady(grid, iteration);
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
        };
        for (QWidget* tab : {static_cast<QWidget*>(f.panel->dOutputsView()), static_cast<QWidget*>(f.panel->timelineView())}) {
            tabs->setCurrentWidget(tab);
            feed(1); // the first texts may set the layout up
            QTest::qWait(50);
            LayoutRequestCounter requests(tab);
            qApp->installEventFilter(&requests);
            for (qint64 iteration : {9, 99, 999, 9999, 99999, 999999, 9999999}) // ever longer texts
                feed(iteration);
            qApp->removeEventFilter(&requests);
            QVERIFY2(requests.count == 0, qPrintable(QStringLiteral("%1 layout requests").arg(requests.count)));
        }
        // The widest text still fits in full.
        auto* label = f.panel->findChild<QLabel*>(QStringLiteral("dOutputsIteration"));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QLocale().toString(9999999)), qPrintable(label->text()));
        QVERIFY(label->fontMetrics().horizontalAdvance(label->text()) <= label->contentsRect().width());
    }

    void meterReadingsFillTheModeCollapseTab()
    {
        Fixture f;
        ModeCollapseView* view = f.panel->modeCollapseView();
        MeterReading r;
        r.iteration = 500;
        r.available = true;
        r.samples = 1000;
        r.classCounts = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
        r.entropy = std::log(10.0);
        r.frechet = 12.5;
        emit f.session->meterReady(r);
        QCOMPARE(view->classCounts(), r.classCounts);
        QCOMPARE(view->meterPlot()->pointCount(ModeCollapseView::entropyCurve), 1);
        QCOMPARE(view->meterPlot()->pointCount(ModeCollapseView::frechetCurve), 1);
        QCOMPARE(view->meterPlot()->series(ModeCollapseView::frechetCurve).values().first(), 12.5);
        QVERIFY(!view->showsUnavailable());
        QVERIFY2(view->statusText().contains(QStringLiteral("12.5")), qPrintable(view->statusText()));
        QCOMPARE(f.panel->metricsLog().readingCount(), 1);

        MeterReading off;
        off.reason = QStringLiteral("Not available for this data set: Fashion-MNIST is not digits.");
        emit f.session->meterReady(off);
        QVERIFY(view->showsUnavailable());
        QVERIFY(view->statusText().contains(QStringLiteral("not available")));
        // The interval spin box reaches the session (no signal back: just no crash, value kept).
        view->intervalSpinBox()->setValue(200);
        QCOMPARE(view->intervalSpinBox()->value(), 200);
    }

    void changeMarkersAppearOnEveryPlot()
    {
        Fixture f;
        EngineInfo info;
        emit f.session->engineReady(info); // baseline: the seed's settings
        LiveSettings live;
        live.lrD = 1e-3;
        emit f.session->liveSettingsApplied(live, 300);
        QCOMPARE(f.panel->markers().markers().size(), 1);
        for (TimeSeriesPlot* p : timePlots(*f.panel)) {
            QCOMPARE(p->markerLabels(), QStringList{QStringLiteral("lr D 2e-4 → 1e-3")});
            QCOMPARE(p->markerCount(), 2); // a line and its label
        }
        live.loss = GanLoss::LeastSquares;
        emit f.session->liveSettingsApplied(live, 900);
        QCOMPARE(f.panel->metricsPlots()->lossPlot()->markerLabels().size(), 2);
        QCOMPARE(f.panel->metricsPlots()->lossPlot()->markerLabels().last(),
                 QStringLiteral("loss non-saturating → LSGAN"));
        emit f.session->engineReady(info); // a new run: no markers
        for (TimeSeriesPlot* p : timePlots(*f.panel))
            QCOMPARE(p->markerCount(), 0);
    }

    void smoothingAndLogScalesReachEveryPlot()
    {
        Fixture f;
        f.panel->smoothingSlider()->setValue(50);
        QVERIFY(f.panel->smoothing() > 0.9 && f.panel->smoothing() < 1.0);
        QCOMPARE(AnalysisPanel::smoothingIterations(100), 1000);
        QCOMPARE(AnalysisPanel::smoothingForPosition(0), 0.0);
        f.panel->logXBox()->setChecked(true);
        f.panel->logYBox()->setChecked(true);
        // Plots may redraw on a short timer: wait for it.
        for (TimeSeriesPlot* p : timePlots(*f.panel)) {
            QCOMPARE(p->smoothing(), f.panel->smoothing());
            QTRY_COMPARE(p->xAxis->scaleType(), QCPAxis::stLogarithmic);
        }
        QTRY_COMPARE(f.panel->metricsPlots()->lossPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        // V and the JSD estimate can be negative: linear whatever the box says.
        QVERIFY(!f.panel->metricsPlots()->valuePlot()->logY());
        QCOMPARE(f.panel->metricsPlots()->valuePlot()->yAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(f.panel->dOutputsView()->plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        // Smoothed curves: a step is softened, the point count unchanged.
        MetricsBatch b = batchOf(1, 40);
        for (int i = 20; i < 40; ++i)
            b.items[i].dLoss = 2.0;
        emit f.session->metricsReady(b);
        TimeSeriesPlot* loss = f.panel->metricsPlots()->lossPlot();
        QCOMPARE(loss->pointCount(0), 40);
        const double after = (loss->curveGraph(0)->data()->constBegin() + 20)->value;
        QVERIFY2(after > 0.6 && after < 2.0, qPrintable(QString::number(after)));
        f.panel->smoothingSlider()->setValue(0);
        QTRY_COMPARE((loss->curveGraph(0)->data()->constBegin() + 20)->value, 2.0);
    }

    void timelineScrubsAndExports()
    {
        Fixture f;
        TimelineView* t = f.panel->timelineView();
        QImage img(152, 152, QImage::Format_Grayscale8);
        for (int i = 0; i < 10; ++i) {
            img.fill(i * 20);
            emit f.session->generatedGridReady(img, i * 50);
        }
        QCOMPARE(t->timeline().size(), 10);
        QCOMPARE(t->shownIteration(), qint64(450)); // follows the live grid
        t->showFrame(2);
        QCOMPARE(t->shownIteration(), qint64(100));
        QCOMPARE(t->pastView()->image().pixelColor(0, 0), QColor(40, 40, 40));
        img.fill(255);
        emit f.session->generatedGridReady(img, 500);
        QCOMPARE(t->shownIteration(), qint64(100)); // scrubbed back: stays
        QCOMPARE(t->liveView()->image().pixelColor(0, 0), QColor(255, 255, 255));

        QTemporaryDir dir;
        QString error;
        QVERIFY2(t->exportGif(dir.filePath("t.gif"), &error), qPrintable(error));
        QVERIFY2(t->exportStrip(dir.filePath("t.png"), &error), qPrintable(error));
        QImage strip(dir.filePath("t.png"));
        QVERIFY(!strip.isNull());
        QVERIFY(strip.width() > 10 * 152);
        QFile gif(dir.filePath("t.gif"));
        QVERIFY(gif.open(QIODevice::ReadOnly));
        QVERIFY(gif.read(6) == "GIF89a");
    }

    void plotsRedrawAtOnceForEachMetricsBatch()
    {
        // A batch of metrics every metricsBatchIntervalMs redraws the plots at once, in the same
        // pass of the window as the status bar; data that comes faster waits for a timer.
        static_assert(TimeSeriesPlot::refreshGapMs < metricsBatchIntervalMs);
        static_assert(metricsBatchIntervalMs <= TimeSeriesPlot::refreshIntervalMs);
        TimeSeriesPlot plot(QStringLiteral("t"), QStringLiteral("y"));
        const int curve = plot.addCurve(QStringLiteral("c"), Qt::blue);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QSignalSpy replots(&plot, &QCustomPlot::afterReplot);
        for (int batch = 0; batch < 3; ++batch) {
            QTest::qWait(int(metricsBatchIntervalMs) - 20); // batches come an iteration early or late
            replots.clear();
            plot.append(curve, batch, batch);
            plot.refresh();
            QCoreApplication::processEvents(); // runs the queued replot; no timer is due yet
            QCOMPARE(replots.count(), 1);
        }
        QElapsedTimer sinceLast;
        sinceLast.start();
        plot.append(curve, 3, 3);
        plot.refresh();
        QCoreApplication::processEvents();
        if (sinceLast.elapsed() < TimeSeriesPlot::refreshGapMs) // else this machine stalled in between
            QCOMPARE(replots.count(), 1);
        QTRY_COMPARE(replots.count(), 2); // drawn on the timer
        QCOMPARE(plot.curveGraph(curve)->dataCount(), 4);
    }

    void yAxesFitTheDrawnValuesOfTheirOwnCurves()
    {
        // Each y axis spans its own curves' drawn values (smoothed, when smoothing is on), with
        // a margin; a logarithmic axis the positive ones alone; an emptied plot its default.
        TimeSeriesPlot plot(QStringLiteral("t"), QStringLiteral("y"));
        const int left = plot.addCurve(QStringLiteral("l"), Qt::blue);
        const int other = plot.addCurve(QStringLiteral("l2"), Qt::green);
        const int right = plot.addCurve(QStringLiteral("r"), Qt::red, true);
        plot.setYRange(TimeSeriesPlot::Range::Auto, 0, 1, true);
        for (int i = 0; i < 50; ++i) {
            plot.append(left, i, i % 2 ? 2.0 : -1.0);
            plot.append(other, i, 0.5);
            plot.append(right, i, 100.0 + i);
        }
        plot.refresh();
        QCOMPARE(plot.pointCount(left), 50); // draws a refresh the timer still holds
        const double span = 3.0, rightSpan = 49.0;
        QCOMPARE(plot.yAxis->range().lower, -1.0 - 0.08 * span);
        QCOMPARE(plot.yAxis->range().upper, 2.0 + 0.08 * span);
        QCOMPARE(plot.yAxis2->range().lower, 100.0 - 0.08 * rightSpan);
        QCOMPARE(plot.yAxis2->range().upper, 149.0 + 0.08 * rightSpan);

        plot.setLogY(true); // the -1s do not count: from 0.5 to 2
        QCOMPARE(plot.pointCount(left), 50);
        QCOMPARE(plot.yAxis->range().lower, 0.5 / 1.5);
        QCOMPARE(plot.yAxis->range().upper, 2.0 * 1.5);

        plot.setLogY(false);
        plot.setSmoothing(0.9); // the drawn, smoothed values: within the raw ones, never at -1
        QCOMPARE(plot.pointCount(left), 50);
        QVERIFY2(plot.yAxis->range().lower > -1.0 - 0.08 * span, qPrintable(QString::number(plot.yAxis->range().lower)));

        plot.clearData();
        QCOMPARE(plot.pointCount(left), 0);
        QCOMPARE(plot.yAxis->range().lower, 0.0); // Range::Auto's defaults
        QCOMPARE(plot.yAxis->range().upper, 1.0);
    }

    void plotsPaintWithTheWindowNotOnTheirOwn()
    {
        // A replot draws into the plot's buffers and leaves the painting to the window's next
        // paint, where Qt sends every changed part to the display at once. QCustomPlot's
        // default painted each plot straight away, one round trip to the display server each.
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(f.panel.get()));
        struct PaintCounter : QObject {
            int paints = 0;
            bool eventFilter(QObject*, QEvent* e) override
            {
                paints += e->type() == QEvent::Paint;
                return false;
            }
        };
        int checked = 0;
        MetricsPlots* tabs = f.panel->metricsPlots();
        for (int tab = 0; tab < tabs->count(); ++tab) {
            tabs->setCurrentIndex(tab);
            QCoreApplication::processEvents();
            for (QCustomPlot* plot : tabs->widget(tab)->findChildren<QCustomPlot*>()) {
                if (!plot->isVisible())
                    continue;
                PaintCounter counter;
                plot->installEventFilter(&counter);
                plot->replot();
                QVERIFY2(counter.paints == 0, qPrintable(plot->objectName()));
                QTRY_VERIFY2(counter.paints > 0, qPrintable(plot->objectName()));
                plot->removeEventFilter(&counter);
                ++checked;
            }
        }
        QVERIFY2(checked >= 6, qPrintable(QString::number(checked))); // the theory views' plots
    }

    void denseCurvesAreDrawnWithAThinPen()
    {
        // Once a curve has more points than the plot has pixel columns it is a band of
        // zigzags, drawn with a 1-pixel pen and without antialiasing (far cheaper for Qt);
        // smoothed, or sparse, it keeps its width and smooth edges. Its legend keeps the full
        // width throughout.
        TimeSeriesPlot plot(QStringLiteral("t"), QStringLiteral("y"));
        const int curve = plot.addCurve(QStringLiteral("c"), Qt::blue, false, 3);
        plot.resize(400, 300);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        const auto penWidth = [&] { return plot.curveGraph(curve)->pen().width(); };
        const auto smooth = [&] { return plot.curveGraph(curve)->antialiased(); };
        const auto legendRows = [&] { // rows of blue pixels across the middle of the legend's icon
            const QImage shot = plot.grab().toImage();
            const QRect item = plot.legend->item(0)->rect();
            int rows = 0;
            for (int y = item.top(); y <= item.bottom(); ++y) {
                const QRgb p = shot.pixel(item.left() + 12, y);
                rows += qBlue(p) > 150 && qRed(p) < 160 && qGreen(p) < 160 ? 1 : 0;
            }
            return rows;
        };
        for (int i = 0; i < 50; ++i)
            plot.append(curve, i, i % 2);
        plot.refresh();
        QTRY_COMPARE(plot.pointCount(curve), 50);
        QCOMPARE(penWidth(), 3);
        QVERIFY(smooth());
        const int sparseLegend = legendRows();
        QVERIFY2(sparseLegend >= 3, qPrintable(QString::number(sparseLegend)));
        const int columns = plot.axisRect()->width();
        for (int i = 50; i < columns + 10; ++i)
            plot.append(curve, i, i % 2);
        plot.refresh();
        QTRY_COMPARE(penWidth(), 1);
        QVERIFY(!smooth());
        QCOMPARE(legendRows(), sparseLegend);
        plot.setSmoothing(0.9);
        plot.refresh();
        QTRY_COMPARE(penWidth(), 3);
        QVERIFY(smooth());
    }

    void digitGridsShowCrispPixelsOfTheNewestImage()
    {
        // The view scales each image once, by itself, and then only copies the result: the
        // picture must still be Qt's nearest-neighbour scaling, and follow new images and sizes.
        QImage img(28, 14, QImage::Format_Grayscale8);
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
                img.setPixel(x, y, qRgb((x * 9 + y * 17) % 256, 0, 0)); // the red channel is the grey level
        DigitGridView view;
        view.resize(173, 151);
        view.setImage(img);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto check = [&](const QImage& image, const char* when) {
            // Each screen pixel shows one of the image's pixels under it (both, where the centre
            // falls on a border): no blending, no shift, whatever the scale.
            const QRect target = view.imageRect();
            const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
            int wrong = 0;
            for (int y = 0; y < target.height(); ++y)
                for (int x = 0; x < target.width(); ++x) {
                    const QRgb shown = shot.pixel(target.left() + x, target.top() + y);
                    // The image pixel under the screen pixel's centre, or either one where it is on a border.
                    const auto under = [](int i, int from, int to, int& first, int& last) {
                        const qint64 num = qint64(2 * i + 1) * from, den = 2 * qint64(to);
                        last = std::min(from - 1, int(num / den));
                        first = std::max(0, int((num + den - 1) / den) - 1);
                    };
                    int sx0, sx1, sy0, sy1;
                    under(x, image.width(), target.width(), sx0, sx1);
                    under(y, image.height(), target.height(), sy0, sy1);
                    bool found = false;
                    for (int sy = sy0; sy <= sy1 && !found; ++sy)
                        for (int sx = sx0; sx <= sx1 && !found; ++sx)
                            found = qRed(shown) == qGray(image.pixel(sx, sy)) && qRed(shown) == qBlue(shown);
                    wrong += found ? 0 : 1;
                }
            QVERIFY2(wrong == 0, qPrintable(QStringLiteral("%1: %2 pixels of %3x%4 are not an image pixel under them")
                                                .arg(when).arg(wrong).arg(target.width()).arg(target.height())));
            QVERIFY2(target.width() >= 90, when);
            const QColor margin = view.palette().color(QPalette::Window).darker(112);
            const QPoint outside = target.top() > 0 ? QPoint(target.center().x(), target.top() - 1)
                                                    : QPoint(target.left() - 1, target.center().y());
            QVERIFY2(shot.pixelColor(outside).rgb() == margin.rgb(), when);
        };
        check(img, "first image");
        check(img, "painted again from the scaled copy");
        img.invertPixels();
        view.setImage(img);
        check(img, "a new image");
        view.resize(211, 97);
        check(img, "a new size");
    }

    void csvExportHasTheHeadlessColumnsAndMore()
    {
        Fixture f;
        emit f.session->metricsReady(batchOf(1, 5));
        QTemporaryDir dir;
        QString error;
        QVERIFY2(f.panel->exportMetricsCsv(dir.filePath("m.csv"), &error), qPrintable(error));
        QFile csv(dir.filePath("m.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY(lines[0].startsWith("iteration,epoch,batch,d_loss,g_loss,d_real,d_fake,value,jsd_estimate,g_grad_norm"));
        QVERIFY(lines[5].startsWith("5,0,0,0.6,0.9,0.7,0.3,-1.2,"));
        QVERIFY(!f.panel->exportMetricsCsv(dir.filePath("no/such/dir/m.csv"), &error));
    }

    void aRealRunFeedsEveryView()
    {
        Fixture f;
        QSignalSpy ready(f.session.get(), &TrainingSession::engineReady);
        QSignalSpy meter(f.session.get(), &TrainingSession::meterReady);
        f.session->reset();
        QVERIFY(ready.wait(engineTimeoutMs));
        // The meter reads the new networks at once, before any training.
        QTRY_VERIFY_WITH_TIMEOUT(!meter.isEmpty(), engineTimeoutMs);
        const auto r = meter.first().first().value<MeterReading>();
        QVERIFY2(r.available, qPrintable(r.reason));
        QCOMPARE(r.iteration, qint64(0));
        QCOMPARE(r.samples, 1000);
        QVERIFY(std::isfinite(r.frechet) && r.frechet > 0);
        QCOMPARE(f.panel->modeCollapseView()->lastReadingIteration(), qint64(0));
        QCOMPARE(f.panel->metricsLog().readingCount(), 1);
        for (int i = 1; i <= 3; ++i) { // one step at a time: a step request replaces a pending one
            f.session->step();
            QTRY_VERIFY_WITH_TIMEOUT(f.panel->metricsLog().size() == i, engineTimeoutMs);
        }
        QTRY_VERIFY_WITH_TIMEOUT(f.panel->dOutputsView()->iteration() > 0, engineTimeoutMs);
        const auto& real = f.panel->dOutputsView()->realCounts();
        int total = 0;
        for (int c : real)
            total += c;
        QCOMPARE(total, 64); // one batch
        QCOMPARE(meter.size(), 1); // the next reading is due at iteration 1,000
        QVERIFY(f.panel->timelineView()->timeline().size() >= 1); // the grid at reset
        // A live change while paused becomes a marker at the current iteration.
        LiveSettings live = f.session->liveSettings();
        live.loss = GanLoss::Minimax;
        QSignalSpy applied(f.session.get(), &TrainingSession::liveSettingsApplied);
        f.session->setLiveSettings(live);
        QVERIFY(applied.wait(engineTimeoutMs));
        QCOMPARE(f.panel->markers().markers().size(), 1);
        QCOMPARE(f.panel->markers().markers().first().iteration, qint64(3));
        f.session->step();
        QTRY_VERIFY_WITH_TIMEOUT(f.panel->metricsLog().size() == 4, engineTimeoutMs);
        QVERIFY(f.panel->metricsLog().rows().last().loss == GanLoss::Minimax);
        QVERIFY(f.panel->metricsLog().rows().last().gLoss < 0);
    }
};

QTEST_MAIN(AnalysisViewsTest)
#include "tst_analysis_views.moc"
