#pragma once
// A set of greyscale images with labels, read from the MNIST IDX format
// (raw or gzip). Plain C++ and zlib: no Qt, no torch.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gan {

// Thrown for any unreadable, broken or hostile input; what() is one clear sentence.
class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct DigitDataset {
    std::string name;               // shown to the user, e.g. "embedded MNIST (9,000 digits)"
    int count = 0;
    int rows = 0;
    int cols = 0;
    std::vector<std::uint8_t> pixels; // count * rows * cols, row-major, 0 = background
    std::vector<std::uint8_t> labels; // count

    int pixelsPerImage() const { return rows * cols; }
};

// Upper bounds that no real digit set reaches; headers claiming more are refused
// before anything is allocated.
namespace idx_limits {
inline constexpr std::uint32_t maxCount = 1'000'000;
inline constexpr std::uint32_t maxSide = 256;
inline constexpr std::size_t maxFileBytes = 512u * 1024u * 1024u; // after decompression
} // namespace idx_limits

// Decompresses `bytes` when they start with the gzip magic, else returns them unchanged.
// Stops with DatasetError past idx_limits::maxFileBytes (a gzip bomb) or on corrupt data.
std::string maybeGunzip(std::string_view bytes, const std::string& what);

// Parses an images file (magic 0x00000803) and a labels file (0x00000801), each raw or gzip.
DigitDataset parseIdxPair(std::string_view imageBytes, std::string_view labelBytes,
                          const std::string& name);

// Reads DIR/train-images-idx3-ubyte and DIR/train-labels-idx1-ubyte, each with or
// without a .gz suffix. Also accepts torchvision's layout DIR/MNIST/raw/ and DIR/raw/.
DigitDataset loadIdxFolder(const std::string& dir);

// Reads a whole file, refusing folders, missing paths and files over the size limit.
std::string readFileBytes(const std::string& path);

} // namespace gan
