#include "cpu_training_step.h"

#include "loss_gradients.h"

#include <cmath>
#include <numeric>

namespace gan {
namespace {

double mean(const float* x, int n) { return std::accumulate(x, x + n, 0.0) / n; }

} // namespace

CpuTrainingStep::CpuTrainingStep(int batch, int latent, int pixels, int threads)
    : m_batch(batch)
    , m_team(threads)
    , m_g(m_team, batch, latent, pixels)
    , m_d(m_team, batch, pixels)
    , m_probs(2 * static_cast<std::size_t>(batch))
    , m_dLogits(2 * static_cast<std::size_t>(batch))
{
}

CpuStepResult CpuTrainingStep::run(const mlp::GeneratorView& g, const mlp::DiscriminatorView& d,
                                   const LiveSettings& live, const CpuStepHooks& hooks, bool keepOutputs)
{
    const int b = m_batch;
    float* fakeProbs = m_probs.data();
    float* realProbs = m_probs.data() + b;
    float* dFake = m_dLogits.data();
    float* dReal = m_dLogits.data() + b;
    CpuStepResult r;

    // G steps. D's outputs on the last generated batch stay in D's rows [0, b) for the
    // first D step: D has not changed in between (the seed computes them twice).
    for (int s = 0; s < live.gSteps; ++s) {
        const float* logits = m_d.forward(d, m_g.forward(g, hooks.noise()), 0, b);
        lossgrad::sigmoid(logits, b, fakeProbs);
        r.gLoss = lossgrad::generator(live.loss, logits, fakeProbs, b, dFake);
        m_g.backward(g, m_d.inputGradient(d, dFake));
        r.gGradNorm = std::sqrt(hooks.stepGenerator()); // the last G step's is reported
    }

    // D steps on a generated batch (rows [0, b)) and a real one (rows [b, 2b)).
    for (int s = 0; s < live.k; ++s) {
        if (s > 0) {
            const float* logits = m_d.forward(d, m_g.forward(g, hooks.noise()), 0, b);
            lossgrad::sigmoid(logits, b, fakeProbs);
        }
        const float* realLogits = m_d.forward(d, hooks.realBatch(), b, b);
        lossgrad::sigmoid(realLogits, b, realProbs);
        r.dLoss = lossgrad::discriminator(live.loss, realLogits, realProbs, m_d.logits(), fakeProbs, b, dReal, dFake);
        m_d.parameterGradients(d, m_dLogits.data());
        hooks.stepDiscriminator();
    }

    r.dReal = mean(realProbs, b);
    r.dFake = mean(fakeProbs, b);
    r.value = lossgrad::value(live.loss, r.dLoss, realProbs, fakeProbs, b);
    if (keepOutputs) {
        r.realProbs.assign(realProbs, realProbs + b);
        r.fakeProbs.assign(fakeProbs, fakeProbs + b);
    }
    return r;
}

} // namespace gan
