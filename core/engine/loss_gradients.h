#pragma once
// The three loss variants (settings.h, GanLoss) on D's logits, with their gradients, for the
// CPU training step. The same arithmetic as LibTorch's binary_cross_entropy and sigmoid,
// including BCE's clamp of log at -100 and its gradient's floor of 1e-12 on p(1 - p), so
// the CPU passes agree with losses.h (LibTorch, used on CUDA) to rounding.

#include "settings.h"

namespace gan::lossgrad {

// Probabilities from logits: p = 1 / (1 + exp(-l)).
void sigmoid(const float* logits, int n, float* probs);

// G's loss on D's logits and probabilities for a generated batch of n; writes dLoss/dlogit.
double generator(GanLoss loss, const float* logits, const float* probs, int n, float* dLogits);

// D's loss on a real and a generated batch of n each; writes both dLoss/dlogit arrays.
double discriminator(GanLoss loss, const float* realLogits, const float* realProbs, const float* fakeLogits,
                     const float* fakeProbs, int n, float* dRealLogits, float* dFakeLogits);

// V(D,G) = mean log D(x) + mean log(1 - D(G(z))) (losses::value's definition).
double value(GanLoss loss, double dLoss, const float* realProbs, const float* fakeProbs, int n);

} // namespace gan::lossgrad
