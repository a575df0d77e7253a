#include "archive_check.h"

#include "zip_directory.h"

#include <zlib.h>

#include <algorithm>
#include <regex>
#include <vector>

namespace gan {
namespace {

// Inflates a raw-deflate entry of at most `size` bytes; false when it is corrupt.
bool inflateEntry(std::string_view data, std::uint64_t size, std::string* out)
{
    out->assign(static_cast<std::size_t>(size), '\0');
    z_stream zs{};
    if (inflateInit2(&zs, -15) != Z_OK)
        return false;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out->data());
    zs.avail_out = static_cast<uInt>(out->size());
    const int rc = inflate(&zs, Z_FINISH);
    const bool ok = rc == Z_STREAM_END && zs.total_out == size;
    inflateEnd(&zs);
    return ok;
}

bool endsWith(const std::string& s, std::string_view tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::uint64_t le(std::string_view b, std::size_t at, int n)
{
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

std::string checkCode(std::string_view bytes, const std::vector<ZipEntry>& entries);

} // namespace

std::string checkPickle(std::string_view p)
{
    std::uint64_t puts = 0; // memo entries assigned so far; a pickler numbers them 0, 1, 2, ...
    std::size_t at = 0;
    while (at < p.size()) {
        const auto op = static_cast<unsigned char>(p[at++]);
        const std::size_t left = p.size() - at;
        auto need = [&](std::uint64_t n) { return n <= left; };
        std::uint64_t skip = 0;
        switch (op) {
        case '.': // STOP
            return at == p.size() ? std::string() : "the pickle goes on after its end";
        case '(': case '0': case '1': case '2': case ']': case 'a': case 'e': case 'b': case 'd': case '}':
        case 'l': case 't': case ')': case 's': case 'u': case 'N': case 0x88: case 0x89: case 0x85: case 0x86:
        case 0x87: case 'R': case 'Q': case 0x81: case 0x93:
            break; // no argument
        case 0x94: ++puts; break; // MEMOIZE
        case 'K': case 0x80: skip = 1; break;          // BININT1, PROTO
        case 'M': skip = 2; break;                     // BININT2
        case 'J': skip = 4; break;                     // BININT
        case 'G': skip = 8; break;                     // BINFLOAT
        case 0x95: skip = 8; break;                    // FRAME (its length is the frame's, checked below)
        case 0x8a: case 0x8c: case 'C': case 'U':      // LONG1, SHORT_BINUNICODE, SHORT_BINBYTES, SHORT_BINSTRING
            if (!need(1))
                return "a pickle is truncated";
            skip = 1 + static_cast<unsigned char>(p[at]);
            break;
        case 0x8b: case 'X': case 'B': case 'T':       // LONG4, BINUNICODE, BINBYTES, BINSTRING
            if (!need(4))
                return "a pickle is truncated";
            skip = 4 + le(p, at, 4);
            break;
        case 0x8d: case 0x8e:                          // BINUNICODE8, BINBYTES8
            if (!need(8))
                return "a pickle is truncated";
            skip = 8 + le(p, at, 8);
            if (skip < 8)
                return "a pickle claims an impossible length";
            break;
        case 'q': case 'r': {                          // BINPUT, LONG_BINPUT
            const int n = op == 'q' ? 1 : 4;
            if (!need(n))
                return "a pickle is truncated";
            if (le(p, at, n) > puts)
                return "a pickle numbers its objects out of order";
            puts = std::max<std::uint64_t>(puts, le(p, at, n) + 1);
            skip = n;
            break;
        }
        case 'h': case 'j': {                          // BINGET, LONG_BINGET
            const int n = op == 'h' ? 1 : 4;
            if (!need(n))
                return "a pickle is truncated";
            if (le(p, at, n) >= puts)
                return "a pickle refers to an object it never made";
            skip = n;
            break;
        }
        case 'c': {                                    // GLOBAL module\nname\n
            for (int line = 0; line < 2; ++line) {
                const auto end = p.find('\n', at);
                if (end == std::string_view::npos || end - at > 256)
                    return "a pickle names a global badly";
                at = end + 1;
            }
            break;
        }
        default:
            return "a pickle uses an operation LibTorch never writes";
        }
        if (!need(skip))
            return "a pickle claims more data than it holds";
        at += static_cast<std::size_t>(skip);
    }
    return "a pickle has no end";
}

std::string checkArchiveContents(std::string_view bytes)
{
    std::vector<ZipEntry> entries;
    if (auto why = readZipDirectory(bytes, &entries); !why.empty())
        return why;
    for (const auto& e : entries) {
        if (!endsWith(e.name, ".pkl") && !endsWith(e.name, ".debug_pkl"))
            continue;
        std::string text;
        if (e.method == 0)
            text.assign(bytes.substr(e.dataOffset, e.compressedSize));
        else if (e.method != 8 || !inflateEntry(bytes.substr(e.dataOffset, e.compressedSize), e.size, &text))
            return "the archive's " + e.name + " is corrupt";
        if (auto why = checkPickle(text); !why.empty())
            return "the archive's " + e.name + ": " + why;
    }
    return checkCode(bytes, entries);
}

namespace {

std::string checkCode(std::string_view bytes, const std::vector<ZipEntry>& entries)
{
    // The types a GAN Studio checkpoint's attributes have, and the lines that declare them.
    static const std::string type = R"((Tensor|int|float|str|bool|NoneType|List\[int\]|__torch__\.___torch_mangle_[0-9]{1,6}\.Module))";
    static const std::string key = R"([A-Za-z0-9_.]{1,64})";
    static const std::regex line("class Module\\(Module\\):|  __(parameters|buffers)__ = \\[(\"" + key + "\", )*\\]|  [A-Za-z_][A-Za-z0-9_]{0,63} : "
                                 + type + "|  __annotations__\\[\"" + key + "\"\\] = " + type + "|");
    for (const auto& e : entries) {
        if (e.name.find("/code/") == std::string::npos || !endsWith(e.name, ".py"))
            continue;
        std::string text;
        if (e.method == 0)
            text.assign(bytes.substr(e.dataOffset, e.compressedSize));
        else if (e.method != 8 || !inflateEntry(bytes.substr(e.dataOffset, e.compressedSize), e.size, &text))
            return "the archive's code file " + e.name + " is corrupt";
        std::size_t start = 0, classes = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos)
                end = text.size();
            const std::string one = text.substr(start, end - start);
            if (!std::regex_match(one, line))
                return "the archive's code file " + e.name + " holds what GAN Studio never writes";
            classes += one.rfind("class ", 0) == 0;
            start = end + 1;
        }
        if (classes != 1)
            return "the archive's code file " + e.name + " does not define one class";
    }
    return {};
}

} // namespace
} // namespace gan
