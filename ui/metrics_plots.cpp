#include "metrics_plots.h"

#include "time_series_plot.h"
#include "engine/gan_theory.h"

#include <QHBoxLayout>
#include <QSplitter>

namespace gan {

MetricsPlots::MetricsPlots(QWidget* parent, int pointsPerCurve)
    : QTabWidget(parent)
    , m_lossPlot(new TimeSeriesPlot(tr("Losses"), tr("loss"), nullptr, pointsPerCurve))
    , m_gradPlot(new TimeSeriesPlot(tr("G's gradient norm"), tr("‖∇θ G loss‖"), nullptr, pointsPerCurve))
    , m_outputPlot(new TimeSeriesPlot(tr("D's mean outputs (D* = 1/2)"), tr("mean D output"), nullptr,
                                      pointsPerCurve))
    , m_valuePlot(new TimeSeriesPlot(tr("V(D,G) and the JSD estimate"), tr("V(D,G)"), nullptr, pointsPerCurve))
{
    setObjectName(QStringLiteral("metricsPlots"));
    m_lossPlot->setObjectName(QStringLiteral("lossPlot"));
    m_gradPlot->setObjectName(QStringLiteral("gradientPlot"));
    m_outputPlot->setObjectName(QStringLiteral("outputPlot"));
    m_valuePlot->setObjectName(QStringLiteral("valuePlot"));

    m_index[DLoss] = m_lossPlot->addCurve(tr("D loss"), QColor(0x1f, 0x77, 0xb4));
    m_index[GLoss] = m_lossPlot->addCurve(tr("G loss"), QColor(0xe6, 0x6a, 0x00));
    // Both BCE losses sit at log 2 when D outputs 1/2 everywhere (D loss is the mean of two BCE terms).
    m_lossPlot->addReferenceLine(theory::log2, tr("log 2 (D = 1/2)"));
    m_lossPlot->setYRange(TimeSeriesPlot::Range::AutoFromZero, 0, 1);
    m_lossPlot->setToolTip(tr("D minimises BCE(D(x), 1) + BCE(D(G(z)), 0) (shown halved). G minimises -log D(G(z)) "
                              "(non-saturating, the seed's), log(1 - D(G(z))) (minimax, the paper's; negative) or, "
                              "with LSGAN, squared errors on D's logit. With BCE neither should win for good: they "
                              "meet near log 2."));

    m_index[GGradNorm] = m_gradPlot->addCurve(tr("G's gradient (all layers)"), QColor(0x8c, 0x56, 0x4b));
    m_gradPlot->setYRange(TimeSeriesPlot::Range::AutoFromZero, 0, 0.1);
    m_gradPlot->setToolTip(tr("The L2 norm of the gradient of G's loss over all of G's weights at its last step. "
                              "With the minimax loss it collapses as soon as D rejects G's digits confidently "
                              "(give D the upper hand: k = 5, lr D 1e-3): log(1 - D(G(z))) is flat there. The non-saturating loss and LSGAN "
                              "keep it large. Try the log y scale."));

    m_index[DReal] = m_outputPlot->addCurve(tr("D(x), real"), QColor(0x2c, 0xa0, 0x2c));
    m_index[DFake] = m_outputPlot->addCurve(tr("D(G(z)), fake"), QColor(0xd6, 0x27, 0x28));
    m_outputPlot->addReferenceLine(0.5, tr("D* = 1/2"));
    m_outputPlot->setYRange(TimeSeriesPlot::Range::Fixed, -0.02, 1.02);
    m_outputPlot->setToolTip(tr("How sure D is that real digits are real (D(x)) and that G's are real (D(G(z))), "
                                "averaged over a batch. For fixed G the best D is D*(x) = p_data / (p_data + p_g); "
                                "at the optimum p_g = p_data both are 1/2."));

    m_index[Value] = m_valuePlot->addCurve(tr("V(D,G)"), QColor(0x1f, 0x77, 0xb4));
    m_index[JsdEstimate] = m_valuePlot->addCurve(tr("JSD est., if D ≈ D*"),
                                                 QColor(0x94, 0x67, 0xbd), /*rightAxis=*/true);
    m_valuePlot->addReferenceLine(-theory::log4, tr("−log 4 (optimum)"));
    m_valuePlot->setRightAxisLabel(tr("(V + log 4)/2, valid only if D ≈ D*"));
    m_valuePlot->setYRange(TimeSeriesPlot::Range::Auto, -2, 0);
    m_valuePlot->setYRange(TimeSeriesPlot::Range::Auto, -0.1, 0.7, /*rightAxis=*/true);
    m_valuePlot->setLogYAllowed(false); // V and the estimate can be negative
    m_valuePlot->setToolTip(tr("V(D,G) = E log D(x) + E log(1 - D(G(z))) on the batch. For the best D, "
                               "V = -log 4 + 2 JSD(p_data || p_g), so (V + log 4) / 2 estimates the Jensen-Shannon "
                               "divergence, but only while D is near-optimal: a weaker D lowers V, so the estimate "
                               "then falls below the true JSD (it can even go negative). Under LSGAN D is not "
                               "trained for this V: read it loosely. Linear axis always (V is negative)."));

    m_lossesPage = page(m_lossPlot, m_gradPlot);
    m_equilibriumPage = page(m_outputPlot, m_valuePlot);
    addTab(m_lossesPage, tr("Losses"));
    addTab(m_equilibriumPage, tr("Equilibrium"));
}

QWidget* MetricsPlots::page(TimeSeriesPlot* left, TimeSeriesPlot* right)
{
    auto* w = new QWidget;
    auto* splitter = new QSplitter(Qt::Horizontal, w);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({1000, 1000}); // equal halves
    auto* layout = new QHBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    return w;
}

TimeSeriesPlot* MetricsPlots::plotOf(Curve c) const
{
    switch (c) {
    case DLoss:
    case GLoss: return m_lossPlot;
    case GGradNorm: return m_gradPlot;
    case DReal:
    case DFake: return m_outputPlot;
    case Value:
    case JsdEstimate:
    case CurveCount: break;
    }
    return m_valuePlot;
}

void MetricsPlots::append(const QVector<IterationMetrics>& items)
{
    if (items.isEmpty())
        return;
    for (const IterationMetrics& m : items) {
        const double x = double(m.iteration);
        m_lossPlot->append(m_index[DLoss], x, m.dLoss);
        m_lossPlot->append(m_index[GLoss], x, m.gLoss);
        m_gradPlot->append(m_index[GGradNorm], x, m.gGradNorm);
        m_outputPlot->append(m_index[DReal], x, m.dReal);
        m_outputPlot->append(m_index[DFake], x, m.dFake);
        m_valuePlot->append(m_index[Value], x, m.value);
        m_valuePlot->append(m_index[JsdEstimate], x, theory::jsdEstimate(m.value));
    }
    for (TimeSeriesPlot* p : allPlots())
        p->refresh();
}

void MetricsPlots::clear()
{
    for (TimeSeriesPlot* p : allPlots())
        p->clearData();
}

void MetricsPlots::setSmoothing(double perIteration)
{
    for (TimeSeriesPlot* p : allPlots())
        p->setSmoothing(perIteration);
}

void MetricsPlots::setLogX(bool on)
{
    for (TimeSeriesPlot* p : allPlots())
        p->setLogX(on);
}

void MetricsPlots::setLogY(bool on)
{
    for (TimeSeriesPlot* p : allPlots())
        p->setLogY(on);
}

void MetricsPlots::setMarkers(const QVector<ChangeMarker>& markers)
{
    for (TimeSeriesPlot* p : allPlots())
        p->setMarkers(markers);
}

int MetricsPlots::pointCount(Curve c) const { return plotOf(c)->pointCount(m_index[c]); }

const SeriesBuffer& MetricsPlots::series(Curve c) const { return plotOf(c)->series(m_index[c]); }

} // namespace gan
