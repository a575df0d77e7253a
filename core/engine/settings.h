#pragma once
// Hyperparameters of a training run, with the seed's values as defaults.
// Plain C++ (no Qt, no torch) so every layer and the engine-only build share it.

#include <cstdint>
#include <string>

namespace gan {

enum class DevicePreference { Auto, Cpu, Cuda };

// Which losses the two networks minimise (switchable live).
//  NonSaturating: the seed's. D: (BCE(D(x),1) + BCE(D(G(z)),0)) / 2; G: -log D(G(z)).
//  Minimax: the paper's value function as written. D as above; G: log(1 - D(G(z))), which
//    saturates while D rejects G's samples confidently (its gradient vanishes with D(G(z))).
//  LeastSquares: LSGAN (Mao et al., 2017) on D's logit l (the output before the sigmoid),
//    with the paper's Pearson chi-squared coding a = -1, b = 1, c = 0:
//    D: (mean (l(x) - 1)^2 + mean (l(G(z)) + 1)^2) / 2; G: mean l(G(z))^2 / 2.
//    The optimal logit is (p_data - p_g) / (p_data + p_g), so at p_g = p_data it is 0 and
//    D's probability sigmoid(l) is 1/2, the same equilibrium as the BCE forms.
enum class GanLoss { NonSaturating, Minimax, LeastSquares };

// Settings that may change while training runs; they take effect at the next iteration.
struct LiveSettings {
    int k = 1;            // discriminator steps per iteration (Algorithm 1's k)
    int gSteps = 1;       // generator steps per iteration
    double lrG = 2e-4;    // Adam learning rate of the generator
    double lrD = 2e-4;    // Adam learning rate of the discriminator
    double beta1 = 0.5;   // Adam beta1, shared by both networks (the seed's choice)
    double beta2 = 0.999; // Adam beta2, shared by both networks
    GanLoss loss = GanLoss::NonSaturating; // the losses D and G minimise

    bool operator==(const LiveSettings&) const = default;
};

// Settings that shape the networks or the data stream; they apply at reset.
struct ResetSettings {
    int batchSize = 64;
    int latentDim = 100;
    std::uint64_t seed = 1;
    DevicePreference device = DevicePreference::Auto;
    int cudaIndex = 0;     // which CUDA device when device is Cuda (or Auto picks CUDA)
    double bnEps = 0.8;    // BatchNorm eps in G: the seed's quirk (0.8) or PyTorch's default 1e-5

    bool operator==(const ResetSettings&) const = default;
};

// Allowed ranges; the UI uses them for its controls, every entry point for validation.
namespace limits {
inline constexpr int kMin = 1, kMax = 50;
inline constexpr int gStepsMin = 1, gStepsMax = 50;
inline constexpr double lrMin = 1e-7, lrMax = 1.0;
inline constexpr int batchMin = 2, batchMax = 1024;   // BatchNorm needs at least 2 samples
inline constexpr int latentMin = 2, latentMax = 512;
} // namespace limits

// Returns an empty string when the settings are usable, else one sentence saying why not.
std::string validate(const LiveSettings& s);
std::string validate(const ResetSettings& s);

std::string toString(DevicePreference d);            // "auto", "cpu", "cuda"
bool parseDevicePreference(const std::string& text, DevicePreference* out);

std::string toString(GanLoss l);                     // "non-saturating", "minimax", "least-squares"
bool parseGanLoss(const std::string& text, GanLoss* out);

} // namespace gan
