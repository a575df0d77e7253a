#include "event_timing_application.h"
#include "thread_cpu_clock.h"

#include <QElapsedTimer>
#include <QThread>

namespace gan {

EventTimingApplication::EventTimingApplication(int& argc, char** argv)
    : QApplication(argc, argv)
{
}

void EventTimingApplication::setObserver(Observer observer) { m_observer = std::move(observer); }

bool EventTimingApplication::notify(QObject* receiver, QEvent* event)
{
    // Other threads' event loops (the training worker's) deliver through here too: they
    // touch nothing of this object's.
    if (QThread::currentThread() != thread() || !m_observer || m_depth > 0)
        return QApplication::notify(receiver, event);
    const char* receiverClass = receiver->metaObject()->className();
    const QEvent::Type type = event->type();
    // The CPU clock read inside the wall clock's span, so that the CPU time is the part of it
    // the thread ran (up to the two clocks' own small differences).
    QElapsedTimer clock;
    clock.start();
    const qint64 cpuAtStart = threadCpuNs();
    struct Depth {
        int& depth;
        explicit Depth(int& d)
            : depth(d)
        {
            ++depth;
        }
        ~Depth() { --depth; }
    };
    bool handled;
    {
        const Depth nested(m_depth);
        handled = QApplication::notify(receiver, event);
    }
    const qint64 cpuNs = threadCpuNs() - cpuAtStart;
    m_observer(receiverClass, type, clock.nsecsElapsed(), cpuNs);
    return handled;
}

} // namespace gan
