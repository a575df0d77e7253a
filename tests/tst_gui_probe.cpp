// The window's own measurements (--report): the events the GUI thread took longer than 4 ms
// to handle count only while training runs, and come out per minute of training; the longest
// is named with the CPU time the GUI thread spent in it, which the application's event timer
// reads from the thread's own clock: an event that works shows its time, one that waits not.

#include "event_timing_application.h"
#include "gui_probe.h"
#include "thread_cpu_clock.h"
#include "training/training_session.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace gan;

namespace {

double reportField(const QString& line, const QString& name)
{
    const auto m = QRegularExpression(QStringLiteral(" %1=([0-9.]+)").arg(name)).match(line);
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

constexpr qint64 ms = 1000 * 1000; // nanoseconds

// Works (spins until its thread has run for 30 ms) or waits (sleeps 30 ms) for each event.
struct Worker : QObject {
    bool spin = true;
    bool event(QEvent* e) override
    {
        if (e->type() != QEvent::User)
            return QObject::event(e);
        if (spin) {
            const qint64 start = threadCpuNs();
            while (threadCpuNs() - start < 30 * ms) {
            }
        } else {
            QThread::msleep(30);
        }
        return true;
    }
};

} // namespace

class TestGuiProbe : public QObject {
    Q_OBJECT
private slots:
    void longEventsCountOnlyWhileTrainingAndPerMinute()
    {
        TrainingSession session;
        GuiProbe probe(&session);
        probe.onEvent("Before", QEvent::Timer, 9 * ms, 9 * ms); // not training yet: not counted
        QCOMPARE(reportField(probe.reportLine(), QStringLiteral("long_events_per_min")), 0.0);

        QElapsedTimer outer;
        outer.start();
        emit session.stateChanged(TrainingState::Running);
        probe.onEvent("Long", QEvent::Timer, 5 * ms, 5 * ms);
        probe.onEvent("Long", QEvent::MetaCall, 12 * ms, 3 * ms); // mostly waiting
        probe.onEvent("Short", QEvent::Timer, 3 * ms, 3 * ms);  // under 4 ms: not counted
        probe.onEvent("Border", QEvent::Timer, 4 * ms, 4 * ms); // not above 4 ms
        QThread::msleep(200);
        emit session.stateChanged(TrainingState::Paused);
        const double wall = outer.nsecsElapsed() / 1e9;
        probe.onEvent("After", QEvent::Timer, 9 * ms, 9 * ms); // training stopped: not counted

        // Two events in at least 0.2 s and at most `wall` seconds of training.
        const QString line = probe.reportLine();
        const double perMinute = reportField(line, QStringLiteral("long_events_per_min"));
        QVERIFY2(perMinute >= 2 * 60 / wall && perMinute <= 2 * 60 / 0.2, qPrintable(line));
        QCOMPARE(reportField(line, QStringLiteral("longest_event_ms")), 12.0);
        QVERIFY2(line.contains(QStringLiteral("longest_event=Long/MetaCall")), qPrintable(line));
        QCOMPARE(reportField(line, QStringLiteral("longest_event_cpu_ms")), 3.0); // that event's own
    }

    void eventTimerTellsWorkFromWaiting()
    {
        auto* app = static_cast<EventTimingApplication*>(QCoreApplication::instance());
        struct Seen {
            qint64 ns = -1, cpuNs = -1;
        };
        Seen seen;
        app->setObserver([&seen](const char* receiverClass, QEvent::Type type, qint64 ns, qint64 cpuNs) {
            if (type == QEvent::User && qstrcmp(receiverClass, "QObject") == 0)
                seen = Seen{ns, cpuNs};
        });
        Worker worker;
        QEvent work(QEvent::User);
        QCoreApplication::sendEvent(&worker, &work);
        // The thread's CPU clock and the wall clock are separate clocks: a millisecond apart at most.
        QVERIFY2(seen.cpuNs >= 30 * ms && seen.ns >= seen.cpuNs - 1 * ms, qPrintable(QStringLiteral("%1 %2").arg(seen.ns).arg(seen.cpuNs)));

        worker.spin = false;
        seen = Seen{};
        QCoreApplication::sendEvent(&worker, &work);
        QVERIFY2(seen.ns >= 30 * ms && seen.cpuNs >= 0 && seen.cpuNs < 10 * ms,
                 qPrintable(QStringLiteral("%1 %2").arg(seen.ns).arg(seen.cpuNs)));
        app->setObserver({});
    }
};

// The app's own QApplication, so that its event timer is the one under test.
int main(int argc, char** argv)
{
    EventTimingApplication app(argc, argv);
    TestGuiProbe test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_gui_probe.moc"
