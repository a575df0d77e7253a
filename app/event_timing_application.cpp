#include "event_timing_application.h"

#include <QElapsedTimer>
#include <QThread>

#include <ctime>

namespace gan {
namespace {

qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

} // namespace

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
    const qint64 cpuAtStart = threadCpuNs();
    QElapsedTimer clock;
    clock.start();
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
    const qint64 ns = clock.nsecsElapsed();
    m_observer(receiverClass, type, ns, threadCpuNs() - cpuAtStart);
    return handled;
}

} // namespace gan
