#include "d_outputs_view.h"

#include "engine/gan_theory.h"
#include "held_size_label.h"
#include "live_plot_painting.h"

#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace gan {
namespace {

QVector<int> countsOf(const std::vector<float>& values)
{
    const auto counts = theory::histogram(std::vector<double>(values.begin(), values.end()), DOutputsView::bins, 0.0, 1.0);
    return QVector<int>(counts.begin(), counts.end());
}

QCPGraph* stepGraph(QCustomPlot* plot, const QString& name, const QColor& color)
{
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsStepCenter);
    g->setPen(QPen(color, 2));
    QColor fill = color;
    fill.setAlpha(70);
    g->setBrush(fill);
    return g;
}

} // namespace

DOutputsView::DOutputsView(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_title(new QLabel(this))
    , m_batchIteration(new QLabel(this))
{
    setObjectName(QStringLiteral("dOutputsView"));
    m_plot->setObjectName(QStringLiteral("dOutputsPlot"));
    m_plot->setMinimumSize(240, 160);
    paintWithWindow(m_plot);
    QFont small = font();
    small.setPointSizeF(9.5);
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setLabelFont(small);
        axis->setTickLabelFont(small);
        axis->grid()->setPen(QPen(QColor(220, 220, 220), 1, Qt::DotLine));
    }
    m_plot->xAxis->setLabel(tr("D's output: the probability D gives that an image is real"));
    m_plot->yAxis->setLabel(tr("share of the batch"));
    m_plot->xAxis->setRange(0, 1);
    m_realGraph = stepGraph(m_plot, tr("D(x) on real digits"), QColor(0x2c, 0xa0, 0x2c));
    m_fakeGraph = stepGraph(m_plot, tr("D(G(z)) on generated digits"), QColor(0xd6, 0x27, 0x28));
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(small);
    m_plot->legend->setBrush(QColor(255, 255, 255, 215));
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignHCenter);

    auto* half = new QCPItemStraightLine(m_plot);
    half->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
    for (QCPItemPosition* p : {half->point1, half->point2})
        p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    half->point1->setCoords(0.5, 0);
    half->point2->setCoords(0.5, 1);
    auto* label = new QCPItemText(m_plot);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(0.5, 0.98);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    label->setText(tr(" D* = 1/2 at the optimum"));
    label->setFont(small);
    label->setColor(QColor(60, 60, 60));

    m_title->setObjectName(QStringLiteral("dOutputsTitle"));
    m_title->setWordWrap(true);
    m_title->setToolTip(tr("Figure 1 of the paper shows D's output along the data line. Here the data are images, "
                           "so instead: how D's outputs spread over one real and one generated batch. Apart: D "
                           "separates them (and G learns from that). Together at 1/2: D cannot tell, as at the "
                           "optimum p_g = p_data."));
    m_title->setText(tr("<b>D's outputs on one real and one generated batch.</b> Apart: D tells them apart. "
                        "Merged at 1/2: it cannot (the optimum)."));
    // The batch's iteration changes with every metrics batch while training runs (five times
    // a second): on a line of its own and of fixed size, so that it never lays out the window
    // again, which the wrapped title above would as the number grew.
    m_batchIteration->setObjectName(QStringLiteral("dOutputsIteration"));
    holdSize(m_batchIteration, {batchIterationText(99999999), noBatchText()});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_batchIteration);
    layout->addWidget(m_plot, 1);
    clear();
}

void DOutputsView::setOutputs(const DiscriminatorOutputs& outputs)
{
    m_iteration = outputs.iteration;
    m_real = countsOf(outputs.real);
    m_fake = countsOf(outputs.fake);
    m_realTotal = int(outputs.real.size());
    m_fakeTotal = int(outputs.fake.size());
    m_batchIteration->setText(batchIterationText(m_iteration));
    redraw();
}

QString DOutputsView::batchIterationText(qint64 iteration) { return tr("Batches of iteration %L1").arg(iteration); }
QString DOutputsView::noBatchText() { return tr("They appear once training runs."); }

void DOutputsView::clear()
{
    m_iteration = -1;
    m_real = m_fake = QVector<int>(bins, 0);
    m_realTotal = m_fakeTotal = 0;
    m_batchIteration->setText(noBatchText());
    redraw();
}

void DOutputsView::setLogY(bool on)
{
    m_logY = on;
    redraw();
}

void DOutputsView::redraw()
{
    QVector<double> x, real, fake;
    for (int b = 0; b < bins; ++b) {
        x << (b + 0.5) / bins;
        real << (m_realTotal > 0 ? double(m_real[b]) / m_realTotal : 0.0);
        fake << (m_fakeTotal > 0 ? double(m_fake[b]) / m_fakeTotal : 0.0);
    }
    m_realGraph->setData(x, real, true);
    m_fakeGraph->setData(x, fake, true);
    QCPAxis* y = m_plot->yAxis;
    if (m_logY) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        const int n = qMax(1, qMax(m_realTotal, m_fakeTotal));
        y->setRange(0.5 / n, 1.2);
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        double top = 0.25;
        for (double v : real + fake)
            top = qMax(top, v * 1.15);
        y->setRange(0, qMin(top, 1.05));
    }
    if (isVisible()) {
        m_dirty = false;
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    } else {
        m_dirty = true;
    }
}

void DOutputsView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_dirty) {
        m_dirty = false;
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

} // namespace gan
