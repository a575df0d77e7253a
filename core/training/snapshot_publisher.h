#pragma once
// On the training thread: decides when to copy the networks for the latent-space
// explorer (at most every intervalMs while training runs) and makes the frame to hand
// over. Copying takes a few milliseconds, so training barely notices.

#include "explorer_types.h"

#include <QElapsedTimer>

namespace gan {

class GanEngine;

class SnapshotPublisher {
public:
    static constexpr qint64 intervalMs = 300;

    // The training digits for the nearest-neighbour search (copied once per data set).
    void setRealDigits(const DigitDataset& data);
    // True when no frame was taken yet or the last one is intervalMs old.
    bool due() const;
    // Copies the engine's networks now. Throws EngineError.
    ExplorerFrame take(const GanEngine& engine);

private:
    QElapsedTimer m_sinceLast;
    std::shared_ptr<const NearestDigitFinder> m_realDigits;
};

} // namespace gan
