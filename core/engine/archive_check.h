#pragma once
// Checks of a LibTorch archive's contents that LibTorch itself does not make, run before
// its loader sees the bytes. Both guard against crashes and huge allocations found by
// fuzzing the checkpoint loader:
// - code/*.py: LibTorch's archives carry TorchScript class definitions that its loader
//   compiles before reading any value; a one-character change sent that compiler into
//   unbounded recursion. They must hold only what LibTorch writes for a checkpoint:
//   attribute declarations of plain types and of nested modules.
// - *.pkl: LibTorch's unpickler sizes its memo table by the ids the pickle names, so a
//   1.6 KB file could ask for a 60 GB table. Every opcode is walked: lengths must fit the
//   data, memo ids must be the ones a pickler assigns (in order), unknown opcodes refused.
// Plain C++ and zlib.

#include <string>
#include <string_view>

namespace gan {

// Empty when the zip archive `bytes` passes both checks, else one sentence saying why not.
std::string checkArchiveContents(std::string_view bytes);

// The pickle check alone, on one pickle's bytes (empty: fine).
std::string checkPickle(std::string_view pickle);

} // namespace gan
