#include "device_combo_box.h"

#include <QSignalBlocker>

namespace gan {

DeviceComboBox::DeviceComboBox(QWidget* parent)
    : QComboBox(parent)
{
    setDevices({});
}

QString DeviceComboBox::idFor(const ResetSettings& reset)
{
    switch (reset.device) {
    case DevicePreference::Cpu: return QStringLiteral("cpu");
    case DevicePreference::Cuda: return QStringLiteral("cuda:%1").arg(reset.cudaIndex);
    case DevicePreference::Auto: break;
    }
    return QStringLiteral("auto");
}

void DeviceComboBox::setDevices(const std::vector<DeviceInfo>& devices)
{
    ResetSettings current;
    if (count() > 0)
        applyTo(&current);
    {
        const QSignalBlocker block(this);
        clear();
        addItem(tr("Auto (CUDA if available)"), QStringLiteral("auto"));
        for (const DeviceInfo& d : devices) {
            const QString id = QString::fromStdString(d.id);
            addItem(id == QLatin1String("cpu") ? tr("CPU") : QString::fromStdString(d.label), id);
            setItemData(count() - 1, QString::fromStdString(d.label), Qt::ToolTipRole);
        }
        if (findData(QStringLiteral("cpu")) < 0)
            addItem(tr("CPU"), QStringLiteral("cpu"));
    }
    showChoice(current);
}

void DeviceComboBox::applyTo(ResetSettings* reset) const
{
    const QString id = currentData().toString();
    reset->cudaIndex = 0;
    if (id == QLatin1String("cpu")) {
        reset->device = DevicePreference::Cpu;
    } else if (id.startsWith(QLatin1String("cuda:"))) {
        reset->device = DevicePreference::Cuda;
        reset->cudaIndex = id.mid(5).toInt();
    } else {
        reset->device = DevicePreference::Auto;
    }
}

void DeviceComboBox::showChoice(const ResetSettings& reset)
{
    const QSignalBlocker block(this);
    const QString id = idFor(reset);
    int i = findData(id);
    if (i < 0) {
        addItem(tr("%1 (not available here)").arg(id.toUpper()), id);
        i = count() - 1;
    }
    setCurrentIndex(i);
}

} // namespace gan
