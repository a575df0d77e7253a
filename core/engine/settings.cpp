#include "settings.h"

#include <cmath>
#include <sstream>

namespace gan {
namespace {

bool inRange(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

std::string rangeMessage(const char* name, double lo, double hi, double v)
{
    std::ostringstream out;
    out << name << " must be between " << lo << " and " << hi << " (got " << v << ")";
    return out.str();
}

} // namespace

std::string validate(const LiveSettings& s)
{
    if (s.k < limits::kMin || s.k > limits::kMax)
        return rangeMessage("k (D steps per iteration)", limits::kMin, limits::kMax, s.k);
    if (s.gSteps < limits::gStepsMin || s.gSteps > limits::gStepsMax)
        return rangeMessage("G steps per iteration", limits::gStepsMin, limits::gStepsMax, s.gSteps);
    if (!inRange(s.lrG, limits::lrMin, limits::lrMax))
        return rangeMessage("learning rate of G", limits::lrMin, limits::lrMax, s.lrG);
    if (!inRange(s.lrD, limits::lrMin, limits::lrMax))
        return rangeMessage("learning rate of D", limits::lrMin, limits::lrMax, s.lrD);
    if (!std::isfinite(s.beta1) || s.beta1 < 0.0 || s.beta1 >= 1.0)
        return "beta1 must be in [0, 1) (got " + std::to_string(s.beta1) + ")";
    if (!std::isfinite(s.beta2) || s.beta2 < 0.0 || s.beta2 >= 1.0)
        return "beta2 must be in [0, 1) (got " + std::to_string(s.beta2) + ")";
    if (s.loss != GanLoss::NonSaturating && s.loss != GanLoss::Minimax && s.loss != GanLoss::LeastSquares)
        return "unknown loss variant";
    return {};
}

std::string validate(const ResetSettings& s)
{
    if (s.batchSize < limits::batchMin || s.batchSize > limits::batchMax)
        return rangeMessage("batch size", limits::batchMin, limits::batchMax, s.batchSize);
    if (s.latentDim < limits::latentMin || s.latentDim > limits::latentMax)
        return rangeMessage("latent size", limits::latentMin, limits::latentMax, s.latentDim);
    if (!std::isfinite(s.bnEps) || s.bnEps <= 0.0 || s.bnEps > 10.0)
        return "BatchNorm eps must be above 0 and at most 10";
    if (s.cudaIndex < 0)
        return "CUDA device index must not be negative";
    return {};
}

std::string toString(DevicePreference d)
{
    switch (d) {
    case DevicePreference::Cpu: return "cpu";
    case DevicePreference::Cuda: return "cuda";
    case DevicePreference::Auto: break;
    }
    return "auto";
}

bool parseDevicePreference(const std::string& text, DevicePreference* out)
{
    if (text == "auto") *out = DevicePreference::Auto;
    else if (text == "cpu") *out = DevicePreference::Cpu;
    else if (text == "cuda") *out = DevicePreference::Cuda;
    else return false;
    return true;
}

std::string toString(GanLoss l)
{
    switch (l) {
    case GanLoss::Minimax: return "minimax";
    case GanLoss::LeastSquares: return "least-squares";
    case GanLoss::NonSaturating: break;
    }
    return "non-saturating";
}

bool parseGanLoss(const std::string& text, GanLoss* out)
{
    if (text == "non-saturating") *out = GanLoss::NonSaturating;
    else if (text == "minimax") *out = GanLoss::Minimax;
    else if (text == "least-squares") *out = GanLoss::LeastSquares;
    else return false;
    return true;
}

} // namespace gan
