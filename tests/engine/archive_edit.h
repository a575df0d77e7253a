#pragma once
// Test helpers that rewrite a checkpoint's entries (drop one, change its value or type),
// to build the hostile and foreign files a user might feed the loader. Uses LibTorch
// directly: only the engine's reliability tests and fuzz harnesses include it.

#include "engine/zip_directory.h"

#include <torch/torch.h>
#include <zlib.h>

#include <functional>
#include <string>

// LibTorch brings glog's CHECK macros; the engine tests' harness (check.h) defines its own.
#undef CHECK
#undef CHECK_EQ

namespace testdata {

// Called for every entry, `path` dotted from the top ("generator.fc0.weight"). Set
// `drop` to leave the entry out, or change `value`.
using EntryEdit = std::function<void(const std::string& path, c10::IValue& value, bool& drop)>;

inline void copyArchive(torch::serialize::InputArchive& in, torch::serialize::OutputArchive& out,
                        const std::string& prefix, const EntryEdit& edit)
{
    for (const auto& key : in.keys()) {
        if (key == "training")
            continue;
        torch::serialize::InputArchive inner;
        c10::IValue v;
        if (!in.try_read(key, v))
            continue;
        if (v.isModule() && in.try_read(key, inner)) {
            torch::serialize::OutputArchive innerOut;
            copyArchive(inner, innerOut, prefix + key + ".", edit);
            bool drop = false;
            c10::IValue marker;
            edit(prefix + key, marker, drop);
            if (!drop)
                out.write(key, innerOut);
            continue;
        }
        bool drop = false;
        edit(prefix + key, v, drop);
        if (drop)
            continue;
        if (v.isTensor())
            out.write(key, v.toTensor());
        else
            out.write(key, v);
    }
}

inline std::string rewriteCheckpoint(const std::string& bytes, const EntryEdit& edit)
{
    torch::serialize::InputArchive in;
    in.load_from(bytes.data(), bytes.size());
    torch::serialize::OutputArchive out;
    copyArchive(in, out, "", edit);
    std::string result;
    out.save_to([&result](const void* data, std::size_t n) {
        result.append(static_cast<const char*>(data), n);
        return n;
    });
    return result;
}

// Recomputes every stored entry's CRC-32 (central and local headers), so that bytes
// changed inside an entry reach the parser behind the zip layer.
inline void fixZipChecksums(std::string& bytes)
{
    std::vector<gan::ZipEntry> entries;
    if (!gan::readZipDirectory(bytes, &entries).empty())
        return;
    auto put32 = [&](std::uint64_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
    };
    for (const auto& e : entries) {
        if (e.method != 0)
            continue;
        const auto crc = static_cast<std::uint32_t>(
            crc32(0L, reinterpret_cast<const Bytef*>(bytes.data() + e.dataOffset), static_cast<uInt>(e.compressedSize)));
        put32(e.centralHeaderOffset + 16, crc);
        put32(e.localHeaderOffset + 14, crc);
    }
}

} // namespace testdata
