#pragma once
// The status bar's permanent read-outs: training state (red when a run diverged),
// iteration, epoch and batch, smoothed iterations per second, device and data set. The
// epoch and data read-outs give way to a message while one shows.

#include "training_types.h"

#include <QHash>
#include <QStatusBar>

#include <vector>

class QLabel;

namespace gan {

class TrainingStatusBar : public QStatusBar {
    Q_OBJECT
public:
    explicit TrainingStatusBar(QWidget* parent = nullptr);

    // diverged: the last run blew up; failed: no networks could be built (see the error).
    void setState(TrainingState state, bool diverged, bool failed = false);
    void setEngine(const EngineInfo& info, const QString& folder); // resets progress and speed
    void setProgress(const IterationMetrics& last, double iterationsPerSecond);
    // How to name each device ("CUDA 0: NVIDIA H100 80GB HBM3 (79 GiB)"); others by their id.
    void setDeviceLabels(const std::vector<DeviceInfo>& devices);

    QString stateText() const;
    QString iterationText() const;
    QString epochText() const;
    QString speedText() const;
    QString deviceText() const;
    QString dataText() const;
    double smoothedSpeed() const { return m_speed; }

private:
    QLabel* m_state;
    QLabel* m_iteration;
    QLabel* m_epoch;
    QLabel* m_speedLabel;
    QLabel* m_device;
    QLabel* m_data;
    QHash<QString, QString> m_deviceLabels; // id ("cuda:0") -> label
    int m_batchesPerEpoch = 0;
    double m_speed = 0; // exponential moving average of iterations per second
};

} // namespace gan
