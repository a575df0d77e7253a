#include "snapshot_publisher.h"

#include "engine/gan_engine.h"

namespace gan {

void SnapshotPublisher::setRealDigits(const DigitDataset& data)
{
    m_realDigits = std::make_shared<const NearestDigitFinder>(data);
}

bool SnapshotPublisher::due() const { return !m_sinceLast.isValid() || m_sinceLast.elapsed() >= intervalMs; }

ExplorerFrame SnapshotPublisher::take(const GanEngine& engine)
{
    ExplorerFrame frame;
    frame.model = engine.snapshot();
    frame.realDigits = m_realDigits;
    m_sinceLast.start();
    return frame;
}

} // namespace gan
