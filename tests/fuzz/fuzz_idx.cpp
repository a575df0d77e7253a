// libFuzzer harness for the IDX reader (raw and gzip): an images file and a labels file.
// The input's first 4 bytes (little-endian) say where the images file ends.
// Whatever the bytes, parseIdxPair must return a consistent data set or throw DatasetError.

#include "engine/digit_dataset.h"

#include <cstdint>
#include <cstring>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 4)
        return 0;
    std::uint32_t split = 0;
    std::memcpy(&split, data, 4);
    const std::string_view rest(reinterpret_cast<const char*>(data + 4), size - 4);
    split %= static_cast<std::uint32_t>(rest.size() + 1);
    try {
        const gan::DigitDataset d = gan::parseIdxPair(rest.substr(0, split), rest.substr(split), "fuzz");
        // What every caller relies on.
        if (d.count <= 0 || d.rows <= 0 || d.cols <= 0
            || d.pixels.size() != static_cast<std::size_t>(d.count) * d.rows * d.cols
            || d.labels.size() != static_cast<std::size_t>(d.count))
            __builtin_trap();
        for (const auto label : d.labels)
            if (label > 9)
                __builtin_trap();
    } catch (const gan::DatasetError&) {
    }
    return 0;
}
