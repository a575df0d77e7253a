#include "analysis_panel.h"

#include "d_outputs_view.h"
#include "metrics_plots.h"
#include "mode_collapse_meter.h"
#include "mode_collapse_view.h"
#include "timeline_view.h"
#include "training_session.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QSaveFile>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace gan {

AnalysisPanel::AnalysisPanel(TrainingSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_tabs(new MetricsPlots)
    , m_outputs(new DOutputsView)
    , m_meter(new ModeCollapseView)
    , m_timeline(new TimelineView)
{
    setObjectName(QStringLiteral("analysisPanel"));
    m_tabs->addTab(m_outputs, tr("D's outputs"));
    m_tabs->addTab(m_meter, tr("Mode collapse"));
    m_tabs->addTab(m_timeline, tr("Timeline"));
    m_tabs->setTabToolTip(0, tr("D's and G's losses, and the size of G's gradient"));
    m_tabs->setTabToolTip(1, tr("D(x) and D(G(z)) against 1/2, V(D,G) against -log 4, and the JSD estimate"));
    m_tabs->setTabToolTip(2, tr("Histograms of D's outputs on a real and a generated batch (the paper's Figure 1)"));
    m_tabs->setTabToolTip(3, tr("Which digits G draws, and how far its digits are from real ones"));
    m_tabs->setTabToolTip(4, tr("Every fixed-noise grid of the run: scrub back, export as GIF or PNG strip"));
    m_meter->setInterval(ModeCollapseMeter::defaultInterval);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buildControls());

    connect(m_session, &TrainingSession::metricsReady, this, &AnalysisPanel::onMetrics);
    connect(m_session, &TrainingSession::engineReady, this, &AnalysisPanel::onEngineReady);
    connect(m_session, &TrainingSession::liveSettingsApplied, this, &AnalysisPanel::onLiveApplied);
    connect(m_session, &TrainingSession::discriminatorOutputsReady, m_outputs, &DOutputsView::setOutputs);
    connect(m_session, &TrainingSession::generatedGridReady, m_timeline, &TimelineView::addFrame);
    connect(m_session, &TrainingSession::meterReady, this, [this](const MeterReading& r) {
        m_meter->setReading(r);
        m_log.addReading(r);
    });
    connect(m_meter, &ModeCollapseView::intervalEdited, m_session, &TrainingSession::setMeterInterval);
    connect(m_timeline, &TimelineView::exported, this,
            [this](const QString& path) { emit statusMessage(tr("Timeline exported: %1").arg(path)); });
    connect(m_timeline, &TimelineView::exportFailed, this, &AnalysisPanel::statusMessage);
    applyDisplay();
}

QWidget* AnalysisPanel::buildControls()
{
    auto* controls = new QWidget;
    controls->setObjectName(QStringLiteral("displayControls"));
    auto* row = new QHBoxLayout(controls);
    row->setContentsMargins(4, 0, 2, 0);
    row->setSpacing(6);
    m_smoothing = new QSlider(Qt::Horizontal);
    m_smoothing->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothing->setRange(0, 100);
    m_smoothing->setValue(0);
    m_smoothing->setFixedWidth(90);
    m_smoothing->setToolTip(tr("Exponential moving average over the curves, from off to about 1,000 iterations: "
                               "noise hides trends, too much smoothing hides fast changes."));
    m_smoothingLabel = new QLabel;
    m_smoothingLabel->setMinimumWidth(58);
    m_logX = new QCheckBox(tr("log x"));
    m_logX->setObjectName(QStringLiteral("logXBox"));
    m_logX->setToolTip(tr("Logarithmic iteration axis on every plot over time: the first iterations get room "
                          "(where the minimax loss saturates)."));
    m_logY = new QCheckBox(tr("log y"));
    m_logY->setObjectName(QStringLiteral("logYBox"));
    m_logY->setToolTip(tr("Logarithmic value axis on every plot of positive values (losses, gradient norm, D's "
                          "outputs, Fréchet distance, histograms). V and the JSD estimate can be negative and keep "
                          "a linear axis; negative values (the minimax G loss) are not drawn on a log axis."));
    m_csv = new QToolButton;
    m_csv->setObjectName(QStringLiteral("exportCsvButton"));
    m_csv->setText(tr("Export CSV…"));
    m_csv->setToolTip(tr("Export every iteration's metrics as CSV: the headless --metrics columns plus V, the JSD "
                         "estimate, G's gradient norm, the loss variant and the meter's readings."));
    row->addStretch(1);
    row->addWidget(new QLabel(tr("Smoothing")));
    row->addWidget(m_smoothing);
    row->addWidget(m_smoothingLabel);
    row->addWidget(m_logX);
    row->addWidget(m_logY);
    row->addWidget(m_csv);
    connect(m_smoothing, &QSlider::valueChanged, this, &AnalysisPanel::applyDisplay);
    connect(m_logX, &QCheckBox::toggled, this, &AnalysisPanel::applyDisplay);
    connect(m_logY, &QCheckBox::toggled, this, &AnalysisPanel::applyDisplay);
    connect(m_csv, &QToolButton::clicked, this, &AnalysisPanel::chooseAndExportMetrics);
    return controls;
}

int AnalysisPanel::smoothingIterations(int position)
{
    if (position <= 0)
        return 0;
    return int(std::lround(std::pow(10.0, 3.0 * qBound(0, position, 100) / 100.0)));
}

double AnalysisPanel::smoothingForPosition(int position)
{
    if (position <= 0)
        return 0;
    const double tau = std::pow(10.0, 3.0 * qBound(0, position, 100) / 100.0);
    return std::exp(-1.0 / tau);
}

double AnalysisPanel::smoothing() const { return smoothingForPosition(m_smoothing->value()); }

void AnalysisPanel::applyDisplay()
{
    const int n = smoothingIterations(m_smoothing->value());
    m_smoothingLabel->setText(n == 0 ? tr("off") : tr("~%L1 it").arg(n));
    const double s = smoothing();
    m_tabs->setSmoothing(s);
    m_meter->setSmoothing(s);
    m_tabs->setLogX(m_logX->isChecked());
    m_meter->setLogX(m_logX->isChecked());
    m_tabs->setLogY(m_logY->isChecked());
    m_meter->setLogY(m_logY->isChecked());
    m_outputs->setLogY(m_logY->isChecked());
}

void AnalysisPanel::applyMarkers()
{
    m_tabs->setMarkers(m_markers.markers());
    m_meter->setMarkers(m_markers.markers());
}

void AnalysisPanel::onMetrics(const MetricsBatch& batch)
{
    if (batch.items.isEmpty())
        return;
    m_tabs->append(batch.items);
    m_log.append(batch.items);
    m_meter->setXExtent(double(batch.items.last().iteration));
}

void AnalysisPanel::onEngineReady(const EngineInfo& info)
{
    // A new run (reset or loaded checkpoint) starts its own record.
    m_tabs->clear();
    m_log.clear();
    m_markers.setBaseline(info.live);
    m_outputs->clear();
    m_meter->clear();
    m_timeline->clear();
    applyMarkers();
}

void AnalysisPanel::onLiveApplied(const LiveSettings& live, qint64 atIteration)
{
    if (m_markers.apply(live, atIteration))
        applyMarkers();
}

bool AnalysisPanel::exportMetricsCsv(const QString& path, QString* error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || !m_log.writeCsv(&file) || !file.commit()) {
        if (error)
            *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void AnalysisPanel::chooseAndExportMetrics()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export metrics as CSV"),
                                                      QDir::home().filePath(QStringLiteral("gan-metrics.csv")),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportMetricsCsv(path, &error))
        emit statusMessage(tr("Metrics exported: %L1 iterations to %2").arg(m_log.size()).arg(path));
    else
        emit statusMessage(tr("Export failed: %1").arg(error));
}

} // namespace gan
