#include "nearest_digit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace gan {
namespace {

std::uint8_t toGrey(float v)
{
    if (!std::isfinite(v))
        return 0;
    return static_cast<std::uint8_t>(std::lround((std::clamp(v, -1.0f, 1.0f) + 1.0f) * 127.5f));
}

// Sum of squared differences of a[from, to) and b[from, to); vectorises well.
std::int64_t ssd(const std::uint8_t* a, const std::uint8_t* b, int from, int to)
{
    std::int32_t s = 0; // at most 255^2 * block pixels: fits for blocks under 33,000 pixels
    for (int i = from; i < to; ++i) {
        const std::int32_t d = static_cast<std::int32_t>(a[i]) - b[i];
        s += d * d;
    }
    return s;
}

} // namespace

NearestDigitFinder::NearestDigitFinder(DigitDataset data)
    : m_data(std::move(data))
{
}

NearestDigit NearestDigitFinder::find(const float* image) const
{
    const int n = m_data.pixelsPerImage();
    if (m_data.count <= 0 || n <= 0)
        return {};
    std::vector<std::uint8_t> grey(n);
    for (int i = 0; i < n; ++i)
        grey[i] = toGrey(image[i]);

    constexpr int block = 112; // check the best so far every few rows, to stop early
    std::int64_t best = std::numeric_limits<std::int64_t>::max();
    int bestIndex = -1;
    const std::uint8_t* real = m_data.pixels.data();
    for (int k = 0; k < m_data.count; ++k, real += n) {
        std::int64_t sum = 0;
        for (int from = 0; from < n && sum < best; from += block)
            sum += ssd(grey.data(), real, from, std::min(n, from + block));
        if (sum < best) {
            best = sum;
            bestIndex = k;
        }
    }
    NearestDigit out;
    out.index = bestIndex;
    out.label = bestIndex < static_cast<int>(m_data.labels.size()) ? m_data.labels[bestIndex] : -1;
    out.rmsGrey = std::sqrt(static_cast<double>(best) / n);
    return out;
}

} // namespace gan
