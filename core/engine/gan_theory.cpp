#include "gan_theory.h"

#include <algorithm>
#include <cmath>

namespace gan::theory {
namespace {

double mean(const std::vector<double>& v, double (*f)(double))
{
    if (v.empty())
        return 0;
    double sum = 0;
    for (double x : v)
        sum += f(x);
    return sum / double(v.size());
}

double logOneMinus(double p) { return clampedLog(1.0 - p); }
double logSigmoid(double l) { return clampedLog(sigmoid(l)); }
double logOneMinusSigmoid(double l) { return clampedLog(1.0 - sigmoid(l)); }
double halfSquareMinusOne(double l) { return 0.5 * (l - 1) * (l - 1); }
double halfSquarePlusOne(double l) { return 0.5 * (l + 1) * (l + 1); }
double halfSquare(double l) { return 0.5 * l * l; }

} // namespace

double clampedLog(double p) { return p > 0 ? std::max(std::log(p), -100.0) : -100.0; }

double sigmoid(double logit) { return 1.0 / (1.0 + std::exp(-logit)); }

double logit(double p)
{
    const double q = std::clamp(p, 1e-12, 1.0 - 1e-12);
    return std::log(q / (1.0 - q));
}

double valueFunction(const std::vector<double>& dReal, const std::vector<double>& dFake)
{
    return mean(dReal, clampedLog) + mean(dFake, logOneMinus);
}

double valueFromDLoss(double dLoss) { return -2.0 * dLoss; }

double jsdEstimate(double value) { return (value + log4) / 2.0; }

double generatorLoss(GanLoss loss, const std::vector<double>& fakeLogits)
{
    switch (loss) {
    case GanLoss::Minimax: return mean(fakeLogits, logOneMinusSigmoid);
    case GanLoss::LeastSquares: return mean(fakeLogits, halfSquare);
    case GanLoss::NonSaturating: break;
    }
    return -mean(fakeLogits, logSigmoid);
}

double discriminatorLoss(GanLoss loss, const std::vector<double>& realLogits, const std::vector<double>& fakeLogits)
{
    if (loss == GanLoss::LeastSquares)
        return mean(realLogits, halfSquareMinusOne) + mean(fakeLogits, halfSquarePlusOne);
    return -(mean(realLogits, logSigmoid) + mean(fakeLogits, logOneMinusSigmoid)) / 2.0;
}

std::vector<int> histogram(const std::vector<double>& values, int bins, double lo, double hi)
{
    if (bins < 1 || !(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return {};
    std::vector<int> counts(bins, 0);
    const double width = (hi - lo) / bins;
    for (double v : values) {
        if (!std::isfinite(v))
            continue;
        const int b = static_cast<int>(std::floor((v - lo) / width));
        ++counts[std::clamp(b, 0, bins - 1)];
    }
    return counts;
}

double entropy(const std::vector<double>& weights)
{
    double total = 0;
    for (double w : weights)
        total += std::isfinite(w) && w > 0 ? w : 0;
    if (total <= 0)
        return 0;
    double h = 0;
    for (double w : weights) {
        if (std::isfinite(w) && w > 0) {
            const double p = w / total;
            h -= p * std::log(p);
        }
    }
    return h;
}

std::vector<double> emaSmooth(const std::vector<double>& keys, const std::vector<double>& values, double smoothing)
{
    const std::size_t n = std::min(keys.size(), values.size());
    std::vector<double> out(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
    if (!(smoothing > 0) || n == 0)
        return out;
    const double s = std::min(smoothing, 0.9999);
    double acc = 0;    // biased running average
    double weight = 0; // how much of acc is real data (1 - s^elapsed), for debiasing
    for (std::size_t i = 0; i < n; ++i) {
        const double gap = i == 0 ? 1.0 : std::max(keys[i] - keys[i - 1], 0.0);
        const double keep = std::pow(s, gap);
        acc = keep * acc + (1 - keep) * values[i];
        weight = keep * weight + (1 - keep);
        out[i] = weight > 0 ? acc / weight : values[i];
    }
    return out;
}

} // namespace gan::theory
