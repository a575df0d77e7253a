#include "grid_timeline.h"

#include <QtGlobal>

namespace gan {

GridTimeline::GridTimeline(int capacity)
    : m_capacity(qMax(4, capacity))
{
}

void GridTimeline::append(qint64 iteration, const QImage& image)
{
    if (image.isNull())
        return;
    if (!m_frames.isEmpty()) {
        if (iteration == m_frames.last().iteration) {
            m_frames.last().image = image;
            return;
        }
        if (iteration < m_frames.last().iteration)
            clear();
    }
    m_frames.append({iteration, image});
    if (m_frames.size() > m_capacity)
        thin();
}

void GridTimeline::thin()
{
    // Drop frames 1, 3, 5, ... of the older half; frame 0 (the start) stays.
    const int olderHalf = int(m_frames.size()) / 2;
    QList<Frame> kept;
    kept.reserve(m_frames.size());
    for (int i = 0; i < m_frames.size(); ++i) {
        if (i < olderHalf && i % 2 == 1) {
            ++m_dropped;
            continue;
        }
        kept.append(m_frames[i]);
    }
    m_frames = std::move(kept);
}

void GridTimeline::clear()
{
    m_frames.clear();
    m_dropped = 0;
}

QList<GridTimeline::Frame> GridTimeline::evenlySpaced(int count) const
{
    QList<Frame> out;
    const int n = int(m_frames.size());
    if (n == 0 || count <= 0)
        return out;
    if (count >= n)
        return m_frames;
    if (count == 1)
        return {m_frames.last()};
    for (int i = 0; i < count; ++i)
        out.append(m_frames[int((qint64(i) * (n - 1) + (count - 1) / 2) / (count - 1))]);
    return out;
}

} // namespace gan
