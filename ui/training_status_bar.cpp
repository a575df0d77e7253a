#include "training_status_bar.h"

#include "held_size_label.h"

#include <QLabel>
#include <QLocale>


namespace gan {
namespace {

QLabel* readout(QStatusBar* bar, const char* name, const QString& tip)
{
    auto* l = new QLabel(bar);
    l->setObjectName(QLatin1String(name));
    l->setToolTip(tip);
    l->setContentsMargins(8, 0, 8, 0);
    bar->addPermanentWidget(l);
    return l;
}

QString deviceName(const QString& id)
{
    if (id == QLatin1String("cpu"))
        return QObject::tr("CPU");
    if (id.startsWith(QLatin1String("cuda:")))
        return QObject::tr("CUDA %1").arg(id.mid(5));
    return id;
}

} // namespace

TrainingStatusBar::TrainingStatusBar(QWidget* parent)
    : QStatusBar(parent)
{
    setObjectName(QStringLiteral("statusBar"));
    m_state = readout(this, "stateLabel", tr("What training is doing now"));
    m_iteration = readout(this, "iterationLabel", tr("Training iterations finished (each: k D steps and the G steps)"));
    m_epoch = readout(this, "epochLabel", tr("Passes over the training data, and the batch within this pass"));
    m_speedLabel = readout(this, "speedLabel", tr("Training iterations per second, smoothed"));
    m_device = readout(this, "deviceLabel", tr("Where the networks train"));
    m_data = readout(this, "dataLabel", tr("The training data and its size"));
    QFont bold = font();
    bold.setBold(true);
    m_state->setFont(bold);
    m_iteration->setText(tr("Iteration 0"));
    m_epoch->setText(tr("Epoch –"));
    m_speedLabel->setText(tr("– it/s"));
    m_device->setText(tr("Device: –"));
    m_data->setText(tr("Data: –"));
    holdSize(m_iteration, {tr("Iteration %L1").arg(99999999)});
    holdSize(m_epoch, {tr("Epoch %L1 · batch %L2/%L3").arg(99999).arg(99999).arg(99999),
                       tr("Epoch – (%L1 batches each)").arg(99999)});
    holdSize(m_speedLabel, {tr("%1 it/s (paused)").arg(99999)});
    // A message (a checkpoint saved, the iteration limit reached) is drawn in the room the
    // read-outs leave, which on a 1280-pixel projector is a word or two: the epoch and data
    // read-outs step aside while one shows.
    connect(this, &QStatusBar::messageChanged, this, [this](const QString& message) {
        m_epoch->setVisible(message.isEmpty());
        m_data->setVisible(message.isEmpty());
    });
}

void TrainingStatusBar::setState(TrainingState state, bool diverged, bool failed)
{
    const bool running = state == TrainingState::Running;
    QString text;
    QString color;
    if (diverged && !running) {
        text = tr("Diverged — lower the learning rates (or k) and press Reset");
        color = QStringLiteral("#c62828");
    } else if (running) {
        text = tr("Running");
        color = QStringLiteral("#2e7d32");
    } else if (state == TrainingState::Paused) {
        text = tr("Paused");
        color = QStringLiteral("#ad6800");
    } else if (failed) {
        text = tr("Not ready: see the message above, then press Reset");
        color = QStringLiteral("#c62828");
    } else {
        text = tr("Not ready: building the networks…");
    }
    m_state->setText(text);
    m_state->setStyleSheet(color.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(color));
    if (!running)
        m_speedLabel->setText(m_speed > 0 ? tr("%1 it/s (paused)").arg(m_speed, 0, 'f', m_speed < 10 ? 1 : 0)
                                          : tr("– it/s"));
}

void TrainingStatusBar::setEngine(const EngineInfo& info, const QString& folder)
{
    m_batchesPerEpoch = info.batchesPerEpoch;
    m_speed = 0;
    m_iteration->setText(tr("Iteration %L1").arg(info.iteration));
    m_epoch->setText(info.iteration == 0 ? tr("Epoch 1 · batch 0/%L1").arg(info.batchesPerEpoch)
                                         : tr("Epoch – (%L1 batches each)").arg(info.batchesPerEpoch));
    m_speedLabel->setText(tr("– it/s"));
    m_device->setText(tr("Device: %1").arg(m_deviceLabels.value(info.device, deviceName(info.device))));
    m_data->setText(tr("Data: %1 (%L2 images)").arg(info.datasetName).arg(info.datasetCount));
    m_data->setToolTip(folder.isEmpty() ? info.datasetName : folder);
}

void TrainingStatusBar::setProgress(const IterationMetrics& last, double iterationsPerSecond)
{
    if (iterationsPerSecond > 0)
        m_speed = m_speed > 0 ? 0.8 * m_speed + 0.2 * iterationsPerSecond : iterationsPerSecond;
    m_iteration->setText(tr("Iteration %L1").arg(last.iteration));
    if (m_batchesPerEpoch > 0)
        m_epoch->setText(tr("Epoch %L1 · batch %L2/%L3").arg(last.epoch + 1).arg(last.batchInEpoch + 1).arg(m_batchesPerEpoch));
    else
        m_epoch->setText(tr("Epoch %L1 · batch %L2").arg(last.epoch + 1).arg(last.batchInEpoch + 1));
    if (m_speed > 0)
        m_speedLabel->setText(tr("%1 it/s").arg(m_speed, 0, 'f', m_speed < 10 ? 1 : 0));
}

QString TrainingStatusBar::stateText() const { return m_state->text(); }
QString TrainingStatusBar::iterationText() const { return m_iteration->text(); }
QString TrainingStatusBar::epochText() const { return m_epoch->text(); }
QString TrainingStatusBar::speedText() const { return m_speedLabel->text(); }
void TrainingStatusBar::setDeviceLabels(const std::vector<DeviceInfo>& devices)
{
    m_deviceLabels.clear();
    for (const DeviceInfo& d : devices)
        m_deviceLabels.insert(QString::fromStdString(d.id), QString::fromStdString(d.label));
}

QString TrainingStatusBar::deviceText() const { return m_device->text(); }
QString TrainingStatusBar::dataText() const { return m_data->text(); }

} // namespace gan
