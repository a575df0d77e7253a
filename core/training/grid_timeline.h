#pragma once
// The training timeline: the fixed-noise grids G drew, with their iterations, in bounded
// memory. When more than capacity() frames arrive, every other frame of the older half
// is dropped (the first frame always stays), so recent training keeps fine steps and the
// whole run stays covered, ever more coarsely further back. Plain value class.

#include <QImage>
#include <QList>

namespace gan {

class GridTimeline {
public:
    struct Frame {
        qint64 iteration = 0;
        QImage image;
    };

    explicit GridTimeline(int capacity = 240); // at least 4

    // A frame for an iteration already present replaces it; one older than the newest
    // frame (another run) starts the timeline afresh.
    void append(qint64 iteration, const QImage& image);
    void clear();

    int size() const { return int(m_frames.size()); }
    bool isEmpty() const { return m_frames.isEmpty(); }
    int capacity() const { return m_capacity; }
    const Frame& frame(int index) const { return m_frames.at(index); }
    const QList<Frame>& frames() const { return m_frames; }
    qint64 droppedCount() const { return m_dropped; } // frames thinned away since clear()

    // `count` frames spread evenly over the timeline (first and last included).
    QList<Frame> evenlySpaced(int count) const;

private:
    void thin();

    QList<Frame> m_frames;
    int m_capacity;
    qint64 m_dropped = 0;
};

} // namespace gan
