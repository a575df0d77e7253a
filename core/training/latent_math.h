#pragma once
// Arithmetic on latent vectors z, shared by the explorer and the headless exporter:
// reproducible Gaussian draws, small random steps, and interpolation (linear or
// spherical). Plain C++, no Qt, no torch.

#include <cstdint>
#include <vector>

namespace gan {

enum class Interpolation { Linear, Spherical };

// z ~ N(0, I) of `dim` values, the same for the same seed on every machine.
std::vector<float> randomLatent(int dim, std::uint64_t seed);

// z + size * N(0, I) (a small random step).
std::vector<float> nudgedLatent(const std::vector<float>& z, double size, std::uint64_t seed);

// The point at t in [0, 1] between a (t = 0, exactly a) and b (t = 1, exactly b); t is
// clamped. Spherical (slerp) follows the arc between a and b, scaling lengths smoothly:
// Gaussian z in many dimensions lie near a sphere of radius sqrt(dim), and a straight
// line cuts through its inside, where G saw no training inputs. Falls back to the line
// when a and b point the same way (or either is zero). Sizes must match.
std::vector<float> interpolate(const std::vector<float>& a, const std::vector<float>& b, double t, Interpolation mode);

// `steps` (>= 2) evenly spaced points from a to b, first exactly a and last exactly b,
// as steps x dim values.
std::vector<float> interpolationPath(const std::vector<float>& a, const std::vector<float>& b, int steps,
                                     Interpolation mode);

double latentNorm(const std::vector<float>& z);

} // namespace gan
