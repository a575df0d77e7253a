#pragma once
// Measurements of the window for the benchmarks (`--report`): how long from process start
// until real digits are on screen, how long the GUI thread's event loop ever stalls while
// training runs, how much of a core the GUI thread uses meanwhile, and the resident memory
// at the end. Printed as one `report:` line.
//
// A stall is measured two ways, and the longer counts: each span the event loop spends
// handling events between waits (the event dispatcher's awake and aboutToBlock signals,
// which cost nothing while it sleeps), and how late a 16 ms timer fires (which also sees
// the thread waiting for a core). The probe wakes the thread only 60 times a second: a
// finer ticker takes a core from training every few milliseconds and so slows the run
// it measures.

#include <QElapsedTimer>
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

    static double secondsSinceProcessStart();
    static double residentMegabytes();

private:
    void onTick();
    void onAwake();
    void onAboutToBlock();
    void record(double stallMs);
    static double threadCpuSeconds(); // the calling thread's CPU time

    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
    std::vector<int> m_stallHistogramMs; // count of stalls per whole millisecond
    double m_longestStallMs = 0;
    QElapsedTimer m_busy; // valid while the event loop handles events
    double m_startupMs = -1;
    bool m_training = false;
    // GUI thread CPU and wall time, summed over the spans while training runs.
    double m_cpuAtStart = 0, m_cpuWhileTraining = 0;
    QElapsedTimer m_trainingClock;
    double m_wallWhileTraining = 0;
};

} // namespace gan
