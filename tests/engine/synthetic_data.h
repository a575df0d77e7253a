#pragma once
// Small synthetic digit sets for fast tests: `count` 28x28 images of blurry strokes.

#include "engine/digit_dataset.h"
#include "engine/settings.h"

#include <cstdint>

namespace testdata {

inline gan::DigitDataset syntheticDigits(int count = 256, int rows = 28, int cols = 28)
{
    gan::DigitDataset d;
    d.name = "synthetic";
    d.count = count;
    d.rows = rows;
    d.cols = cols;
    d.pixels.resize(static_cast<std::size_t>(count) * rows * cols);
    d.labels.resize(count);
    std::uint32_t s = 12345;
    for (int i = 0; i < count; ++i) {
        d.labels[i] = static_cast<std::uint8_t>(i % 10);
        const int col = 4 + (i * 7) % (cols - 8);
        for (int y = 2; y < rows - 2; ++y) {
            for (int x = 0; x < cols; ++x) {
                s = s * 1664525u + 1013904223u;
                const int dist = x - col - (y * (i % 3)) / rows;
                const int v = dist * dist <= 4 ? 255 - (s >> 28) * 4 : 0;
                d.pixels[(static_cast<std::size_t>(i) * rows + y) * cols + x] = static_cast<std::uint8_t>(v);
            }
        }
    }
    return d;
}

// Small batches on the CPU: fast iterations for tests that do not depend on the device.
inline gan::ResetSettings smallCpuSettings()
{
    gan::ResetSettings r;
    r.batchSize = 16;
    r.device = gan::DevicePreference::Cpu;
    return r;
}

} // namespace testdata
