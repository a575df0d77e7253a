#pragma once
// On the training thread: decides when to copy the networks for the latent-space
// explorer (at most every intervalMs while training runs) and makes the frame to hand
// over. Copying takes a millisecond or two, and each frame makes the explorer decode its
// digit again on another core. The worker asks at each metrics batch (every
// metricsBatchIntervalMs), so a frame goes with every third batch, about every 0.6 s:
// the explorer stays live at under 1% of training.

#include "explorer_types.h"

#include <QElapsedTimer>

namespace gan {

class GanEngine;

class SnapshotPublisher {
public:
    static constexpr qint64 intervalMs = 500;

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
