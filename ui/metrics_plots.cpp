#include "metrics_plots.h"

#include <QHBoxLayout>
#include <QSplitter>

#include <qcustomplot.h>

#include <cmath>

namespace gan {
namespace {

QFont sized(QFont f, double points, bool bold = false)
{
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

} // namespace

MetricsPlots::MetricsPlots(QWidget* parent, int pointsPerCurve)
    : QWidget(parent)
    , m_lossPlot(new QCustomPlot(this))
    , m_outputPlot(new QCustomPlot(this))
    , m_series{SeriesBuffer(pointsPerCurve), SeriesBuffer(pointsPerCurve), SeriesBuffer(pointsPerCurve),
               SeriesBuffer(pointsPerCurve)}
{
    setObjectName(QStringLiteral("metricsPlots"));
    m_lossPlot->setObjectName(QStringLiteral("lossPlot"));
    m_outputPlot->setObjectName(QStringLiteral("outputPlot"));

    setUpPlot(m_lossPlot, tr("Losses"), tr("loss"));
    m_graphs[DLoss] = addCurve(m_lossPlot, tr("D loss"), QColor(0x1f, 0x77, 0xb4));
    m_graphs[GLoss] = addCurve(m_lossPlot, tr("G loss"), QColor(0xe6, 0x6a, 0x00));
    // Both losses sit at log 2 when D outputs 1/2 everywhere (D loss is the mean of two BCE terms).
    addReferenceLine(m_lossPlot, std::log(2.0), tr("log 2: both losses when D = 1/2"));
    m_lossPlot->setToolTip(tr("D minimises BCE(D(x), 1) + BCE(D(G(z)), 0) (shown halved); G minimises "
                              "BCE(D(G(z)), 1). Neither should win for good: they meet near log 2."));

    setUpPlot(m_outputPlot, tr("Discriminator outputs (equilibrium: D = 1/2)"), tr("mean D output"));
    m_graphs[DReal] = addCurve(m_outputPlot, tr("D(x), real digits"), QColor(0x2c, 0xa0, 0x2c));
    m_graphs[DFake] = addCurve(m_outputPlot, tr("D(G(z)), generated"), QColor(0xd6, 0x27, 0x28));
    addReferenceLine(m_outputPlot, 0.5, tr("D* = 1/2"));
    m_outputPlot->yAxis->setRange(-0.02, 1.02);
    m_outputPlot->setToolTip(tr("How sure D is that real digits are real (D(x)) and that G's are real "
                                "(D(G(z))). At the optimum p_g = p_data both are 1/2."));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_lossPlot);
    splitter->addWidget(m_outputPlot);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({1000, 1000}); // equal halves
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    refresh();
}

void MetricsPlots::setUpPlot(QCustomPlot* plot, const QString& title, const QString& yLabel)
{
    const QFont base = font();
    plot->setMinimumSize(260, 200);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, sized(base, 13, true)));
    plot->xAxis->setLabel(tr("iteration"));
    plot->yAxis->setLabel(yLabel);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setLabelFont(sized(base, 11));
        axis->setTickLabelFont(sized(base, 10));
        axis->grid()->setPen(QPen(QColor(220, 220, 220), 1, Qt::DotLine));
    }
    plot->xAxis->ticker()->setTickCount(6);
    plot->legend->setVisible(true);
    plot->legend->setFont(sized(base, 10));
    plot->legend->setBrush(QColor(255, 255, 255, 215));
    plot->legend->setBorderPen(QPen(QColor(180, 180, 180)));
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->setNoAntialiasingOnDrag(true);
}

QCPGraph* MetricsPlots::addCurve(QCustomPlot* plot, const QString& name, const QColor& color)
{
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setPen(QPen(color, 2));
    g->setAdaptiveSampling(true);
    return g;
}

void MetricsPlots::addReferenceLine(QCustomPlot* plot, double y, const QString& label)
{
    auto* line = new QCPItemStraightLine(plot);
    line->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
    line->point1->setCoords(0, y);
    line->point2->setCoords(1, y);
    line->setSelectable(false);

    auto* text = new QCPItemText(plot);
    text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    text->position->setTypeY(QCPItemPosition::ptPlotCoords);
    text->position->setCoords(0.015, y);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    text->setText(label);
    text->setColor(QColor(60, 60, 60));
    text->setBrush(QColor(255, 255, 255, 200));
    text->setPadding(QMargins(3, 1, 3, 1));
    text->setFont(sized(font(), 9.5));
    text->setSelectable(false);
    text->setLayer(QStringLiteral("legend")); // above the curves
}

void MetricsPlots::append(const QVector<IterationMetrics>& items)
{
    if (items.isEmpty())
        return;
    for (const IterationMetrics& m : items) {
        const double x = double(m.iteration);
        m_series[DLoss].append(x, m.dLoss);
        m_series[GLoss].append(x, m.gLoss);
        m_series[DReal].append(x, m.dReal);
        m_series[DFake].append(x, m.dFake);
    }
    refresh();
}

void MetricsPlots::clear()
{
    for (SeriesBuffer& s : m_series)
        s.clear();
    refresh();
}

int MetricsPlots::pointCount(Curve c) const
{
    return m_graphs[c]->dataCount();
}

void MetricsPlots::refresh()
{
    double first = 0, last = 0;
    bool any = false;
    for (int c = 0; c < CurveCount; ++c) {
        const QVector<double> keys = m_series[c].keys();
        m_graphs[c]->setData(keys, m_series[c].values(), true);
        if (keys.isEmpty())
            continue;
        first = any ? qMin(first, keys.first()) : keys.first();
        last = any ? qMax(last, m_series[c].lastSampleKey()) : m_series[c].lastSampleKey();
        any = true;
    }
    if (!any) {
        first = 0;
        last = 100;
    }
    last = qMax(last, first + 10); // a few points still get a readable axis
    for (QCustomPlot* plot : {m_lossPlot, m_outputPlot})
        plot->xAxis->setRange(first, last);

    // Losses are never negative: start at 0 and leave headroom above the highest point.
    double top = 1.0;
    for (Curve c : {DLoss, GLoss}) {
        double lo = 0, hi = 0;
        if (m_series[c].valueRange(&lo, &hi))
            top = qMax(top, hi * 1.1);
    }
    m_lossPlot->yAxis->setRange(0, top);

    m_lossPlot->replot(QCustomPlot::rpQueuedReplot);
    m_outputPlot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace gan
