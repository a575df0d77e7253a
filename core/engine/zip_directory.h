#pragma once
// The central directory of a zip archive held in memory. LibTorch's checkpoints are zip
// archives of uncompressed ("stored") entries, and LibTorch allocates each entry at the
// size the directory claims before it reads a byte; checking the directory first means a
// hostile file can never make it allocate more than the file itself holds.
// Plain C++: no torch, no Qt.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gan {

struct ZipEntry {
    std::string name;
    std::uint16_t method = 0;          // 0: stored; 8: deflated
    std::uint32_t crc32 = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t size = 0;            // uncompressed
    std::uint64_t localHeaderOffset = 0;
    std::uint64_t dataOffset = 0;      // first byte of the entry's data
    std::uint64_t centralHeaderOffset = 0;
};

namespace zip_limits {
inline constexpr std::size_t maxEntries = 100'000;
inline constexpr std::size_t maxNameBytes = 4096;
inline constexpr std::uint64_t maxInflatedBytes = 16u << 20; // all compressed entries together
} // namespace zip_limits

// Reads the directory of `bytes` (zip or zip64). Returns an empty string and fills
// `entries` when every entry lies completely inside `bytes`, else one sentence why not.
std::string readZipDirectory(std::string_view bytes, std::vector<ZipEntry>* entries);

// As readZipDirectory, and also refuses what a LibTorch archive never holds: stored
// entries whose sizes or checksums disagree, other compressions than deflate, and deflated entries
// (LibTorch deflates only its few small code files) that would inflate beyond 16 MiB.
std::string checkStoredZip(std::string_view bytes);

} // namespace gan
