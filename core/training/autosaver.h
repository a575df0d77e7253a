#pragma once
// Saves the running training to a checkpoint on a timer, so that a crash, a power cut or
// a closed laptop loses at most one interval of a lesson. It only saves when training has
// moved on since the last save, and never a diverged state (that would overwrite the last
// good autosave with NaN weights). The save itself runs on the training thread, written
// atomically like every checkpoint.

#include <QObject>
#include <QString>
#include <QTimer>

namespace gan {

class TrainingSession;

class Autosaver : public QObject {
    Q_OBJECT
public:
    explicit Autosaver(TrainingSession* session, QObject* parent = nullptr);

    // Every `seconds` seconds; 0 turns autosave off.
    void setInterval(int seconds);
    int interval() const { return m_interval; }
    void setPath(const QString& path);
    QString path() const { return m_path; }
    // Where the window autosaves by default: the user's application-data folder
    // (e.g. ~/.local/share/GAN Studio/autosave.gancheckpoint on Linux).
    static QString defaultPath();

    // What the timer does: asks for a save when there is something new and good to keep.
    // Returns true when a save was asked for.
    bool saveNow();
    qint64 savedIteration() const { return m_savedIteration; } // -1 until the first autosave

signals:
    void autosaved(const QString& path, qint64 iteration);

private:
    TrainingSession* m_session;
    QTimer m_timer;
    QString m_path;
    int m_interval = 0;
    qint64 m_iteration = 0;          // the latest iteration seen
    qint64 m_savedIteration = -1;
    qint64 m_pendingIteration = -1;  // asked for, not yet confirmed
    bool m_diverged = false;
};

} // namespace gan
