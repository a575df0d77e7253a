#pragma once
// Measurements of the window for the benchmarks (`--report`): how long from process start
// until real digits are on screen, how long the GUI thread's event loop ever stalls while
// training runs, how much of a core the GUI thread uses meanwhile, and the resident memory
// at the end (`rss_mb`) and the largest of it sampled once a second while training ran
// (`rss_peak_mb`). Printed as one `report:` line.
//
// A stall is measured three ways, and the longest counts: each span the event loop spends
// handling events between waits (the event dispatcher's awake and aboutToBlock signals,
// which cost nothing while it sleeps; but they do not bracket every event: a 7 ms event was
// seen in a run whose spans came to at most 4.5 ms), how late a 16 ms timer fires (which also
// sees the thread waiting for a core, but only the part of a stall after a tick falls due),
// and the longest single event delivered (EventTimingApplication). The probe wakes the thread only 60 times
// a second: a finer ticker takes a core from training every few milliseconds and so slows
// the run it measures.
//
// The longest event is also named (its receiver's class and the event's type), so that a
// long stall points at its cause: `longest_event_ms=8.1 longest_event=QWidgetWindow/UpdateRequest`,
// and `longest_event_cpu_ms` says how much of it the GUI thread worked: little of it means the
// thread waited (for a core, mostly), much of it means the event's own work was long.
// How often the window hitches: events longer than longEventMs, per minute of training
// (`long_events_per_min`). Each is a moment the window could not answer the mouse; most were
// the GUI thread waiting for a core rather than working.

#include <QElapsedTimer>
#include <QEvent>
#include <QObject>
#include <QTimer>

#include <vector>

namespace gan {

class TrainingSession;

class GuiProbe : public QObject {
    Q_OBJECT
public:
    explicit GuiProbe(TrainingSession* session, QObject* parent = nullptr);
    QString reportLine() const;
    // One event the GUI thread delivered (EventTimingApplication's observer).
    void onEvent(const char* receiverClass, QEvent::Type type, qint64 ns, qint64 cpuNs);

    static double secondsSinceProcessStart();
    static double residentMegabytes();

private:
    void onTick();
    void onAwake();
    void onAboutToBlock();
    void record(double stallMs);

    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
    std::vector<int> m_stallHistogramMs; // count of stalls per whole millisecond
    double m_longestStallMs = 0;
    double m_longestEventMs = 0;
    double m_longestEventCpuMs = 0; // the GUI thread's CPU time within that event
    qint64 m_longEvents = 0; // events above longEventMs while training ran
    static constexpr double longEventMs = 4;
    QString m_longestEvent; // "receiver's class/event type"
    QElapsedTimer m_busy; // valid while the event loop handles events
    double m_startupMs = -1;
    bool m_training = false;
    // GUI thread CPU and wall time, summed over the spans while training runs.
    double m_cpuAtStart = 0, m_cpuWhileTraining = 0;
    QElapsedTimer m_trainingClock;
    double m_wallWhileTraining = 0;
    static constexpr int ticksPerMemorySample = 60; // about once a second
    qint64 m_ticksWhileTraining = 0;
    double m_peakResidentMb = 0;
};

} // namespace gan
