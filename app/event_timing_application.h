#pragma once
// The window's QApplication, able to time each event the GUI thread delivers: for
// `--report` (gui_probe.h), so that the longest wait names the event behind it. Without an
// observer it delivers events as QApplication does, at the cost of one test per event.

#include <QApplication>

#include <functional>

namespace gan {

class EventTimingApplication : public QApplication {
public:
    // The receiver's class (static text, so still valid when the event deleted the receiver),
    // the event's type, how long its delivery took, nested deliveries included, and how much
    // of that the GUI thread spent on a core (the rest it waited: for a core, or in a call).
    using Observer = std::function<void(const char* receiverClass, QEvent::Type type, qint64 ns, qint64 cpuNs)>;

    EventTimingApplication(int& argc, char** argv);
    void setObserver(Observer observer);

    bool notify(QObject* receiver, QEvent* event) override;

private:
    Observer m_observer;
    int m_depth = 0; // deliveries in progress on the GUI thread: only the outermost is timed
};

} // namespace gan
