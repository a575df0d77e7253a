#include "digit_dataset.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace gan {
namespace fs = std::filesystem;
namespace {

constexpr std::uint32_t imageMagic = 0x00000803;
constexpr std::uint32_t labelMagic = 0x00000801;

std::uint32_t readBigEndian(std::string_view bytes, std::size_t offset)
{
    auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i])); };
    return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

std::string hex(std::uint32_t v)
{
    std::ostringstream out;
    out << "0x" << std::hex << v;
    return out.str();
}

} // namespace

std::string maybeGunzip(std::string_view bytes, const std::string& what)
{
    const bool gzip = bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f
        && static_cast<unsigned char>(bytes[1]) == 0x8b;
    if (!gzip)
        return std::string(bytes);

    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
        throw DatasetError(what + ": cannot start gzip decompression");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    zs.avail_in = static_cast<uInt>(bytes.size());
    std::string out;
    char chunk[1 << 16];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk);
        zs.avail_out = sizeof chunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw DatasetError(what + ": the gzip data is corrupt or truncated");
        }
        out.append(chunk, sizeof chunk - zs.avail_out);
        if (out.size() > idx_limits::maxFileBytes) {
            inflateEnd(&zs);
            throw DatasetError(what + ": decompresses to more than 512 MiB, which no digit set needs");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw DatasetError(what + ": the gzip data is truncated");
        }
    }
    inflateEnd(&zs);
    return out;
}

DigitDataset parseIdxPair(std::string_view imageBytes, std::string_view labelBytes, const std::string& name)
{
    const std::string images = maybeGunzip(imageBytes, "images file");
    const std::string labels = maybeGunzip(labelBytes, "labels file");

    if (images.size() < 16)
        throw DatasetError("images file: too short for an IDX header (" + std::to_string(images.size()) + " bytes)");
    if (labels.size() < 8)
        throw DatasetError("labels file: too short for an IDX header (" + std::to_string(labels.size()) + " bytes)");
    if (readBigEndian(images, 0) != imageMagic)
        throw DatasetError("images file: wrong magic number " + hex(readBigEndian(images, 0))
                           + " (an IDX images file starts with 0x803)");
    if (readBigEndian(labels, 0) != labelMagic)
        throw DatasetError("labels file: wrong magic number " + hex(readBigEndian(labels, 0))
                           + " (an IDX labels file starts with 0x801)");

    const std::uint32_t count = readBigEndian(images, 4);
    const std::uint32_t rows = readBigEndian(images, 8);
    const std::uint32_t cols = readBigEndian(images, 12);
    const std::uint32_t labelCount = readBigEndian(labels, 4);
    if (count == 0)
        throw DatasetError("images file: holds no images");
    if (count > idx_limits::maxCount)
        throw DatasetError("images file: claims " + std::to_string(count) + " images, more than the "
                           + std::to_string(idx_limits::maxCount) + " allowed");
    if (rows == 0 || cols == 0 || rows > idx_limits::maxSide || cols > idx_limits::maxSide)
        throw DatasetError("images file: image size " + std::to_string(rows) + "x" + std::to_string(cols)
                           + " is not between 1 and " + std::to_string(idx_limits::maxSide));
    if (labelCount != count)
        throw DatasetError("the files disagree: " + std::to_string(count) + " images but "
                           + std::to_string(labelCount) + " labels");
    const std::uint64_t expectedImageBytes = 16ull + std::uint64_t(count) * rows * cols;
    if (images.size() != expectedImageBytes)
        throw DatasetError("images file: header promises " + std::to_string(expectedImageBytes) + " bytes but the file has "
                           + std::to_string(images.size()) + (images.size() < expectedImageBytes ? " (truncated)" : ""));
    if (labels.size() != 8ull + count)
        throw DatasetError("labels file: header promises " + std::to_string(8ull + count) + " bytes but the file has "
                           + std::to_string(labels.size()) + (labels.size() < 8ull + count ? " (truncated)" : ""));

    DigitDataset d;
    d.name = name;
    d.count = static_cast<int>(count);
    d.rows = static_cast<int>(rows);
    d.cols = static_cast<int>(cols);
    d.pixels.assign(images.begin() + 16, images.end());
    d.labels.assign(labels.begin() + 8, labels.end());
    for (std::size_t i = 0; i < d.labels.size(); ++i) {
        if (d.labels[i] > 9)
            throw DatasetError("labels file: label " + std::to_string(d.labels[i]) + " at index " + std::to_string(i)
                               + " is not a digit class 0-9");
    }
    return d;
}

std::string readFileBytes(const std::string& path)
{
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw DatasetError(path + ": no such file");
    if (fs::is_directory(status))
        throw DatasetError(path + ": is a folder, not a file");
    const auto size = fs::file_size(path, ec);
    if (ec)
        throw DatasetError(path + ": cannot read its size");
    if (size > idx_limits::maxFileBytes)
        throw DatasetError(path + ": larger than 512 MiB, which no digit set needs");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DatasetError(path + ": cannot be opened for reading");
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (in.gcount() != static_cast<std::streamsize>(size))
        throw DatasetError(path + ": could not be read completely");
    return bytes;
}

DigitDataset loadIdxFolder(const std::string& dir)
{
    std::error_code ec;
    if (!fs::exists(dir, ec))
        throw DatasetError(dir + ": no such folder");
    if (!fs::is_directory(dir, ec))
        throw DatasetError(dir + ": is a file; choose the folder that holds train-images-idx3-ubyte");

    auto find = [&](const std::string& stem) -> std::string {
        for (const fs::path base : {fs::path(dir), fs::path(dir) / "MNIST" / "raw", fs::path(dir) / "raw"}) {
            for (const char* suffix : {"", ".gz"}) {
                const fs::path p = base / (stem + suffix);
                if (fs::is_regular_file(p, ec))
                    return p.string();
            }
        }
        return {};
    };
    const std::string imagesPath = find("train-images-idx3-ubyte");
    const std::string labelsPath = find("train-labels-idx1-ubyte");
    if (imagesPath.empty())
        throw DatasetError(dir + ": no train-images-idx3-ubyte (or .gz) in this folder");
    if (labelsPath.empty())
        throw DatasetError(dir + ": no train-labels-idx1-ubyte (or .gz) in this folder");

    try {
        return parseIdxPair(readFileBytes(imagesPath), readFileBytes(labelsPath), dir);
    } catch (const DatasetError& e) {
        throw DatasetError(dir + ": " + e.what());
    }
}

} // namespace gan
