#pragma once
// One live plot of values over iterations, as every theory view uses it: bounded curves
// (SeriesBuffer), dashed reference lines (log 2, 1/2, -log 4, ...), labelled vertical
// change markers, EMA smoothing and logarithmic axes. Redraws are queued, and a hidden
// plot (another tab) only keeps its data current; it redraws when shown.

#include "change_markers.h"
#include "series_buffer.h"

#include <qcustomplot.h>

#include <QElapsedTimer>
#include <QTimer>

#include <limits>
#include <vector>

namespace gan {

class TimeSeriesPlot : public QCustomPlot {
    Q_OBJECT
public:
    enum class Range { Auto, AutoFromZero, Fixed };

    TimeSeriesPlot(const QString& title, const QString& yLabel, QWidget* parent = nullptr, int pointsPerCurve = 4000);

    // Returns the curve's index. rightAxis: drawn against the right y axis (its own scale).
    int addCurve(const QString& name, const QColor& color, bool rightAxis = false, int width = 2);
    void addReferenceLine(double y, const QString& label, bool rightAxis = false);
    void setRightAxisLabel(const QString& label);
    // How the y axis (or the right one) follows the data; Fixed uses [lo, hi].
    void setYRange(Range mode, double lo = 0, double hi = 1, bool rightAxis = false);
    // Curves that can be 0 or negative (V, the JSD estimate) keep a linear y axis.
    void setLogYAllowed(bool allowed) { m_logYAllowed = allowed; }

    void append(int curve, double x, double y);
    void clearData();
    // x extends at least to this iteration (plots of sparse readings line up with the others).
    void setXExtent(double lastIteration);

    void setSmoothing(double perIteration); // EMA weight kept per iteration, in [0, 1)
    void setLogX(bool on);
    void setLogY(bool on);
    void setMarkers(const QVector<ChangeMarker>& markers);

    int curveCount() const { return int(m_curves.size()); }
    int pointCount(int curve) const;          // points the graph holds now
    const SeriesBuffer& series(int curve) const { return m_curves[curve].series; }
    QCPGraph* curveGraph(int curve) const { return m_curves[curve].graph; }
    int markerCount() const { return int(m_markerItems.size()); }
    QStringList markerLabels() const;
    bool logX() const { return m_logX; }
    bool logY() const { return m_logY && m_logYAllowed; }
    double smoothing() const { return m_smoothing; }

    // Rebuilds the curves (smoothing) and axis ranges, then a queued redraw if visible.
    // Redraws about every refreshIntervalMs at most: data arriving within refreshGapMs of the
    // last redraw is drawn with whatever follows, on a single-shot timer refreshIntervalMs
    // after that redraw, so a fast run cannot make the GUI thread paint all the time. Data
    // that arrives later is drawn at once: metrics batches (one per metricsBatchIntervalMs)
    // then redraw in the same pass of the window as the status bar.
    void refresh();
    static constexpr int refreshIntervalMs = 200;
    static constexpr int refreshGapMs = 150;

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Curve {
        SeriesBuffer series;
        QCPGraph* graph = nullptr;
        bool right = false;
        int width = 2; // the pen's width while the curve has fewer points than pixel columns
    };
    struct AxisRange {
        Range mode = Range::Auto;
        double lo = 0, hi = 1;
    };
    // One axis's drawn values, all and the positive ones (a log axis), gathered as refreshNow
    // hands the values over: the axes then need no pass over the graphs' containers.
    struct DrawnRange {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo; // lo > hi: none
        double positiveLo = lo, positiveHi = hi;
        void add(double v);
    };
    void applyYRange(QCPAxis* axis, const AxisRange& r, const DrawnRange& drawn);

    std::vector<Curve> m_curves;
    int m_pointsPerCurve;
    AxisRange m_left, m_right;
    bool m_logYAllowed = true;
    bool m_logX = false, m_logY = false;
    double m_smoothing = 0;
    double m_xExtent = 0;
    bool m_dirty = false;
    void refreshNow();
    void flushPendingRefresh() const;
    QElapsedTimer m_sinceRefresh;
    QTimer m_refreshTimer;
    QList<QCPAbstractItem*> m_markerItems;
};

} // namespace gan
