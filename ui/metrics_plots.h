#pragma once
// The two live plots: D and G loss against iteration, and the discriminator's mean
// outputs D(x) and D(G(z)) with the equilibrium D* = 1/2 marked. Each curve keeps a
// bounded SeriesBuffer, so memory stays flat however long training runs; redraws are
// queued (QCustomPlot::rpQueuedReplot), so bursts of metrics cost one repaint.

#include "series_buffer.h"
#include "training_types.h"

#include <QWidget>

#include <array>

class QCustomPlot;
class QCPGraph;

namespace gan {

class MetricsPlots : public QWidget {
    Q_OBJECT
public:
    enum Curve { DLoss, GLoss, DReal, DFake, CurveCount };

    explicit MetricsPlots(QWidget* parent = nullptr, int pointsPerCurve = 4000);

    void append(const QVector<IterationMetrics>& items);
    void clear();

    int pointCount(Curve c = DLoss) const;      // points the graph holds now
    const SeriesBuffer& series(Curve c) const { return m_series[c]; }
    QCustomPlot* lossPlot() const { return m_lossPlot; }
    QCustomPlot* outputPlot() const { return m_outputPlot; }

private:
    void setUpPlot(QCustomPlot* plot, const QString& title, const QString& yLabel);
    QCPGraph* addCurve(QCustomPlot* plot, const QString& name, const QColor& color);
    void addReferenceLine(QCustomPlot* plot, double y, const QString& label);
    void refresh();

    QCustomPlot* m_lossPlot;
    QCustomPlot* m_outputPlot;
    std::array<SeriesBuffer, CurveCount> m_series;
    std::array<QCPGraph*, CurveCount> m_graphs{};
};

} // namespace gan
