#pragma once
// "Mode collapse": the meter's readings. A 10-bar histogram of the classes a digit
// classifier gives 1,000 generated digits, the entropy of that histogram over time
// against log 10 (all ten digits equally often), and the Fréchet distance between real and
// generated digits in the classifier's feature space over time (lower is better), both
// on one plot (entropy on the left axis, distance on the right). For
// data the classifier does not know (e.g. Fashion-MNIST) it says it is not available.

#include "analysis_types.h"
#include "change_markers.h"

#include <QWidget>

class QCPBars;
class QCustomPlot;
class QLabel;
class QSpinBox;
class QStackedWidget;

namespace gan {

class TimeSeriesPlot;

class ModeCollapseView : public QWidget {
    Q_OBJECT
public:
    explicit ModeCollapseView(QWidget* parent = nullptr);

    void setReading(const MeterReading& reading);
    void clear();
    void setXExtent(double lastIteration);
    void setSmoothing(double perIteration);
    void setLogX(bool on);
    void setLogY(bool on);
    void setMarkers(const QVector<ChangeMarker>& markers);
    void setInterval(int iterations); // shown, not emitted

    bool showsUnavailable() const;
    QString statusText() const;
    QVector<int> classCounts() const { return m_counts; }
    qint64 lastReadingIteration() const { return m_lastIteration; }
    QCustomPlot* classPlot() const { return m_classPlot; }
    // Curve 0: the entropy (left axis); curve 1: the Fréchet distance (right axis).
    TimeSeriesPlot* meterPlot() const { return m_meterPlot; }
    static constexpr int entropyCurve = 0, frechetCurve = 1;
    QSpinBox* intervalSpinBox() const { return m_interval; }

signals:
    void intervalEdited(int iterations);

private:
    void showClasses(const QVector<int>& counts, int samples, qint64 iteration);

    QLabel* m_status;
    QSpinBox* m_interval;
    QStackedWidget* m_stack;
    QLabel* m_unavailable;
    QCustomPlot* m_classPlot;
    QCPBars* m_bars;
    TimeSeriesPlot* m_meterPlot;
    QVector<int> m_counts;
    qint64 m_lastIteration = -1;
};

} // namespace gan
