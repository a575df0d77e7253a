#include "durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace gan {
namespace fs = std::filesystem;

std::string readWholeFile(const std::string& path, std::uint64_t maxBytes, std::string* out)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        return "no such file";
    if (!fs::is_regular_file(path, ec))
        return "is not a file";
    const auto size = fs::file_size(path, ec);
    if (ec)
        return "cannot read its size";
    if (size > maxBytes)
        return "larger than any file GAN Studio writes (" + std::to_string(size >> 20) + " MiB)";
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return "cannot be opened for reading";
    out->assign(static_cast<std::size_t>(size), '\0');
    in.read(out->data(), static_cast<std::streamsize>(size));
    if (in.gcount() != static_cast<std::streamsize>(size))
        return "could not be read completely";
    return {};
}

std::string writeFileAtomically(const std::string& path, const std::string& bytes)
{
    const std::string tmp = path + ".partial-" + std::to_string(std::random_device{}());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return std::strerror(errno);
    auto fail = [&](int error, bool open) {
        if (open)
            ::close(fd);
        std::error_code ignored;
        fs::remove(tmp, ignored);
        return std::string(std::strerror(error));
    };
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(n < 0 ? errno : EIO, true);
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return fail(errno, true);
    if (::close(fd) != 0)
        return fail(errno, false);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        return ec.message();
    }
    // Make the rename itself durable (best effort: some file systems refuse it).
    const fs::path parent = fs::path(path).parent_path();
    if (const int dfd = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return {};
}

} // namespace gan
