#pragma once
// Hyperparameters of a training run, with the seed's values as defaults.
// Plain C++ (no Qt, no torch) so every layer and the engine-only build share it.

#include <cstdint>
#include <string>

namespace gan {

enum class DevicePreference { Auto, Cpu, Cuda };

// Settings that may change while training runs; they take effect at the next iteration.
struct LiveSettings {
    int k = 1;            // discriminator steps per iteration (Algorithm 1's k)
    int gSteps = 1;       // generator steps per iteration
    double lrG = 2e-4;    // Adam learning rate of the generator
    double lrD = 2e-4;    // Adam learning rate of the discriminator
    double beta1 = 0.5;   // Adam beta1, shared by both networks (the seed's choice)
    double beta2 = 0.999; // Adam beta2, shared by both networks

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

} // namespace gan
