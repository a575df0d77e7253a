// The latent-space explorer: latent arithmetic (slerp endpoints, clamped sliders, walks),
// the decoder thread (deterministic eval-mode decoding, only the newest request drawn,
// redrawn for each new copy of G), and the explorer in the main window (a picked grid
// cell gives exactly that cell's image; the images follow G while the worker trains).

#include "layout_request_counter.h"
#include "session_test_support.h"
#include "engine/synthetic_data.h"

#include "digit_grid_view.h"
#include "explorer_digit_card.h"
#include "interpolation_panel.h"
#include "latent_decoder.h"
#include "latent_explorer.h"
#include "latent_math.h"
#include "latent_slider_bank.h"
#include "main_window.h"
#include "training_session.h"

#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QtTest>

#include <cmath>

using namespace gan;

namespace {

ExplorerFrame frameFor(const GanEngine& engine)
{
    ExplorerFrame f;
    f.model = engine.snapshot();
    f.realDigits = std::make_shared<const NearestDigitFinder>(engine.dataset());
    return f;
}

QImage gridCell(const QImage& grid, int index)
{
    return grid.copy(2 + (index % 5) * 30, 2 + (index / 5) * 30, 28, 28);
}

// Clicks the centre of cell `index` of the 5x5 grid shown in `view`.
void clickCell(DigitGridView* view, int index)
{
    const QRect r = view->imageRect();
    const double scale = static_cast<double>(r.width()) / view->image().width();
    const QPointF pixel(2 + (index % 5) * 30 + 14, 2 + (index / 5) * 30 + 14);
    QTest::mouseClick(view, Qt::LeftButton, {}, (r.topLeft() + pixel * scale).toPoint());
}

} // namespace

class TestLatentExplorer : public QObject {
    Q_OBJECT
private slots:
    void randomLatentsAreReproducibleGaussians()
    {
        QCOMPARE(randomLatent(100, 7), randomLatent(100, 7));
        QVERIFY(randomLatent(100, 7) != randomLatent(100, 8));
        const auto z = randomLatent(20000, 3);
        double mean = 0, var = 0;
        for (float v : z)
            mean += v / z.size();
        for (float v : z)
            var += (v - mean) * (v - mean) / z.size();
        QVERIFY(std::abs(mean) < 0.03);
        QVERIFY(std::abs(var - 1) < 0.05);
    }

    void slerpEndpointsEqualAAndB()
    {
        const auto a = randomLatent(100, 1), b = randomLatent(100, 2);
        for (Interpolation mode : {Interpolation::Spherical, Interpolation::Linear}) {
            QCOMPARE(interpolate(a, b, 0.0, mode), a);
            QCOMPARE(interpolate(a, b, 1.0, mode), b);
            QCOMPARE(interpolate(a, b, -3.0, mode), a); // t is clamped
            QCOMPARE(interpolate(a, b, 4.0, mode), b);
            const auto path = interpolationPath(a, b, 7, mode);
            QCOMPARE(path.size(), std::size_t(700));
            QCOMPARE(std::vector<float>(path.begin(), path.begin() + 100), a);
            QCOMPARE(std::vector<float>(path.end() - 100, path.end()), b);
        }
        // Why slerp: halfway, the straight line leaves the shell where Gaussian z live.
        const double shell = (latentNorm(a) + latentNorm(b)) / 2;
        QVERIFY(latentNorm(interpolate(a, b, 0.5, Interpolation::Linear)) < 0.8 * shell);
        QVERIFY(latentNorm(interpolate(a, b, 0.5, Interpolation::Spherical)) > 0.95 * shell);
        // Parallel vectors fall back to the line instead of dividing by sin(0).
        auto twice = a;
        for (float& v : twice)
            v *= 2;
        const auto mid = interpolate(a, twice, 0.5, Interpolation::Spherical);
        QVERIFY(std::abs(mid[0] - 1.5f * a[0]) < 1e-5f);
    }

    void sliderValuesAreClamped()
    {
        LatentCoordinates c(100);
        QCOMPARE(c.sliderCount(), 8);
        QCOMPARE(c.setSliderValue(0, 7.5), 3.0);
        QCOMPARE(c.z()[c.dimension(0)], 3.0f);
        QCOMPARE(c.setSliderValue(0, -1e9), -3.0);
        QCOMPARE(c.z()[c.dimension(0)], -3.0f);
        QCOMPARE(c.setSliderValue(0, std::nan("")), -3.0); // NaN changes nothing
        QCOMPARE(c.setSliderValue(1, 1.25), 1.25);
        // A z beyond the range keeps its value; only the slider is pinned at the end.
        std::vector<float> z(100, 0.0f);
        z[c.dimension(2)] = 4.5f;
        c.setZ(z);
        QCOMPARE(c.coordinate(2), 4.5);
        QCOMPARE(c.sliderValue(2), 3.0);
        c.setDimension(0, 500);
        QCOMPARE(c.dimension(0), 99);
        c.useDimensions(40);
        QCOMPARE(c.sliderCount(), 16);
        c.useDimensions(2);
        QCOMPARE(c.sliderCount(), 8);

        // Along orthonormal directions: the slider moves only its own coordinate.
        LatentDirections d;
        d.latentDim = 100;
        d.vectors.assign(200, 0.0f);
        d.vectors[0] = d.vectors[1] = static_cast<float>(std::sqrt(0.5));
        d.vectors[100 + 0] = static_cast<float>(std::sqrt(0.5));
        d.vectors[100 + 1] = -static_cast<float>(std::sqrt(0.5));
        QVERIFY(c.useDirections(d));
        c.setZ(randomLatent(100, 5));
        const double other = c.coordinate(1);
        QCOMPARE(c.setSliderValue(0, 10), 3.0);
        QVERIFY(std::abs(c.coordinate(0) - 3.0) < 1e-5);
        QVERIFY(std::abs(c.coordinate(1) - other) < 1e-5);

        // The explorer and its sliders clamp the same way.
        LatentExplorer explorer;
        explorer.setSliderValue(0, 9);
        const int dim = explorer.coordinates().dimension(0);
        QCOMPARE(explorer.coordinates().z()[dim], 3.0f);
        QCOMPARE(explorer.sliderBank()->slider(0)->value(), explorer.sliderBank()->slider(0)->maximum());
        QCOMPARE(explorer.sliderBank()->valueText(0), QStringLiteral("3.00"));
        explorer.sliderBank()->slider(1)->setValue(-100000); // QSlider itself stops at -3
        QCOMPARE(explorer.coordinates().z()[explorer.coordinates().dimension(1)], -3.0f);
    }

    void walkSpansTwoAxesAroundZ()
    {
        LatentCoordinates c(10);
        c.setZ(std::vector<float>(10, 0.5f));
        const auto w = c.walk(0, 1, 2.0, 8);
        QCOMPARE(w.size(), std::size_t(8 * 8 * 10));
        auto at = [&](int row, int col, int i) { return w[(row * 8 + col) * 10 + i]; };
        QCOMPARE(at(0, 0, 0), -1.5f); // left: x = -2
        QCOMPARE(at(0, 0, 1), 2.5f);  // top: y = +2
        QCOMPARE(at(7, 7, 0), 2.5f);
        QCOMPARE(at(7, 7, 1), -1.5f);
        QCOMPARE(at(3, 5, 4), 0.5f);  // other dimensions stay
    }

    void decodingIsDeterministicInEvalMode()
    {
        GanEngine engine(testdata::syntheticDigits(), smallBatches());
        engine.trainIteration();
        const ExplorerFrame frame = frameFor(engine);
        LatentDecoder decoder;
        QList<DecodeResult> results; // delivered to this thread, queued
        QObject here;
        connect(&decoder, &LatentDecoder::decoded, &here, [&](const DecodeResult& r) { results << r; });
        decoder.setFrame(frame);
        DecodeRequest r;
        r.z = randomLatent(100, 9);
        decoder.request(r);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, 10000);
        decoder.request(r);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2, 10000);
        const DecodeResult& first = results[0];
        const DecodeResult& second = results[1];
        QCOMPARE(first.iteration, 1);
        QCOMPARE(first.image.size(), QSize(28, 28));
        QCOMPARE(second.image, first.image);
        QCOMPARE(second.pixels, first.pixels);
        QCOMPARE(first.pixels, frame.model->generate(r.z, 1));
        QVERIFY(first.realProbability > 0 && first.realProbability < 1);
        QVERIFY(first.nearest.index >= 0 && !first.nearestImage.isNull());
    }

    void onlyTheNewestRequestIsDrawnAndNewFramesRedrawIt()
    {
        GanEngine engine(testdata::syntheticDigits(), smallBatches());
        LatentDecoder decoder;
        QList<DecodeResult> results;
        QObject here;
        connect(&decoder, &LatentDecoder::decoded, &here, [&](const DecodeResult& r) { results << r; });
        DecodeRequest r;
        r.kind = DecodeKind::Walk;
        r.count = 64;
        r.columns = 8;
        quint64 last = 0;
        for (int i = 0; i < 40; ++i) { // queued before any G is there: only the last survives
            r.z = randomLatent(100 * 64, i);
            last = decoder.request(r);
        }
        QVERIFY(results.isEmpty());
        decoder.setFrame(frameFor(engine));
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, 10000);
        QCOMPARE(results[0].id, last);
        QCOMPARE(results[0].iteration, 0);
        QCOMPARE(results[0].image.size(), QSize(8 * 30 + 2, 8 * 30 + 2));
        // A new copy of G draws the standing request again, without a new request.
        engine.trainIteration();
        decoder.setFrame(frameFor(engine));
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2, 10000);
        QCOMPARE(results[1].id, last);
        QCOMPARE(results[1].iteration, 1);
        QVERIFY(results[1].image != results[0].image);
        // A cancelled kind is no longer kept for redrawing.
        QVERIFY(decoder.isStanding(DecodeKind::Walk));
        decoder.cancel(DecodeKind::Walk);
        QVERIFY(!decoder.isStanding(DecodeKind::Walk));
    }

    void pickingAGridCellYieldsExactlyThatCellsImage()
    {
        TrainingSession session;
        session.setResetSettings(smallBatches());
        session.setSampleInterval(1);
        MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LatentExplorer* explorer = window.explorer();
        QVERIFY(explorer);
        QTRY_VERIFY_WITH_TIMEOUT(explorer->frameIteration() == 0 && window.generatedIteration() == 0, 20000);
        session.step();
        QTRY_VERIFY_WITH_TIMEOUT(explorer->frameIteration() == 1 && window.generatedIteration() == 1, 20000);
        session.step(); // BatchNorm's running statistics have moved away from their start
        QTRY_VERIFY_WITH_TIMEOUT(explorer->frameIteration() == 2 && window.generatedIteration() == 2, 20000);
        QSignalSpy picked(explorer, &LatentExplorer::gridCellPicked);
        for (int cell : {0, 7, 13, 24}) {
            clickCell(window.generatedView(), cell);
            QCOMPARE(picked.count() > 0 ? picked.last().at(0).toInt() : -1, cell);
            const QImage expected = gridCell(window.generatedImage(), cell).convertToFormat(QImage::Format_Grayscale8);
            QTRY_VERIFY_WITH_TIMEOUT(explorer->shownIteration() == 2 && explorer->digitImage() == expected, 10000);
        }
        // Moving a slider changes the digit: the picked z is really the one being edited.
        const QImage before = explorer->digitImage();
        explorer->setSliderValue(0, explorer->coordinates().sliderValue(0) > 0 ? -3 : 3);
        QTRY_VERIFY_WITH_TIMEOUT(explorer->digitImage() != before, 10000);
    }

    void explorerFollowsTheWorkerWhileItTrains()
    {
        TrainingSession session;
        session.setResetSettings(smallBatches());
        MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LatentExplorer* explorer = window.explorer();
        explorer->showTab(LatentExplorer::WalkTab);
        QTRY_VERIFY_WITH_TIMEOUT(explorer->shownIteration() == 0, 20000);
        QSignalSpy digits(explorer, &LatentExplorer::digitShown);
        QSignalSpy walks(explorer, &LatentExplorer::walkShown);
        session.start();
        // No user action: each new copy of G redraws the digit and the walk.
        QTRY_VERIFY_WITH_TIMEOUT(digits.count() >= 3 && walks.count() >= 2, 30000);
        session.pause();
        qint64 previous = -1;
        for (const auto& args : digits) {
            QVERIFY(args.at(0).toLongLong() > previous);
            previous = args.at(0).toLongLong();
        }
        QVERIFY(previous > 0);
        QCOMPARE(explorer->walkImage().size(), QSize(242, 242));
        // The strip appears when its tab is shown.
        QSignalSpy strips(explorer, &LatentExplorer::stripShown);
        explorer->showTab(LatentExplorer::InterpolationTab);
        QVERIFY(strips.wait(10000));
        QCOMPARE(explorer->stripImage().size(), QSize(10 * 30 + 2, 32));
    }

    void digitCardKeepsTheExplorerStillAsItsTextsChange()
    {
        // Wrapped, the card's texts took a line more or less as the verdict and the numbers
        // changed. In the window at 1280 x 800 the explorer's tabs then moved up and down by
        // up to 26 pixels, and repainted, twice a second while training ran.
        TrainingSession session;
        session.setResetSettings(smallBatches());
        MainWindow window(&session);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LatentExplorer& explorer = *window.explorer();
        QTRY_VERIFY_WITH_TIMEOUT(explorer.frameIteration() == 0 && explorer.shownIteration() == 0
                                     && explorer.shownDigitId() == explorer.requestedDigitId(),
                                 20000); // the decoder has drawn its digit: nothing else changes the card
        QTest::qWait(100);
        auto* tabs = explorer.findChild<QTabWidget*>(QStringLiteral("explorerTabs"));
        QVERIFY(tabs);
        QImage digit(28, 28, QImage::Format_Grayscale8);
        digit.fill(0);
        QList<QRect> seen;
        LayoutRequestCounter requests(explorer.digitCard());
        qApp->installEventFilter(&requests);
        for (double p : {0.5, 0.93, 0.02})
            for (int index : {7, 59999})
                for (double rms : {3.0, 127.0}) {
                    DecodeResult r;
                    r.image = r.nearestImage = digit;
                    r.realProbability = p;
                    r.nearest.index = index;
                    r.nearest.label = 8;
                    r.nearest.rmsGrey = rms;
                    explorer.digitCard()->showDigit(r);
                    QCoreApplication::sendPostedEvents(); // the layout requests
                    QCoreApplication::processEvents();
                    if (!seen.contains(tabs->geometry()))
                        seen << tabs->geometry();
                }
        qApp->removeEventFilter(&requests);
        QVERIFY2(seen.size() == 1, qPrintable(QStringLiteral("the tabs took %1 places").arg(seen.size())));
        QCOMPARE(requests.count, 0); // not even a layout pass that leaves everything in place
        QVERIFY(explorer.digitCard()->judgement().contains(QStringLiteral("D calls it fake")));
    }

    void newCopiesOfGLeaveTheWindowsLayoutAlone()
    {
        // While training runs, a new copy of G comes about every 0.6 s, and each redraws the
        // digit. A text whose size may change lays out the whole window again at each setText
        // (about 10 ms of the GUI thread's time for the main window): these texts have fixed sizes.
        GanEngine engine(testdata::syntheticDigits(), smallBatches());
        engine.trainIteration();
        LatentExplorer explorer;
        explorer.resize(320, 760);
        explorer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&explorer));
        explorer.setFrame(frameFor(engine)); // the first copy: sliders, texts and layout are set up
        QTRY_VERIFY_WITH_TIMEOUT(explorer.shownIteration() == 1 && explorer.shownDigitId() == explorer.requestedDigitId(), 20000);
        QTest::qWait(100);
        LayoutRequestCounter requests(explorer.digitCard());
        qApp->installEventFilter(&requests);
        for (int i = 2; i <= 4; ++i) {
            engine.trainIteration();
            explorer.setFrame(frameFor(engine));
            QTRY_VERIFY_WITH_TIMEOUT(explorer.shownIteration() == i && explorer.shownDigitId() == explorer.requestedDigitId(), 20000);
        }
        QCoreApplication::sendPostedEvents();
        qApp->removeEventFilter(&requests);
        auto* copy = explorer.findChild<QLabel*>(QStringLiteral("explorerCopyIteration"));
        QVERIFY(copy);
        QVERIFY2(copy->text().contains(QStringLiteral("iteration 4")), qPrintable(copy->text()));
        QCOMPARE(requests.count, 0);
        // The widest texts still fit in full.
        QVERIFY(copy->fontMetrics().horizontalAdvance(copy->text()) <= copy->contentsRect().width());
    }

    void principalDirectionsDriveTheSliders()
    {
        GanEngine engine(testdata::syntheticDigits(), smallBatches());
        for (int i = 0; i < 3; ++i)
            engine.trainIteration();
        LatentExplorer explorer;
        explorer.setFrame(frameFor(engine));
        QVERIFY(explorer.modeText().contains(QStringLiteral("raw dimensions")));
        QSignalSpy shown(&explorer, &LatentExplorer::directionsShown);
        explorer.useDirections(true);
        QVERIFY(explorer.modeText().contains(QStringLiteral("Finding")));
        QVERIFY(shown.wait(60000));
        QCOMPARE(explorer.coordinates().mode(), SliderMode::Directions);
        QVERIFY(explorer.modeText().contains(QStringLiteral("principal directions")));
        QCOMPARE(explorer.coordinates().sliderCount(), 8);
        const double second = explorer.coordinates().coordinate(1);
        explorer.setSliderValue(0, 2.5);
        QVERIFY(std::abs(explorer.coordinates().coordinate(0) - 2.5) < 1e-4);
        QVERIFY(std::abs(explorer.coordinates().coordinate(1) - second) < 1e-4);
        explorer.useDirections(false);
        QCOMPARE(explorer.coordinates().mode(), SliderMode::Dimensions);
    }
};

QTEST_MAIN(TestLatentExplorer)
#include "tst_latent_explorer.moc"
