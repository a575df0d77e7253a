#pragma once
// Measurements of the window for the benchmarks (`--report`): how long from process start
// until real digits are on screen, how long the GUI thread's event loop ever stalls while
// training runs, and the resident memory at the end. Printed as one `report:` line.

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

    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
    std::vector<int> m_stallHistogramMs; // count of stalls per whole millisecond
    double m_longestStallMs = 0;
    double m_startupMs = -1;
    bool m_training = false;
};

} // namespace gan
