#pragma once
// The explorer's current latent vector z and what its sliders measure. Each slider is a
// unit vector b_i: either a raw dimension of z (b_i = e_d, the slider is z[d]) or one of
// the orthonormal principal directions (the slider is z . b_i). Moving a slider to v
// moves z along b_i only, so the other sliders keep their values. Slider values are
// clamped to +-range; z itself may lie beyond (a random z often has a few |z[d]| > 3).
// Plain C++, no Qt, no torch.

#include "engine/model_snapshot.h"

#include <vector>

namespace gan {

enum class SliderMode { Dimensions, Directions };

class LatentCoordinates {
public:
    static constexpr double range = 3.0;
    static constexpr int minSliders = 8;
    static constexpr int maxSliders = 16;

    explicit LatentCoordinates(int latentDim = 100);

    int latentDim() const { return m_latentDim; }
    // A new latent size (after a reset): z becomes zero, the sliders pick dimensions again.
    void setLatentDim(int latentDim);

    const std::vector<float>& z() const { return m_z; }
    void setZ(const std::vector<float>& z); // ignored when the size is not latentDim

    SliderMode mode() const { return m_mode; }
    int sliderCount() const { return static_cast<int>(m_dims.size()); }
    // Raw dimensions: `count` sliders (clamped to [minSliders, maxSliders] and latentDim),
    // keeping the dimensions already chosen and adding the next unused ones.
    void useDimensions(int count);
    // Principal directions (count() rows of latentDim); refused when the size does not match.
    bool useDirections(const LatentDirections& directions);
    const LatentDirections& directions() const { return m_directions; }

    int dimension(int slider) const;             // Dimensions mode: which z[d]; -1 otherwise
    void setDimension(int slider, int dim);      // clamped to [0, latentDim - 1]

    std::vector<float> direction(int slider) const; // unit vector b_i
    double coordinate(int slider) const;            // z . b_i, unclamped
    double sliderValue(int slider) const;           // z . b_i clamped to +-range
    // Clamps `value` to +-range (NaN is ignored), moves z along b_i to it, returns the value used.
    double setSliderValue(int slider, double value);
    // z + delta * b_i, for walks around z.
    std::vector<float> offset(int slider, double delta) const;
    // A side x side grid around z (row-major, side*side*latentDim values): columns step
    // along slider xSlider's vector from -span to +span, rows along ySlider's from +span
    // (top) to -span (bottom), as on a plot's axes.
    std::vector<float> walk(int xSlider, int ySlider, double span, int side) const;

private:
    bool valid(int slider) const { return slider >= 0 && slider < sliderCount(); }

    int m_latentDim;
    std::vector<float> m_z;
    SliderMode m_mode = SliderMode::Dimensions;
    std::vector<int> m_dims;          // per slider, Dimensions mode
    LatentDirections m_directions;    // Directions mode
};

} // namespace gan
