#pragma once
// Watches a training run for divergence and keeps a restore point to roll back to: the
// whole engine state (networks, optimisers, counters, data order, RNG) copied into memory.
// A restore point is only ever taken from finite weights, so it is always a good one.
// Used on the training thread only; not thread-safe.

#include "engine/gan_engine.h"

#include <QString>

#include <string>

namespace gan {

class DivergenceGuard {
public:
    // A restore point at most every `restoreInterval` iterations while training runs (a
    // memory copy of about 25 MB for the seed's networks, a few milliseconds), and the weights checked every `weightCheckInterval` iterations (after a CPU
    // step Adam has checked them and this costs microseconds, but a full sum on a GPU costs
    // a sync; losses are checked at every iteration).
    explicit DivergenceGuard(qint64 restoreInterval = 500, qint64 weightCheckInterval = 10,
                             int saturationPatience = 25);

    // After each iteration. Returns a plain-language explanation when training diverged,
    // else an empty string; keeps a restore point when one is due. Diverged means: a loss
    // or a weight NaN or infinite, or D's outputs stuck at exactly 0 or 1 on every image
    // for `saturationPatience` iterations (its sigmoid saturated: no gradient flows, the
    // weights never change again; what lr = 1 with k = 10 does to the seed's networks:
    // seen in the losses, which BCE's clamp then pins to whole multiples of 100 / batch).
    // After a divergence no restore point is taken until rollBack() or clear().
    QString check(const GanEngine& engine, const IterationMetrics& m);
    // After trainIteration() threw (LibTorch refuses NaN where a probability belongs):
    // the explanation when the weights are no longer finite, else an empty string (then
    // the error is another one).
    QString checkFailedStep(const GanEngine& engine);

    // Keeps the engine's current state as the restore point when its weights are finite and
    // it is at least `minGap` iterations past the one kept (at least 1: a new state), e.g.
    // before new settings apply (a dragged slider asks many times). True when kept.
    bool keep(const GanEngine& engine, qint64 minGap = 1);

    bool hasRestorePoint() const { return m_iteration >= 0; }
    qint64 restorePointIteration() const { return m_iteration; } // -1 when none
    bool diverged() const { return m_diverged; }

    // Puts the engine back to the restore point. Throws EngineError (engine unchanged).
    void rollBack(GanEngine& engine);
    // Forgets the restore point (a reset or a loaded checkpoint starts another run).
    void clear();

private:
    QString diverge(qint64 iteration, const QString& what);

    qint64 m_restoreInterval;
    qint64 m_weightCheckInterval;
    int m_saturationPatience;
    int m_saturated = 0;             // consecutive iterations with D's outputs exactly 0 or 1
    GanEngine::StateCopy m_state;
    qint64 m_iteration = -1;
    bool m_diverged = false;
};

} // namespace gan
