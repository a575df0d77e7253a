#include "latent_coordinates.h"

#include <algorithm>
#include <cmath>

namespace gan {

LatentCoordinates::LatentCoordinates(int latentDim)
    : m_latentDim(std::max(latentDim, 1))
{
    setLatentDim(m_latentDim);
}

void LatentCoordinates::setLatentDim(int latentDim)
{
    m_latentDim = std::max(latentDim, 1);
    m_z.assign(m_latentDim, 0.0f);
    m_dims.clear();
    m_directions = {};
    m_mode = SliderMode::Dimensions;
    useDimensions(minSliders);
}

void LatentCoordinates::setZ(const std::vector<float>& z)
{
    if (static_cast<int>(z.size()) == m_latentDim)
        m_z = z;
}

void LatentCoordinates::useDimensions(int count)
{
    count = std::min(std::clamp(count, minSliders, maxSliders), m_latentDim);
    if (m_mode != SliderMode::Dimensions)
        m_dims.clear();
    m_mode = SliderMode::Dimensions;
    m_dims.resize(std::min<std::size_t>(m_dims.size(), count));
    for (int next = 0; static_cast<int>(m_dims.size()) < count && next < m_latentDim; ++next)
        if (std::find(m_dims.begin(), m_dims.end(), next) == m_dims.end())
            m_dims.push_back(next);
}

bool LatentCoordinates::useDirections(const LatentDirections& directions)
{
    if (directions.latentDim != m_latentDim || directions.empty())
        return false;
    m_directions = directions;
    m_mode = SliderMode::Directions;
    m_dims.assign(directions.count(), -1);
    return true;
}

int LatentCoordinates::dimension(int slider) const
{
    return valid(slider) && m_mode == SliderMode::Dimensions ? m_dims[slider] : -1;
}

void LatentCoordinates::setDimension(int slider, int dim)
{
    if (valid(slider) && m_mode == SliderMode::Dimensions)
        m_dims[slider] = std::clamp(dim, 0, m_latentDim - 1);
}

std::vector<float> LatentCoordinates::direction(int slider) const
{
    std::vector<float> b(m_latentDim, 0.0f);
    if (!valid(slider))
        return b;
    if (m_mode == SliderMode::Dimensions) {
        b[m_dims[slider]] = 1.0f;
    } else {
        const auto first = m_directions.vectors.begin() + static_cast<std::ptrdiff_t>(slider) * m_latentDim;
        std::copy(first, first + m_latentDim, b.begin());
    }
    return b;
}

double LatentCoordinates::coordinate(int slider) const
{
    if (!valid(slider))
        return 0;
    if (m_mode == SliderMode::Dimensions)
        return m_z[m_dims[slider]];
    const float* b = m_directions.vectors.data() + static_cast<std::ptrdiff_t>(slider) * m_latentDim;
    double s = 0;
    for (int i = 0; i < m_latentDim; ++i)
        s += static_cast<double>(m_z[i]) * b[i];
    return s;
}

double LatentCoordinates::sliderValue(int slider) const { return std::clamp(coordinate(slider), -range, range); }

double LatentCoordinates::setSliderValue(int slider, double value)
{
    if (!valid(slider) || std::isnan(value))
        return sliderValue(slider);
    value = std::clamp(value, -range, range);
    if (m_mode == SliderMode::Dimensions) {
        m_z[m_dims[slider]] = static_cast<float>(value);
    } else {
        m_z = offset(slider, value - coordinate(slider));
    }
    return value;
}

std::vector<float> LatentCoordinates::offset(int slider, double delta) const
{
    std::vector<float> out = m_z;
    const std::vector<float> b = direction(slider);
    for (int i = 0; i < m_latentDim; ++i)
        out[i] = static_cast<float>(out[i] + delta * b[i]);
    return out;
}

std::vector<float> LatentCoordinates::walk(int xSlider, int ySlider, double span, int side) const
{
    side = std::max(side, 2);
    const std::vector<float> bx = direction(xSlider), by = direction(ySlider);
    std::vector<float> out;
    out.reserve(static_cast<std::size_t>(side) * side * m_latentDim);
    for (int row = 0; row < side; ++row) {
        const double y = span - 2 * span * row / (side - 1);
        for (int col = 0; col < side; ++col) {
            const double x = -span + 2 * span * col / (side - 1);
            for (int i = 0; i < m_latentDim; ++i)
                out.push_back(static_cast<float>(m_z[i] + x * bx[i] + y * by[i]));
        }
    }
    return out;
}

} // namespace gan
