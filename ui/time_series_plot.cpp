#include "time_series_plot.h"

#include "engine/gan_theory.h"
#include "live_plot_painting.h"

#include <cmath>
#include <limits>

namespace gan {
namespace {

QFont sized(QFont f, double points, bool bold = false)
{
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

void setScale(QCPAxis* axis, bool log)
{
    const bool isLog = axis->scaleType() == QCPAxis::stLogarithmic;
    if (isLog == log)
        return;
    axis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    axis->ticker()->setTickCount(4);
}

// A curve whose legend shows its colour at the full width, however thin the curve is drawn.
class CurveGraph final : public QCPGraph {
public:
    CurveGraph(QCPAxis* key, QCPAxis* value, int legendWidth)
        : QCPGraph(key, value)
        , m_legendWidth(legendWidth)
    {
    }

protected:
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override
    {
        applyDefaultAntialiasingHint(painter);
        QPen pen = this->pen();
        pen.setWidth(m_legendWidth);
        painter->setPen(pen);
        const double y = rect.top() + rect.height() / 2.0;
        painter->drawLine(QLineF(rect.left(), y, rect.right() + 5, y));
    }

private:
    const int m_legendWidth;
};

} // namespace

TimeSeriesPlot::TimeSeriesPlot(const QString& title, const QString& yLabel, QWidget* parent, int pointsPerCurve)
    : QCustomPlot(parent)
    , m_pointsPerCurve(pointsPerCurve)
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &TimeSeriesPlot::refreshNow);
    const QFont base = font();
    setMinimumSize(240, 170);
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, new QCPTextElement(this, title, sized(base, 12, true)));
    xAxis->setLabel(tr("iteration"));
    yAxis->setLabel(yLabel);
    for (QCPAxis* axis : {xAxis, yAxis, yAxis2}) {
        axis->setLabelFont(sized(base, 10.5));
        axis->setTickLabelFont(sized(base, 9.5));
        axis->grid()->setPen(QPen(QColor(220, 220, 220), 1, Qt::DotLine));
    }
    xAxis->ticker()->setTickCount(4);
    legend->setVisible(true);
    legend->setFont(sized(base, 9));
    legend->setBrush(QColor(255, 255, 255, 215));
    legend->setBorderPen(QPen(QColor(180, 180, 180)));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    setNoAntialiasingOnDrag(true);
    // Opaque: the tab page's Fusion frame, a gradient, was repainted behind every refresh.
    paintWithWindow(this);
    // Antialiased curves drawn as one polyline rather than segment by segment. Measured with
    // --report while training: the GUI thread's share of a core from 15% down to 5%, and the
    // longest event-loop stall from about 65 ms down to 5 ms. Joins of 1-2 px lines look alike.
    setPlottingHint(QCP::phFastPolylines, true);
    refresh();
}

int TimeSeriesPlot::addCurve(const QString& name, const QColor& color, bool rightAxis, int width)
{
    QCPGraph* g = new CurveGraph(xAxis, rightAxis ? yAxis2 : yAxis, width);
    g->setName(name);
    g->setPen(QPen(color, width));
    g->setAdaptiveSampling(true);
    if (rightAxis)
        yAxis2->setVisible(true);
    m_curves.push_back(Curve{SeriesBuffer(m_pointsPerCurve), g, rightAxis, width});
    return int(m_curves.size()) - 1;
}

void TimeSeriesPlot::addReferenceLine(double y, const QString& label, bool rightAxis)
{
    QCPAxis* yAx = rightAxis ? yAxis2 : yAxis;
    auto* line = new QCPItemStraightLine(this);
    line->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
    for (QCPItemPosition* p : {line->point1, line->point2})
        p->setAxes(xAxis, yAx);
    line->point1->setCoords(1, y); // positive x: valid on a logarithmic axis too
    line->point2->setCoords(2, y);
    line->setSelectable(false);

    auto* text = new QCPItemText(this);
    text->position->setAxes(xAxis, yAx);
    text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    text->position->setTypeY(QCPItemPosition::ptPlotCoords);
    text->position->setCoords(rightAxis ? 0.985 : 0.015, y);
    text->setPositionAlignment((rightAxis ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignBottom);
    text->setText(label);
    text->setColor(QColor(60, 60, 60));
    text->setBrush(QColor(255, 255, 255, 200));
    text->setPadding(QMargins(3, 1, 3, 1));
    text->setFont(sized(font(), 9));
    text->setSelectable(false);
    text->setLayer(QStringLiteral("legend")); // above the curves
}

void TimeSeriesPlot::setRightAxisLabel(const QString& label)
{
    yAxis2->setLabel(label);
    yAxis2->setVisible(true);
    yAxis2->setTickLabels(true);
}

void TimeSeriesPlot::setYRange(Range mode, double lo, double hi, bool rightAxis)
{
    (rightAxis ? m_right : m_left) = AxisRange{mode, lo, hi};
    refresh();
}

void TimeSeriesPlot::append(int curve, double x, double y)
{
    m_curves[curve].series.append(x, y);
}

void TimeSeriesPlot::clearData()
{
    for (Curve& c : m_curves)
        c.series.clear();
    m_xExtent = 0;
    refresh();
}

void TimeSeriesPlot::setXExtent(double lastIteration) { m_xExtent = lastIteration; }

void TimeSeriesPlot::setSmoothing(double perIteration)
{
    m_smoothing = std::clamp(perIteration, 0.0, 0.9999);
    refresh();
}

void TimeSeriesPlot::setLogX(bool on)
{
    m_logX = on;
    refresh();
}

void TimeSeriesPlot::setLogY(bool on)
{
    m_logY = on;
    refresh();
}

void TimeSeriesPlot::setMarkers(const QVector<ChangeMarker>& markers)
{
    for (QCPAbstractItem* item : m_markerItems)
        removeItem(item);
    m_markerItems.clear();
    const QPen pen(QColor(128, 60, 170), 1.2, Qt::DashDotLine);
    for (const ChangeMarker& m : markers) {
        const double x = double(m.iteration) + 0.5; // between the last old and the first new iteration
        auto* line = new QCPItemStraightLine(this);
        line->setPen(pen);
        for (QCPItemPosition* p : {line->point1, line->point2}) {
            p->setTypeX(QCPItemPosition::ptPlotCoords);
            p->setTypeY(QCPItemPosition::ptAxisRectRatio);
        }
        line->point1->setCoords(x, 0);
        line->point2->setCoords(x, 1);
        line->setSelectable(false);

        auto* text = new QCPItemText(this);
        text->position->setTypeX(QCPItemPosition::ptPlotCoords);
        text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        text->position->setCoords(x, 0.01);
        text->setRotation(-90); // reads upwards, right of the line, ending at the top
        text->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        text->setText(m.label);
        text->setColor(QColor(100, 40, 140));
        text->setBrush(QColor(255, 255, 255, 190));
        text->setPadding(QMargins(2, 0, 2, 0));
        text->setFont(sized(font(), 8.5));
        text->setSelectable(false);
        text->setLayer(QStringLiteral("legend"));
        m_markerItems << line << text;
    }
    refresh();
}

QStringList TimeSeriesPlot::markerLabels() const
{
    QStringList labels;
    for (QCPAbstractItem* item : m_markerItems)
        if (auto* t = qobject_cast<QCPItemText*>(item))
            labels << t->text();
    return labels;
}

int TimeSeriesPlot::pointCount(int curve) const
{
    flushPendingRefresh();
    return m_curves[curve].graph->dataCount();
}

void TimeSeriesPlot::DrawnRange::add(double v)
{
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    if (v > 0) {
        positiveLo = std::min(positiveLo, v);
        positiveHi = std::max(positiveHi, v);
    }
}

void TimeSeriesPlot::applyYRange(QCPAxis* axis, const AxisRange& r, const DrawnRange& drawn)
{
    const bool log = logY();
    setScale(axis, log);
    const double lo = log ? drawn.positiveLo : drawn.lo, hi = log ? drawn.positiveHi : drawn.hi;
    const bool any = lo <= hi;
    if (r.mode == Range::Fixed) {
        axis->setRange(log ? std::max(r.lo, 1e-3) : r.lo, r.hi);
        return;
    }
    if (log) {
        if (!any)
            axis->setRange(0.01, 1);
        else
            axis->setRange(lo / 1.5, std::max(hi * 1.5, lo * 2));
        return;
    }
    if (r.mode == Range::AutoFromZero) {
        const double top = any ? std::max(r.hi, hi * 1.1) : r.hi;
        const double bottom = any && lo < 0 ? lo * 1.1 : 0.0;
        axis->setRange(bottom, top);
        return;
    }
    if (!any) {
        axis->setRange(r.lo, r.hi);
        return;
    }
    const double span = std::max(hi - lo, 1e-3);
    axis->setRange(lo - 0.08 * span, hi + 0.08 * span);
}

void TimeSeriesPlot::refresh()
{
    if (m_sinceRefresh.isValid() && m_sinceRefresh.elapsed() < refreshGapMs) {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start(int(refreshIntervalMs - m_sinceRefresh.elapsed()));
        return;
    }
    refreshNow();
}

void TimeSeriesPlot::flushPendingRefresh() const
{
    if (m_refreshTimer.isActive())
        const_cast<TimeSeriesPlot*>(this)->refreshNow();
}

void TimeSeriesPlot::refreshNow()
{
    m_refreshTimer.stop();
    m_sinceRefresh.start();
    double first = 0, last = 0;
    bool any = false;
    DrawnRange left, right;
    for (Curve& c : m_curves) {
        const QVector<double> keys = c.series.keys();
        QVector<double> values = c.series.values();
        if (m_smoothing > 0 && !keys.isEmpty()) {
            const auto smoothed = theory::emaSmooth(std::vector<double>(keys.begin(), keys.end()),
                                                    std::vector<double>(values.begin(), values.end()), m_smoothing);
            values = QVector<double>(smoothed.begin(), smoothed.end());
        }
        c.graph->setData(keys, values, true);
        for (const double v : values)
            (c.right ? right : left).add(v);
        // More raw points than the plot has pixel columns: the curve is a band of zigzags, whose
        // look a 1-pixel pen keeps, and which Qt draws in a fraction of a wider pen's time (its
        // stroker then needs no outline of every segment). Wide curves were the GUI thread's
        // largest cost while training ran. Such a band also looks the same without
        // antialiasing, which Qt draws faster.
        const bool band = m_smoothing == 0 && keys.size() > axisRect()->width();
        QPen pen = c.graph->pen();
        pen.setWidth(band ? 1 : c.width);
        c.graph->setPen(pen);
        c.graph->setAntialiased(!band);
        if (keys.isEmpty())
            continue;
        first = any ? std::min(first, keys.first()) : keys.first();
        last = any ? std::max(last, c.series.lastSampleKey()) : c.series.lastSampleKey();
        any = true;
    }
    if (!any) {
        first = 0;
        last = 100;
    }
    last = std::max(last, m_xExtent);
    setScale(xAxis, m_logX);
    if (m_logX) {
        first = std::max(first, 1.0);
        last = std::max(last, first * 10);
    } else {
        last = std::max(last, first + 10); // a few points still get a readable axis
    }
    xAxis->setRange(first, last);
    applyYRange(yAxis, m_left, left);
    if (yAxis2->visible())
        applyYRange(yAxis2, m_right, right);

    if (isVisible()) {
        m_dirty = false;
        replot(QCustomPlot::rpQueuedReplot);
    } else {
        m_dirty = true;
    }
}

void TimeSeriesPlot::showEvent(QShowEvent* event)
{
    QCustomPlot::showEvent(event);
    if (m_dirty) {
        m_dirty = false;
        replot(QCustomPlot::rpQueuedReplot);
    }
}

} // namespace gan
