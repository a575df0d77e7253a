// The models behind the theory views, without widgets: the change-marker list, the
// bounded timeline and its GIF and PNG-strip exports, the metrics log and its CSV.

#include "change_markers.h"
#include "grid_timeline.h"
#include "metrics_csv.h"
#include "metrics_log.h"
#include "timeline_export.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QTest>

#include <gif_lib.h>

#include <algorithm>
#include <cmath>

using namespace gan;

namespace {

QImage grey(int value, int size = 20)
{
    QImage img(size, size, QImage::Format_Grayscale8);
    img.fill(value);
    return img;
}

IterationMetrics metricsAt(qint64 iteration)
{
    IterationMetrics m;
    m.iteration = iteration;
    m.epoch = 2;
    m.batchInEpoch = 7;
    m.dLoss = 0.5;
    m.gLoss = 1.25;
    m.dReal = 0.75;
    m.dFake = 0.25;
    m.value = -1.0;
    m.gGradNorm = 3.5;
    m.loss = GanLoss::Minimax;
    return m;
}

int readFromBuffer(GifFileType* gif, GifByteType* out, int length)
{
    auto* buffer = static_cast<QBuffer*>(gif->UserData);
    return int(buffer->read(reinterpret_cast<char*>(out), length));
}

} // namespace

class AnalysisModelsTest : public QObject {
    Q_OBJECT

private slots:
    void markerLabelsNameEveryChange()
    {
        LiveSettings a, b;
        b.lrD = 1e-3;
        QCOMPARE(ChangeMarkerList::describe(a, b), QStringLiteral("lr D 2e-4 → 1e-3"));
        b.k = 5;
        b.loss = GanLoss::Minimax;
        QCOMPARE(ChangeMarkerList::describe(a, b), QStringLiteral("lr D 2e-4 → 1e-3, k 1 → 5, loss non-saturating → minimax"));
        b = a;
        b.beta1 = 0.9;
        b.lrG = 1.5e-4;
        QCOMPARE(ChangeMarkerList::describe(a, b), QStringLiteral("lr G 2e-4 → 1.5e-4, β1 0.5 → 0.9"));
        QVERIFY(ChangeMarkerList::describe(a, a).isEmpty());
        QCOMPARE(ChangeMarkerList::compactNumber(0.01, true), QStringLiteral("0.01"));
        QCOMPARE(ChangeMarkerList::compactNumber(9.996e-5, true), QStringLiteral("1e-4"));
    }

    void markerListMergesAndReverts()
    {
        ChangeMarkerList list(/*mergeWindow=*/10);
        LiveSettings s;
        QVERIFY(!list.apply(s, 0)); // the first call sets the baseline
        QVERIFY(list.markers().isEmpty());
        s.lrD = 1e-3;
        QVERIFY(list.apply(s, 100));
        QCOMPARE(list.markers().size(), 1);
        QCOMPARE(list.markers()[0].iteration, qint64(100));
        QVERIFY(!list.apply(s, 120)); // nothing changed
        // A second change within the window joins the first marker.
        s.lrD = 2e-3;
        QVERIFY(list.apply(s, 105));
        QCOMPARE(list.markers().size(), 1);
        QCOMPARE(list.markers()[0].label, QStringLiteral("lr D 2e-4 → 2e-3"));
        // Changed back within the window: no marker left.
        s.lrD = 2e-4;
        QVERIFY(list.apply(s, 108));
        QVERIFY(list.markers().isEmpty());
        // Far apart: two markers.
        s.k = 2;
        list.apply(s, 200);
        s.k = 3;
        list.apply(s, 400);
        QCOMPARE(list.markers().size(), 2);
        QCOMPARE(list.markers()[1].label, QStringLiteral("k 2 → 3"));
        // A new run starts clean from its own settings.
        list.setBaseline(LiveSettings{});
        QVERIFY(list.markers().isEmpty());
        QVERIFY(list.hasBaseline());
    }

    void markerListIsBounded()
    {
        ChangeMarkerList list(0, /*capacity=*/5);
        LiveSettings s;
        list.setBaseline(s);
        for (int i = 1; i <= 20; ++i) {
            s.k = 1 + i % 2;
            list.apply(s, i * 10);
        }
        QCOMPARE(list.markers().size(), 5);
        QCOMPARE(list.markers().last().iteration, qint64(200));
    }

    void timelineStaysBoundedAndCoversTheRun()
    {
        GridTimeline t(40);
        for (int i = 0; i <= 1000; ++i) {
            t.append(i * 50, grey(i % 256));
            QVERIFY(t.size() <= 40);
        }
        QCOMPARE(t.frame(0).iteration, qint64(0));            // the start stays
        QCOMPARE(t.frames().last().iteration, qint64(50000)); // the newest is there
        QVERIFY(t.size() >= 20);
        QVERIFY(t.droppedCount() > 900);
        for (int i = 1; i < t.size(); ++i)
            QVERIFY(t.frame(i).iteration > t.frame(i - 1).iteration);
        // Recent frames are denser than old ones.
        const qint64 recentGap = t.frame(t.size() - 1).iteration - t.frame(t.size() - 2).iteration;
        const qint64 oldGap = t.frame(2).iteration - t.frame(1).iteration;
        QVERIFY(oldGap > recentGap);
        const auto spaced = t.evenlySpaced(5);
        QCOMPARE(spaced.size(), 5);
        QCOMPARE(spaced.first().iteration, qint64(0));
        QCOMPARE(spaced.last().iteration, qint64(50000));
        // Same iteration replaces; an older one (another run) restarts.
        t.append(50000, grey(1));
        QCOMPARE(t.frames().last().image.pixelColor(0, 0), QColor(1, 1, 1));
        t.append(10, grey(2));
        QCOMPARE(t.size(), 1);
    }

    void gifHoldsEveryFrameAndLoops()
    {
        GridTimeline t;
        for (int i = 0; i < 6; ++i)
            t.append(i * 100, grey(40 * i));
        QString error;
        const QByteArray gif = encodeTimelineGif(t.frames(), 10, 2, &error);
        QVERIFY2(!gif.isEmpty(), qPrintable(error));
        QVERIFY(gif.startsWith("GIF89a"));
        QVERIFY(gif.contains("NETSCAPE2.0"));

        QBuffer buffer;
        buffer.setData(gif);
        buffer.open(QIODevice::ReadOnly);
        int code = 0;
        GifFileType* in = DGifOpen(&buffer, readFromBuffer, &code);
        QVERIFY(in);
        QCOMPARE(DGifSlurp(in), GIF_OK);
        QCOMPARE(in->ImageCount, 6);
        QCOMPARE(in->SWidth, 40); // scaled twice
        QVERIFY(in->SHeight > 40); // plus the caption band
        // The grid's grey level survives (greyscale palette, top-left pixel of frame 3).
        const SavedImage& frame3 = in->SavedImages[3];
        const GifColorType c = in->SColorMap->Colors[frame3.RasterBits[0]];
        QCOMPARE(int(c.Red), 120);
        DGifCloseFile(in, &code);

        QTemporaryDir dir;
        QVERIFY(writeTimelineGif(dir.filePath("t.gif"), t.frames(), 10, 2, &error));
        QVERIFY(QFileInfo(dir.filePath("t.gif")).size() > 100);
        QVERIFY(!writeTimelineGif(dir.filePath("missing/dir/t.gif"), t.frames(), 10, 2, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(encodeTimelineGif({}, 10, 2, &error).isEmpty());
    }

    void stripLaysFramesSideBySide()
    {
        GridTimeline t;
        for (int i = 0; i < 30; ++i)
            t.append(i, grey(i * 8, 24));
        const QImage strip = makeTimelineStrip(t.evenlySpaced(12));
        QVERIFY(!strip.isNull());
        QCOMPARE(strip.width(), 12 * 24 + 11 * 4);
        QVERIFY(strip.height() > 24);
        QCOMPARE(qGray(strip.pixel(0, 0)), 0);            // first frame: black
        QCOMPARE(qGray(strip.pixel(strip.width() - 1, 0)), 29 * 8); // last frame
        QVERIFY(makeTimelineStrip({}).isNull());
    }

    void csvKeepsTheSeedColumnsFirst()
    {
        const QByteArray header = metricsCsvHeader();
        QVERIFY(header.startsWith("iteration,epoch,batch,d_loss,g_loss,d_real,d_fake,"));
        QVERIFY(header.endsWith("value,jsd_estimate,g_grad_norm,loss,class_entropy,frechet_distance\n"));
        const QByteArray row = metricsCsvRow(metricsAt(12));
        const QList<QByteArray> cells = row.trimmed().split(',');
        QCOMPARE(cells.size(), header.trimmed().split(',').size());
        QCOMPARE(row.left(row.indexOf(",-1")), QByteArray("12,2,7,0.5,1.25,0.75,0.25"));
        QCOMPARE(cells[7], QByteArray("-1"));
        QVERIFY(std::abs(cells[8].toDouble() - (-1 + std::log(4.0)) / 2) < 1e-8);
        QCOMPARE(cells[9], QByteArray("3.5"));
        QCOMPARE(cells[10], QByteArray("minimax"));
        QVERIFY(cells[11].isEmpty() && cells[12].isEmpty());
        MeterReading r;
        r.available = true;
        r.entropy = 2.25;
        r.frechet = 14.5;
        QVERIFY(metricsCsvRow(metricsAt(12), &r).endsWith(",minimax,2.25,14.5\n"));
    }

    void metricsLogJoinsReadingsAndStaysBounded()
    {
        MetricsLog log(100);
        QVector<IterationMetrics> batch;
        for (int i = 1; i <= 1000; ++i)
            batch << metricsAt(i);
        log.append(batch);
        QVERIFY(log.size() <= 100);
        QVERIFY(log.size() >= 50);
        QCOMPARE(log.rows().first().iteration, qint64(1));
        QCOMPARE(log.rows().last().iteration, qint64(1000));
        MeterReading r;
        r.iteration = 1000;
        r.available = true;
        r.entropy = 1.5;
        r.frechet = 3;
        log.addReading(r);
        MeterReading off; // unavailable readings are not kept
        off.iteration = 999;
        log.addReading(off);
        QCOMPARE(log.readingCount(), 1);
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QVERIFY(log.writeCsv(&out));
        const QList<QByteArray> lines = out.data().trimmed().split('\n');
        QCOMPARE(lines.size(), log.size() + 1);
        QCOMPARE(lines.first() + '\n', metricsCsvHeader());
        QVERIFY(lines.last().startsWith("1000,"));
        QVERIFY(lines.last().endsWith(",1.5,3"));
        QVERIFY(lines[1].endsWith(",,"));
        // Readings where no row is kept: at a reset (iteration 0) and at an iteration the
        // bounded log dropped. Each gets a row of its own, in iteration order.
        MeterReading atReset = r;
        atReset.iteration = 0;
        atReset.entropy = 2;
        atReset.frechet = 4;
        log.addReading(atReset);
        qint64 dropped = 2;
        while (std::any_of(log.rows().begin(), log.rows().end(),
                           [&](const IterationMetrics& m) { return m.iteration == dropped; }))
            ++dropped;
        MeterReading between = r;
        between.iteration = dropped;
        log.addReading(between);
        out.close();
        out.setData(QByteArray());
        out.open(QIODevice::WriteOnly);
        QVERIFY(log.writeCsv(&out));
        const QList<QByteArray> withReadings = out.data().trimmed().split('\n');
        QCOMPARE(withReadings.size(), log.size() + 3);
        QCOMPARE(withReadings[1], QByteArray("0,,,,,,,,,,,2,4"));
        QCOMPARE(withReadings[2].left(withReadings[2].indexOf(',')), QByteArray("1"));
        const auto at = std::find_if(withReadings.begin(), withReadings.end(),
                                     [&](const QByteArray& l) { return l.startsWith(QByteArray::number(dropped) + ','); });
        QVERIFY(at != withReadings.end());
        QCOMPARE(*at, QByteArray::number(dropped) + ",,,,,,,,,,,1.5,3");
        const auto iterationOf = [](const QByteArray& line) { return line.left(line.indexOf(',')).toLongLong(); };
        QVERIFY(iterationOf(*(at - 1)) < dropped && iterationOf(*(at + 1)) > dropped);
        QVERIFY(withReadings.last().endsWith(",1.5,3"));
        log.clear();
        QCOMPARE(log.size(), 0);
    }
};

QTEST_MAIN(AnalysisModelsTest)
#include "tst_analysis_models.moc"
