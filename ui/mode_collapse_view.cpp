#include "mode_collapse_view.h"

#include "live_plot_painting.h"
#include "time_series_plot.h"
#include "engine/gan_theory.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace gan {

ModeCollapseView::ModeCollapseView(QWidget* parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_interval(new QSpinBox(this))
    , m_stack(new QStackedWidget(this))
    , m_unavailable(new QLabel(this))
    , m_classPlot(new QCustomPlot)
    , m_meterPlot(new TimeSeriesPlot(tr("Diversity and distance over time"), tr("class entropy (nats)")))
{
    setObjectName(QStringLiteral("modeCollapseView"));
    m_classPlot->setObjectName(QStringLiteral("classPlot"));
    m_meterPlot->setObjectName(QStringLiteral("meterPlot"));
    m_status->setObjectName(QStringLiteral("meterStatus"));
    m_unavailable->setObjectName(QStringLiteral("meterUnavailable"));
    m_interval->setObjectName(QStringLiteral("meterIntervalSpin"));

    QFont small = font();
    small.setPointSizeF(9.5);
    m_classPlot->setMinimumSize(220, 160);
    paintWithWindow(m_classPlot);
    m_classPlot->plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setPointSizeF(12);
    titleFont.setBold(true);
    m_classPlot->plotLayout()->addElement(0, 0, new QCPTextElement(m_classPlot, tr("Classes of G's digits"), titleFont));
    m_bars = new QCPBars(m_classPlot->xAxis, m_classPlot->yAxis);
    m_bars->setWidth(0.7);
    m_bars->setPen(QPen(QColor(0x1f, 0x77, 0xb4)));
    m_bars->setBrush(QColor(0x1f, 0x77, 0xb4, 160));
    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    for (int c = 0; c < 10; ++c)
        ticks->addTick(c, QString::number(c));
    m_classPlot->xAxis->setTicker(ticks);
    m_classPlot->xAxis->setRange(-0.6, 9.6);
    m_classPlot->xAxis->setLabel(tr("digit the classifier sees"));
    m_classPlot->yAxis->setLabel(tr("share of generated digits"));
    for (QCPAxis* axis : {m_classPlot->xAxis, m_classPlot->yAxis}) {
        axis->setLabelFont(small);
        axis->setTickLabelFont(small);
    }
    auto* uniform = new QCPItemStraightLine(m_classPlot);
    uniform->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
    uniform->point1->setCoords(0, 0.1);
    uniform->point2->setCoords(1, 0.1);
    m_classPlot->setToolTip(tr("Which digits G draws, as the classifier sees 1,000 of them. The dashed line is 1/10: "
                               "real MNIST has about that many of each digit. A collapsed G piles into one or "
                               "a few bars."));

    m_meterPlot->addCurve(tr("entropy"), QColor(0x2c, 0xa0, 0x2c));
    m_meterPlot->addCurve(tr("Fréchet distance"), QColor(0xd6, 0x27, 0x28), /*rightAxis=*/true);
    for (int c : {entropyCurve, frechetCurve})
        m_meterPlot->curveGraph(c)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    m_meterPlot->addReferenceLine(theory::log10, tr("log 10: all digits equally often"));
    m_meterPlot->setRightAxisLabel(tr("Fréchet distance (lower is better)"));
    m_meterPlot->setYRange(TimeSeriesPlot::Range::Fixed, 0, 2.5);
    m_meterPlot->setYRange(TimeSeriesPlot::Range::AutoFromZero, 0, 1, /*rightAxis=*/true);
    m_meterPlot->setToolTip(tr("Green, left axis: the entropy -Σ p log p of the class histogram; log 10 when G draws "
                               "every digit equally often, 0 when it draws only one (complete mode collapse).\n"
                               "Red, right axis: the Fréchet distance between real and generated digits in the "
                               "classifier's 64 features: a Gaussian is fitted to each set and d² = |μr − μg|² + "
                               "Tr(Σr + Σg − 2(ΣrΣg)^½), as FID but with a small MNIST classifier instead of "
                               "Inception. It grows when G's digits look wrong or cover too few kinds; lower is "
                               "better, 0 is a perfect match (the held-out real digits score about 9)."));

    auto* plots = new QSplitter(Qt::Horizontal);
    plots->setChildrenCollapsible(false);
    plots->addWidget(m_classPlot);
    plots->addWidget(m_meterPlot);
    plots->setSizes({800, 1200});
    m_unavailable->setWordWrap(true);
    m_unavailable->setAlignment(Qt::AlignCenter);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() + 3);
    m_unavailable->setFont(big);
    m_stack->addWidget(plots);
    m_stack->addWidget(m_unavailable);

    m_status->setWordWrap(true);
    m_interval->setRange(0, 100000);
    m_interval->setSingleStep(100);
    m_interval->setSpecialValueText(tr("off"));
    m_interval->setSuffix(tr(" iterations"));
    m_interval->setToolTip(tr("How often the meter labels 1,000 generated digits (on the training thread; each "
                              "reading costs a fraction of a second). 0 turns it off."));
    connect(m_interval, &QSpinBox::valueChanged, this, &ModeCollapseView::intervalEdited);
    auto* top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(new QLabel(tr("every"), this));
    top->addWidget(m_interval);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);
    clear();
}

void ModeCollapseView::setInterval(int iterations)
{
    const QSignalBlocker block(m_interval);
    m_interval->setValue(iterations);
}

void ModeCollapseView::setReading(const MeterReading& r)
{
    if (!r.available) {
        m_unavailable->setText(r.reason.isEmpty() ? tr("The mode-collapse meter is not available.") : r.reason);
        m_stack->setCurrentWidget(m_unavailable);
        m_status->setText(tr("<b>Mode-collapse meter</b>: not available."));
        return;
    }
    m_stack->setCurrentIndex(0);
    m_lastIteration = r.iteration;
    showClasses(r.classCounts, r.samples, r.iteration);
    m_meterPlot->append(entropyCurve, double(r.iteration), r.entropy);
    m_meterPlot->append(frechetCurve, double(r.iteration), r.frechet);
    m_meterPlot->refresh();
    m_status->setText(tr("<b>Mode collapse</b> at iteration %L1 (%L2 digits): entropy %3 of 2.30, "
                         "Fréchet distance %4 (%5 s)")
                          .arg(r.iteration)
                          .arg(r.samples)
                          .arg(r.entropy, 0, 'f', 2)
                          .arg(r.frechet, 0, 'f', 1)
                          .arg(r.seconds, 0, 'f', 2));
}

void ModeCollapseView::showClasses(const QVector<int>& counts, int samples, qint64 iteration)
{
    Q_UNUSED(iteration);
    m_counts = counts;
    QVector<double> keys, shares;
    for (int c = 0; c < counts.size(); ++c) {
        keys << c;
        shares << (samples > 0 ? double(counts[c]) / samples : 0.0);
    }
    m_bars->setData(keys, shares, true);
    double top = 0.2;
    for (double s : shares)
        top = qMax(top, s * 1.1);
    m_classPlot->yAxis->setRange(0, qMin(top, 1.05));
    m_classPlot->replot(QCustomPlot::rpQueuedReplot);
}

void ModeCollapseView::clear()
{
    m_lastIteration = -1;
    m_meterPlot->clearData();
    showClasses(QVector<int>(10, 0), 0, 0);
    m_stack->setCurrentIndex(0);
    m_status->setText(tr("<b>Mode collapse</b>: a digit classifier labels 1,000 of G's digits. Collapse: a few "
                         "tall bars, entropy far below log 10, a high Fréchet distance."));
}

void ModeCollapseView::setXExtent(double lastIteration)
{
    m_meterPlot->setXExtent(lastIteration);
    m_meterPlot->refresh();
}

void ModeCollapseView::setSmoothing(double perIteration)
{
    m_meterPlot->setSmoothing(perIteration);
}

void ModeCollapseView::setLogX(bool on)
{
    m_meterPlot->setLogX(on);
}

void ModeCollapseView::setLogY(bool on)
{
    m_meterPlot->setLogY(on);
}

void ModeCollapseView::setMarkers(const QVector<ChangeMarker>& markers)
{
    m_meterPlot->setMarkers(markers);
}

bool ModeCollapseView::showsUnavailable() const { return m_stack->currentWidget() == m_unavailable; }

QString ModeCollapseView::statusText() const { return m_status->text(); }

} // namespace gan
