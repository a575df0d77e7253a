#pragma once
// GAN Studio's main window: training controls, the generated and real digit grids,
// live loss and D-output plots, the hyperparameter panel, status and errors.
//
// The window configures nothing by itself: it shows the session's current requests
// (liveSettings(), resetSettings(), dataFolder()) and calls session->reset() once on
// construction. So an app's main may set the session up first (e.g. from the command
// line), then build the window, then call session->start() for an autostart.

#include "training_types.h"

#include <QImage>
#include <QMainWindow>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;

namespace gan {

class DigitGridView;
class ErrorBanner;
class HyperparameterPanel;
class AnalysisPanel;
class LatentExplorer;
class MetricsPlots;
class RecoveryController;
class TrainingSession;
class TrainingStatusBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(TrainingSession* session, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Chooses the data set for the next reset (adds it to the Data menu), as the menu does.
    void selectDataFolder(const QString& folder);
    // Shows a message in the error banner (non-modal), as errorOccurred does.
    void showError(const QString& message);

    // For tests and scripts.
    const QImage& generatedImage() const;
    const QImage& realImage() const;
    qint64 generatedIteration() const { return m_generatedIteration; }
    int plottedPointCount() const;          // points in the D loss curve
    HyperparameterPanel* hyperparameters() const { return m_panel; }
    MetricsPlots* plots() const { return m_plots; }
    AnalysisPanel* analysis() const { return m_analysis; }
    LatentExplorer* explorer() const { return m_explorer; }
    QDockWidget* explorerDock() const { return m_explorerDock; }
    DigitGridView* generatedView() const { return m_generatedView; }
    DigitGridView* realView() const { return m_realView; }
    ErrorBanner* errorBanner() const { return m_banner; }
    RecoveryController* recovery() const { return m_recovery; } // autosave and roll back
    QString errorText() const;              // the banner's latest message; empty when dismissed
    QString stateText() const;              // what the status bar says about the state
    TrainingStatusBar* trainingStatusBar() const { return m_status; }
    QAction* startAction() const { return m_start; }
    QAction* pauseAction() const { return m_pause; }
    QAction* stepAction() const { return m_step; }
    QAction* resetAction() const { return m_reset; }

private:
    void buildActions();
    void buildMenus();
    void buildCentre();
    void buildExplorer();
    void connectSession();
    void rebuildDataMenu();
    void syncDataMenu();

    void requestReset();
    void openDataFolder();
    void saveCheckpoint();
    void loadCheckpoint();
    void showAbout();

    void onMetrics(const MetricsBatch& batch);
    void onGeneratedGrid(const QImage& grid, qint64 iteration);
    void onRealGrid(const QImage& grid);
    void onEngineReady(const EngineInfo& info);
    void onStateChanged(TrainingState state);
    void onError(const QString& message);

    TrainingSession* m_session;
    HyperparameterPanel* m_panel = nullptr;
    MetricsPlots* m_plots = nullptr;
    AnalysisPanel* m_analysis = nullptr;
    LatentExplorer* m_explorer = nullptr;
    QDockWidget* m_explorerDock = nullptr;
    DigitGridView* m_generatedView = nullptr;
    DigitGridView* m_realView = nullptr;
    QLabel* m_generatedCaption = nullptr;
    QLabel* m_realCaption = nullptr;
    ErrorBanner* m_banner = nullptr;
    RecoveryController* m_recovery = nullptr;

    QAction* m_start = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_step = nullptr;
    QAction* m_reset = nullptr;
    QMenu* m_dataMenu = nullptr;
    QActionGroup* m_dataGroup = nullptr;

    TrainingStatusBar* m_status = nullptr;

    TrainingState m_state = TrainingState::NotReady;
    bool m_diverged = false;
    qint64 m_generatedIteration = -1;
    QString m_folderAtReset;            // the data folder the pending reset was asked with
};

} // namespace gan
