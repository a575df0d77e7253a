#include "archive_code_check.h"

#include "zip_directory.h"

#include <zlib.h>

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

} // namespace

std::string checkArchiveCode(std::string_view bytes)
{
    std::vector<ZipEntry> entries;
    if (auto why = readZipDirectory(bytes, &entries); !why.empty())
        return why;
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

} // namespace gan
