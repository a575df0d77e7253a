#pragma once
// Whole-file reads with a size limit, and writes that a crash cannot leave half-done:
// the bytes go to a new file beside the target, are flushed to the disk, and the new file
// is renamed over the target, so it holds either the old or the new contents. A killed
// process may leave its `<path>.partial-<n>` file behind; the target is never damaged.
// Plain C++ (POSIX): no torch, no Qt.

#include <cstdint>
#include <string>

namespace gan {

// Empty on success, else why not (e.g. "no such file", "is not a file").
std::string readWholeFile(const std::string& path, std::uint64_t maxBytes, std::string* out);
std::string writeFileAtomically(const std::string& path, const std::string& bytes);

} // namespace gan
