#include "zip_directory.h"

#include <zlib.h>

#include <algorithm>
#include <set>

namespace gan {
namespace {

constexpr std::uint32_t endOfDirectorySig = 0x06054b50;
constexpr std::uint32_t zip64EndLocatorSig = 0x07064b50;
constexpr std::uint32_t zip64EndOfDirectorySig = 0x06064b50;
constexpr std::uint32_t centralHeaderSig = 0x02014b50;
constexpr std::uint32_t localHeaderSig = 0x04034b50;
constexpr std::size_t endOfDirectoryBytes = 22;
constexpr std::size_t centralHeaderBytes = 46;
constexpr std::size_t localHeaderBytes = 30;

// Little-endian reads, bounds-checked by the callers.
std::uint64_t le(std::string_view b, std::uint64_t at, int n)
{
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

bool fits(std::string_view b, std::uint64_t offset, std::uint64_t length)
{
    return offset <= b.size() && length <= b.size() - offset;
}

} // namespace

std::string readZipDirectory(std::string_view b, std::vector<ZipEntry>* entries)
{
    entries->clear();
    if (b.size() < endOfDirectoryBytes)
        return "too short for a zip archive";
    // The end record sits at the end, after a comment of at most 65,535 bytes.
    std::uint64_t eocd = b.size();
    const std::uint64_t lowest = b.size() > endOfDirectoryBytes + 65535 ? b.size() - endOfDirectoryBytes - 65535 : 0;
    for (std::uint64_t at = b.size() - endOfDirectoryBytes + 1; at-- > lowest;) {
        if (le(b, at, 4) == endOfDirectorySig && at + endOfDirectoryBytes + le(b, at + 20, 2) == b.size()) {
            eocd = at;
            break;
        }
    }
    if (eocd == b.size())
        return "no zip directory (not an archive, or truncated)";

    std::uint64_t count = le(b, eocd + 10, 2);
    std::uint64_t dirSize = le(b, eocd + 12, 4);
    std::uint64_t dirOffset = le(b, eocd + 16, 4);
    if (count == 0xFFFF || dirSize == 0xFFFFFFFF || dirOffset == 0xFFFFFFFF) {
        if (eocd < 20 || le(b, eocd - 20, 4) != zip64EndLocatorSig)
            return "a zip64 archive without its zip64 locator";
        const std::uint64_t rec = le(b, eocd - 20 + 8, 8);
        if (!fits(b, rec, 56) || le(b, rec, 4) != zip64EndOfDirectorySig)
            return "a zip64 archive with a broken zip64 directory record";
        count = le(b, rec + 32, 8);
        dirSize = le(b, rec + 40, 8);
        dirOffset = le(b, rec + 48, 8);
    }
    if (count > zip_limits::maxEntries)
        return "the zip directory claims " + std::to_string(count) + " entries";
    if (!fits(b, dirOffset, dirSize))
        return "the zip directory lies outside the file";

    std::set<std::string> names;
    std::uint64_t at = dirOffset;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (!fits(b, at, centralHeaderBytes) || le(b, at, 4) != centralHeaderSig)
            return "zip directory entry " + std::to_string(i) + " is broken";
        ZipEntry e;
        e.centralHeaderOffset = at;
        e.method = static_cast<std::uint16_t>(le(b, at + 10, 2));
        e.crc32 = static_cast<std::uint32_t>(le(b, at + 16, 4));
        e.compressedSize = le(b, at + 20, 4);
        e.size = le(b, at + 24, 4);
        const std::uint64_t nameLength = le(b, at + 28, 2);
        const std::uint64_t extraLength = le(b, at + 30, 2);
        const std::uint64_t commentLength = le(b, at + 32, 2);
        e.localHeaderOffset = le(b, at + 42, 4);
        const std::uint64_t extra = at + centralHeaderBytes + nameLength;
        if (!fits(b, at + centralHeaderBytes, nameLength + extraLength + commentLength))
            return "zip directory entry " + std::to_string(i) + " is truncated";
        if (nameLength == 0 || nameLength > zip_limits::maxNameBytes)
            return "zip directory entry " + std::to_string(i) + " has no usable name";
        e.name.assign(b.substr(at + centralHeaderBytes, nameLength));
        // Zip64 sizes and offset, in this order, for each field that holds 0xFFFFFFFF.
        for (std::uint64_t x = extra; x + 4 <= extra + extraLength;) {
            const auto id = le(b, x, 2);
            const auto length = le(b, x + 2, 2);
            if (x + 4 + length > extra + extraLength)
                return "zip directory entry " + e.name + " has a broken extra field";
            if (id == 0x0001) {
                std::uint64_t p = x + 4;
                for (std::uint64_t* field : {&e.size, &e.compressedSize, &e.localHeaderOffset}) {
                    if (*field != 0xFFFFFFFF)
                        continue;
                    if (p + 8 > x + 4 + length)
                        return "zip directory entry " + e.name + " has a short zip64 field";
                    *field = le(b, p, 8);
                    p += 8;
                }
            }
            x += 4 + length;
        }
        if (!names.insert(e.name).second)
            return "the archive holds " + e.name + " twice";
        const std::uint64_t local = e.localHeaderOffset;
        if (!fits(b, local, localHeaderBytes) || le(b, local, 4) != localHeaderSig)
            return "the archive's entry " + e.name + " points outside the file";
        e.dataOffset = local + localHeaderBytes + le(b, local + 26, 2) + le(b, local + 28, 2);
        if (!fits(b, e.dataOffset, e.compressedSize))
            return "the archive's entry " + e.name + " claims " + std::to_string(e.compressedSize)
                + " bytes, more than the file holds";
        entries->push_back(std::move(e));
        at += centralHeaderBytes + nameLength + extraLength + commentLength;
    }
    return {};
}

std::string checkStoredZip(std::string_view bytes)
{
    std::vector<ZipEntry> entries;
    if (auto why = readZipDirectory(bytes, &entries); !why.empty())
        return why;
    std::uint64_t inflated = 0;
    for (const auto& e : entries) {
        if (e.method == 0 && e.size != e.compressedSize)
            return "the archive's entry " + e.name + " claims another size than it holds";
        // LibTorch does not verify checksums; a damaged weight would load silently.
        if (e.method == 0) {
            uLong crc = crc32(0L, Z_NULL, 0);
            for (std::uint64_t at = 0; at < e.size;) {
                const auto n = static_cast<uInt>(std::min<std::uint64_t>(e.size - at, 1u << 30));
                crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + e.dataOffset + at), n);
                at += n;
            }
            if (crc != e.crc32)
                return "the archive's entry " + e.name + " is damaged (its checksum does not match)";
        }
        if (e.method == 8) { // LibTorch deflates its small code files only
            inflated += e.size;
            if (e.size > zip_limits::maxInflatedBytes || inflated > zip_limits::maxInflatedBytes)
                return "the archive's entry " + e.name + " claims to inflate to " + std::to_string(e.size) + " bytes";
        } else if (e.method != 0) {
            return "the archive's entry " + e.name + " uses a compression LibTorch never writes";
        }
    }
    return {};
}

} // namespace gan
