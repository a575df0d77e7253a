#pragma once
// The per-iteration plots, on two tabs. "Losses": D and G loss (log 2 marked: both sit
// there when D = 1/2) and the norm of G's gradient (the minimax loss starves it early).
// "Equilibrium": mean D(x) and D(G(z)) with D* = 1/2 marked, and V(D,G) with -log 4
// marked, beside the JSD estimate (V + log 4) / 2 on its own axis. Every curve is bounded
// (SeriesBuffer); redraws are queued, so bursts of metrics cost one repaint per plot.

#include "change_markers.h"
#include "series_buffer.h"
#include "time_series_plot.h"
#include "training_types.h"

#include <QTabWidget>

#include <array>

namespace gan {

class MetricsPlots : public QTabWidget {
    Q_OBJECT
public:
    enum Curve { DLoss, GLoss, DReal, DFake, Value, JsdEstimate, GGradNorm, CurveCount };

    explicit MetricsPlots(QWidget* parent = nullptr, int pointsPerCurve = 4000);

    void append(const QVector<IterationMetrics>& items);
    void clear();

    // Applied to every plot here.
    void setSmoothing(double perIteration);
    void setLogX(bool on);
    void setLogY(bool on);
    void setMarkers(const QVector<ChangeMarker>& markers);

    int pointCount(Curve c = DLoss) const;      // points the curve's graph holds now
    const SeriesBuffer& series(Curve c) const;
    TimeSeriesPlot* lossPlot() const { return m_lossPlot; }
    TimeSeriesPlot* gradientPlot() const { return m_gradPlot; }
    TimeSeriesPlot* outputPlot() const { return m_outputPlot; }
    TimeSeriesPlot* valuePlot() const { return m_valuePlot; }
    QList<TimeSeriesPlot*> allPlots() const { return {m_lossPlot, m_gradPlot, m_outputPlot, m_valuePlot}; }
    QWidget* lossesPage() const { return m_lossesPage; }
    QWidget* equilibriumPage() const { return m_equilibriumPage; }

private:
    TimeSeriesPlot* plotOf(Curve c) const;
    QWidget* page(TimeSeriesPlot* left, TimeSeriesPlot* right);

    TimeSeriesPlot* m_lossPlot;
    TimeSeriesPlot* m_gradPlot;
    TimeSeriesPlot* m_outputPlot;
    TimeSeriesPlot* m_valuePlot;
    QWidget* m_lossesPage;
    QWidget* m_equilibriumPage;
    std::array<int, CurveCount> m_index{}; // curve index within its plot
};

} // namespace gan
