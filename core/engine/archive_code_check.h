#pragma once
// LibTorch's archives carry TorchScript class definitions (code/*.py) that its loader
// compiles before reading any value. A damaged definition can crash that compiler (a
// one-character change sends it into unbounded recursion; found by fuzzing), so the code
// files are checked first against the little that LibTorch ever writes for a checkpoint:
// attribute declarations of plain types and of nested modules. Plain C++ and zlib.

#include <string>
#include <string_view>

namespace gan {

// Empty when every code file of the zip archive `bytes` holds only such declarations,
// else one sentence saying what is wrong. Expects a directory readZipDirectory accepted.
std::string checkArchiveCode(std::string_view bytes);

} // namespace gan
