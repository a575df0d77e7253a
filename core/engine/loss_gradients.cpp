#include "loss_gradients.h"

#include "gan_theory.h"

#include <algorithm>
#include <cmath>

namespace gan::lossgrad {
namespace {

// mean BCE(p, target) over n, as LibTorch: -(t log p + (1 - t) log(1 - p)), logs clamped at -100.
double bce(const float* p, int n, float target)
{
    double sum = 0;
    for (int i = 0; i < n; ++i)
        sum -= target * theory::clampedLog(p[i]) + (1.0 - target) * theory::clampedLog(1.0 - p[i]);
    return sum / n;
}

// d(scale * mean BCE(p, target))/dlogit through the sigmoid, as LibTorch's two backward
// functions compute it: dp = scale (p - t) / max(p (1 - p), 1e-12) / n, then dp p (1 - p).
void bceGradient(const float* p, int n, float target, float scale, float* dLogits)
{
    for (int i = 0; i < n; ++i) {
        const float q = p[i] * (1.0f - p[i]);
        const float dp = scale * (p[i] - target) / std::max(q, 1e-12f) / static_cast<float>(n);
        dLogits[i] = dp * (1.0f - p[i]) * p[i];
    }
}

// mean (l + shift)^2 over n, and its gradient times `scale`.
double squares(const float* l, int n, float shift, float scale, float* dLogits)
{
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const float d = l[i] + shift;
        sum += static_cast<double>(d) * d;
        dLogits[i] = scale * 2.0f * d / static_cast<float>(n);
    }
    return sum / n;
}

} // namespace

void sigmoid(const float* logits, int n, float* probs)
{
    for (int i = 0; i < n; ++i)
        probs[i] = 1.0f / (1.0f + std::exp(-logits[i]));
}

double generator(GanLoss loss, const float* logits, const float* probs, int n, float* dLogits)
{
    switch (loss) {
    case GanLoss::Minimax: // -BCE(p, 0) = mean log(1 - p)
        bceGradient(probs, n, 0.0f, -1.0f, dLogits);
        return -bce(probs, n, 0.0f);
    case GanLoss::LeastSquares: // mean l^2 / 2
        return 0.5 * squares(logits, n, 0.0f, 0.5f, dLogits);
    case GanLoss::NonSaturating:
        break;
    }
    bceGradient(probs, n, 1.0f, 1.0f, dLogits);
    return bce(probs, n, 1.0f);
}

double discriminator(GanLoss loss, const float* realLogits, const float* realProbs, const float* fakeLogits,
                     const float* fakeProbs, int n, float* dRealLogits, float* dFakeLogits)
{
    if (loss == GanLoss::LeastSquares) // (mean (l(x) - 1)^2 + mean (l(G(z)) + 1)^2) / 2
        return 0.5 * (squares(realLogits, n, -1.0f, 0.5f, dRealLogits) + squares(fakeLogits, n, 1.0f, 0.5f, dFakeLogits));
    bceGradient(realProbs, n, 1.0f, 0.5f, dRealLogits);
    bceGradient(fakeProbs, n, 0.0f, 0.5f, dFakeLogits);
    return 0.5 * (bce(realProbs, n, 1.0f) + bce(fakeProbs, n, 0.0f));
}

double value(GanLoss loss, double dLoss, const float* realProbs, const float* fakeProbs, int n)
{
    if (loss != GanLoss::LeastSquares)
        return -2.0 * dLoss;
    return -(bce(realProbs, n, 1.0f) + bce(fakeProbs, n, 0.0f));
}

} // namespace gan::lossgrad
