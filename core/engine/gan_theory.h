#pragma once
// The seed's theory as small pure functions, so every number the views show can be
// checked on known inputs: the value function V(D,G), the Jensen-Shannon estimate, the
// three loss variants, histograms and the entropy of a class histogram.
// Plain C++ (no torch, no Qt). The engine computes the same losses with LibTorch.

#include "settings.h"

#include <cstdint>
#include <vector>

namespace gan::theory {

inline constexpr double log2 = 0.69314718055994530942;
inline constexpr double log4 = 1.38629436111989061883; // -V at the optimum p_g = p_data
inline constexpr double log10 = 2.30258509299404568402; // entropy of ten equally likely classes

// log p, floored at -100 as PyTorch's BCE does, so a confident D never gives -inf.
double clampedLog(double p);
double sigmoid(double logit);
double logit(double p); // inverse of sigmoid; p is clamped into (1e-12, 1 - 1e-12)

// V(D,G) = E_x[log D(x)] + E_z[log(1 - D(G(z)))] on one real and one generated batch of D's
// probabilities. At the optimum (D = 1/2 everywhere) V = -log 4.
double valueFunction(const std::vector<double>& dReal, const std::vector<double>& dFake);
// With the BCE discriminator loss (BCE(D(x),1) + BCE(D(G(z)),0)) / 2, V = -2 * D loss.
double valueFromDLoss(double dLoss);
// For fixed G, V(D*, G) = -log 4 + 2 JSD(p_data || p_g), so (V + log 4) / 2 estimates the
// JSD. Any other D has a lower V, so with a D that is not optimal this underestimates
// (it can even go below 0); it holds only when D is near-optimal.
double jsdEstimate(double value);

// The mean losses of one batch, as the engine computes them, from D's logits.
// NonSaturating / Minimax: G -log D(G(z)) / log(1 - D(G(z))), D the seed's halved BCE sum.
// LeastSquares: LSGAN with a = -1, b = 1, c = 0 on the logits (see GanLoss).
double generatorLoss(GanLoss loss, const std::vector<double>& fakeLogits);
double discriminatorLoss(GanLoss loss, const std::vector<double>& realLogits, const std::vector<double>& fakeLogits);

// Counts of `values` in `bins` equal bins over [lo, hi]; values outside go to the first or
// last bin, non-finite values are skipped. bins >= 1 and hi > lo, else an empty vector.
std::vector<int> histogram(const std::vector<double>& values, int bins, double lo, double hi);

// Shannon entropy (nats) of the distribution proportional to `weights` (negative and
// non-finite weights count as 0); 0 when all are 0. Ten equal classes give log 10.
double entropy(const std::vector<double>& weights);

// Exponential moving average of a curve sampled at increasing keys: `smoothing` in [0, 1)
// is the weight kept per unit of key (per iteration), so unevenly spaced or decimated
// points are smoothed alike; debiased at the start like TensorBoard's. 0: unchanged.
std::vector<double> emaSmooth(const std::vector<double>& keys, const std::vector<double>& values, double smoothing);

} // namespace gan::theory
