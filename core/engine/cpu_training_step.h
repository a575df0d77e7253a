#pragma once
// One training iteration of the seed's GAN on the CPU with hand-written passes instead of
// LibTorch's autograd: the same order of noise draws, real batches and optimiser steps as
// GanEngine::Impl::step (engine_impl.h), which still trains on CUDA and is the reference the
// tests hold this one to. No LibTorch here; the engine supplies the data and the optimiser.

#include "mlp_passes.h"
#include "settings.h"
#include "thread_team.h"

#include <functional>
#include <vector>

namespace gan {

struct CpuStepHooks {
    std::function<const float*()> noise;     // a fresh batch of z, [batch, latent]
    std::function<const float*()> realBatch; // the next real batch, [batch, pixels]
    std::function<double()> stepGenerator;   // Adam on G's gradients (in the view's buffers),
                                             // which it zeroes; returns their sum of squares
    std::function<void()> stepDiscriminator; // Adam on D's gradients, which it zeroes
};

struct CpuStepResult {
    double dLoss = 0, gLoss = 0, dReal = 0, dFake = 0, value = 0, gGradNorm = 0;
    std::vector<float> realProbs, fakeProbs; // D's outputs at the last D step, when asked for
};

class CpuTrainingStep {
public:
    // threads: how many share the matrix products (thread_team.h); 0 picks one per core. The
    // results are the same whatever the number.
    CpuTrainingStep(int batch, int latent, int pixels, int threads = 0);
    ThreadTeam& team() { return m_team; } // also for the optimiser's steps
    CpuStepResult run(const mlp::GeneratorView& g, const mlp::DiscriminatorView& d, const LiveSettings& live,
                      const CpuStepHooks& hooks, bool keepOutputs);

private:
    int m_batch;
    ThreadTeam m_team; // before the passes, which hold it
    mlp::GeneratorPass m_g;
    mlp::DiscriminatorPass m_d;
    std::vector<float> m_probs, m_dLogits; // [2 batch]: generated rows first, then real
};

} // namespace gan
