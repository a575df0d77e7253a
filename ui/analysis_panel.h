#pragma once
// The plot area of the main window: the theory made visible, on tabs. "Losses" and
// "Equilibrium" (MetricsPlots), "D's outputs", "Mode collapse" and "Timeline", with a
// slim row of display controls beneath (EMA smoothing, log scales, CSV export). It
// listens to the session itself: metrics (plots and the CSV export), D's outputs, meter
// readings, grids, and applied live settings (change markers on every plot).

#include "change_markers.h"
#include "metrics_log.h"
#include "training_types.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QSlider;
class QToolButton;

namespace gan {

class DOutputsView;
class MetricsPlots;
class ModeCollapseView;
class TimelineView;
class TrainingSession;

class AnalysisPanel : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisPanel(TrainingSession* session, QWidget* parent = nullptr);

    MetricsPlots* metricsPlots() const { return m_tabs; } // also the tab widget of every view
    DOutputsView* dOutputsView() const { return m_outputs; }
    ModeCollapseView* modeCollapseView() const { return m_meter; }
    TimelineView* timelineView() const { return m_timeline; }
    const ChangeMarkerList& markers() const { return m_markers; }
    const MetricsLog& metricsLog() const { return m_log; }
    QSlider* smoothingSlider() const { return m_smoothing; }
    QCheckBox* logXBox() const { return m_logX; }
    QCheckBox* logYBox() const { return m_logY; }

    // The EMA weight per iteration for a slider position 0-100: 0 is off, then a time
    // constant from 1 to 1,000 iterations on a logarithmic scale.
    static double smoothingForPosition(int position);
    static int smoothingIterations(int position); // that time constant, 0 when off
    double smoothing() const;

    bool exportMetricsCsv(const QString& path, QString* error = nullptr) const;
    void chooseAndExportMetrics(); // asks for a file

signals:
    void statusMessage(const QString& text);

private:
    QWidget* buildControls();
    void onMetrics(const MetricsBatch& batch);
    void onEngineReady(const EngineInfo& info);
    void onLiveApplied(const LiveSettings& live, qint64 atIteration);
    void applyDisplay();
    void applyMarkers();

    TrainingSession* m_session;
    MetricsPlots* m_tabs;
    DOutputsView* m_outputs;
    ModeCollapseView* m_meter;
    TimelineView* m_timeline;
    QSlider* m_smoothing = nullptr;
    QLabel* m_smoothingLabel = nullptr;
    QCheckBox* m_logX = nullptr;
    QCheckBox* m_logY = nullptr;
    QToolButton* m_csv = nullptr;
    ChangeMarkerList m_markers;
    MetricsLog m_log;
};

} // namespace gan
