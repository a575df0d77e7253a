#pragma once
// The window's side of not losing a lesson: autosave on a timer (File > Autosave, and
// File > Load last autosave), and rolling back after a divergence (a button in the error
// banner and Training > Roll back to iteration N, both going to the restore point the
// training thread keeps in memory).

#include <QObject>

class QAction;
class QActionGroup;
class QMainWindow;
class QMenu;

namespace gan {

class Autosaver;
class ErrorBanner;
class TrainingSession;

class RecoveryController : public QObject {
    Q_OBJECT
public:
    static constexpr int defaultAutosaveSeconds = 300;

    RecoveryController(TrainingSession* session, ErrorBanner* banner, QMainWindow* window);

    // File menu entries: the Autosave interval submenu and Load last autosave.
    void addFileActions(QMenu* file);
    QAction* rollBackAction() const { return m_rollBack; }
    QAction* loadAutosaveAction() const { return m_loadAutosave; }
    Autosaver* autosaver() const { return m_autosaver; }
    // 0: off. The menu shows the choice (a value it does not list is added to it).
    void setAutosaveInterval(int seconds);

private:
    void updateRollBack();
    void updateLoadAutosave();

    TrainingSession* m_session;
    ErrorBanner* m_banner;
    QMainWindow* m_window;
    Autosaver* m_autosaver;
    QAction* m_rollBack;
    QAction* m_loadAutosave;
    QMenu* m_autosaveMenu = nullptr;
    QActionGroup* m_intervals;
    bool m_running = false;
};

} // namespace gan
