#pragma once
// Chooses where training runs: "Auto (CUDA if available)", then the CPU and every CUDA
// device LibTorch can see. Maps to ResetSettings' device and cudaIndex.

#include "training_types.h"

#include <QComboBox>

#include <vector>

namespace gan {

class DeviceComboBox : public QComboBox {
    Q_OBJECT
public:
    explicit DeviceComboBox(QWidget* parent = nullptr);

    // Replaces the entries, keeping the current choice when it is still offered.
    void setDevices(const std::vector<DeviceInfo>& devices);
    // Writes the choice into reset.device and reset.cudaIndex.
    void applyTo(ResetSettings* reset) const;
    // Selects reset's device without emitting signals; a device this machine lacks
    // (e.g. from a checkpoint) is added and marked as not available here.
    void showChoice(const ResetSettings& reset);

    static QString idFor(const ResetSettings& reset); // "auto", "cpu", "cuda:N"
};

} // namespace gan
