#pragma once
// The hyperparameter controls: live settings (applied at the next iteration), settings
// that apply at the next reset (with a "pending" note while they differ from the running
// engine's), the data set, and how often a new grid is drawn. The panel only reports
// edits through signals; the main window hands them to the TrainingSession.

#include "training_types.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace gan {

class DeviceComboBox;
class LearningRateSpinBox;

class HyperparameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit HyperparameterPanel(QWidget* parent = nullptr);

    // What the controls show now.
    LiveSettings liveSettings() const;
    ResetSettings resetSettings() const;
    QString dataFolder() const; // empty: the embedded digits
    int sampleInterval() const;

    // Show values without emitting the *Edited signals (e.g. the engine's actual values).
    void setLiveSettings(const LiveSettings& live);
    void setResetSettings(const ResetSettings& reset);
    void setDataFolder(const QString& folder); // adds an entry when the folder is new
    void setSampleInterval(int iterations);

    // The reset settings and data folder the running engine was built with; the panel
    // shows a "pending" note while its controls differ from them.
    void setApplied(const ResetSettings& reset, const QString& folder);
    bool hasPendingReset() const;

    // Devices for the device chooser ("cpu", "cuda:N"); Auto is always offered first.
    void setDevices(const std::vector<DeviceInfo>& devices, bool cudaAvailable);
    // Data sets for the data chooser: label and folder (empty folder: embedded digits).
    void addDataSource(const QString& label, const QString& folder);
    QList<QPair<QString, QString>> dataSources() const;

    void restoreSeedDefaults(); // the seed's values, emitted as edits

    QSpinBox* kSpinBox() const { return m_k; }
    QSpinBox* batchSizeSpinBox() const { return m_batch; }
    QComboBox* lossComboBox() const { return m_loss; }
    QComboBox* bnEpsComboBox() const { return m_bnEps; }
    QLabel* pendingNote() const { return m_pending; }

signals:
    void liveSettingsEdited(const gan::LiveSettings& live);
    void resetSettingsEdited(const gan::ResetSettings& reset);
    void dataFolderEdited(const QString& folder);
    void sampleIntervalEdited(int iterations);
    void dataSourcesChanged();

private:
    void emitLive();
    void emitReset();
    void updatePendingNote();

    QSpinBox* m_k;
    QSpinBox* m_gSteps;
    LearningRateSpinBox* m_lrG;
    LearningRateSpinBox* m_lrD;
    QDoubleSpinBox* m_beta1;
    QDoubleSpinBox* m_beta2;
    QComboBox* m_loss;
    QSpinBox* m_batch;
    QSpinBox* m_latent;
    QSpinBox* m_seed;
    QComboBox* m_bnEps;
    DeviceComboBox* m_device;
    QLabel* m_deviceNote;
    QComboBox* m_data;
    QLabel* m_pending;
    QSpinBox* m_sampleInterval;
    QPushButton* m_defaults;

    bool m_haveApplied = false;
    ResetSettings m_appliedReset;
    QString m_appliedFolder;
};

} // namespace gan
