#include "latent_math.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace gan {
namespace {

// SplitMix64: a tiny, well-mixed generator whose output is fixed by its definition, so a
// seed names the same z everywhere (std::normal_distribution is not portable).
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t x = (state += 0x9E3779B97F4A7C15ull);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
        return x ^ (x >> 31);
    }
    double uniform() { return ((next() >> 11) + 0.5) * 0x1.0p-53; } // in (0, 1)
};

std::vector<float> gaussian(int dim, std::uint64_t seed)
{
    SplitMix64 rng{seed};
    std::vector<float> z(static_cast<std::size_t>(std::max(dim, 0)));
    for (std::size_t i = 0; i < z.size(); i += 2) { // Box-Muller, two values per pair of draws
        const double r = std::sqrt(-2.0 * std::log(rng.uniform()));
        const double phi = 2.0 * std::numbers::pi * rng.uniform();
        z[i] = static_cast<float>(r * std::cos(phi));
        if (i + 1 < z.size())
            z[i + 1] = static_cast<float>(r * std::sin(phi));
    }
    return z;
}

double dot(const std::vector<float>& a, const std::vector<float>& b)
{
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        s += static_cast<double>(a[i]) * b[i];
    return s;
}

} // namespace

std::vector<float> randomLatent(int dim, std::uint64_t seed) { return gaussian(dim, seed); }

std::vector<float> nudgedLatent(const std::vector<float>& z, double size, std::uint64_t seed)
{
    std::vector<float> out = gaussian(static_cast<int>(z.size()), seed);
    for (std::size_t i = 0; i < z.size(); ++i)
        out[i] = static_cast<float>(z[i] + size * out[i]);
    return out;
}

double latentNorm(const std::vector<float>& z) { return std::sqrt(dot(z, z)); }

std::vector<float> interpolate(const std::vector<float>& a, const std::vector<float>& b, double t, Interpolation mode)
{
    if (a.size() != b.size())
        throw std::invalid_argument("interpolated latent vectors differ in size");
    if (!(t > 0)) // also NaN
        return a;
    if (t >= 1)
        return b;
    double wa = 1 - t, wb = t;
    if (mode == Interpolation::Spherical) {
        const double na = latentNorm(a), nb = latentNorm(b);
        if (na > 0 && nb > 0) {
            const double omega = std::acos(std::clamp(dot(a, b) / (na * nb), -1.0, 1.0));
            const double s = std::sin(omega);
            if (s > 1e-6) {
                wa = std::sin((1 - t) * omega) / s;
                wb = std::sin(t * omega) / s;
            }
        }
    }
    std::vector<float> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        out[i] = static_cast<float>(wa * a[i] + wb * b[i]);
    return out;
}

std::vector<float> interpolationPath(const std::vector<float>& a, const std::vector<float>& b, int steps,
                                     Interpolation mode)
{
    steps = std::max(steps, 2);
    std::vector<float> out;
    out.reserve(static_cast<std::size_t>(steps) * a.size());
    for (int i = 0; i < steps; ++i) {
        const auto p = interpolate(a, b, static_cast<double>(i) / (steps - 1), mode);
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

} // namespace gan
