#pragma once

#include <string>

namespace gan {

// Debian 12's OpenBLAS (0.3.21) picks its kernels from the CPU's model number as it starts.
// On a CPU newer than it knows (Intel's family 6 model 207 among them) it falls back to its
// generic SSE3 kernels ("Prescott"), which train this model about four times slower than the
// AVX-512 or AVX2 kernels the same library has and the CPU runs. It takes another choice only
// from OPENBLAS_CORETYPE, read as it chooses; so the program has it choose before its start-up,
// with that variable set (README, Performance).

// What the CPU can run, as far as the choice of kernels goes; each also needs the OS to save
// those registers, which the compiler's CPU check includes.
struct CpuVectorUnits {
    bool avx2Fma = false; // AVX2 and FMA
    bool avx512 = false;  // AVX-512 F, BW, DQ and VL
};

CpuVectorUnits cpuVectorUnits();

// The kernels OpenBLAS runs in this process ("Haswell", "SkylakeX", "Prescott"...); "" where
// the BLAS is not OpenBLAS.
std::string blasKernels();

// The kernels to ask for instead of `current` on a CPU with `units`, or nullptr to keep them:
// only when `current` are generic or older than AVX2 and the CPU runs AVX2 or AVX-512.
const char* betterBlasKernels(const char* current, CpuVectorUnits units);

// The kernels OpenBLAS would have picked in this process, where better ones were asked for;
// "" where its own choice stands.
std::string blasKernelsReplaced();

// Has OpenBLAS make its choice now and forget it again. Where betterBlasKernels names better
// kernels, has it choose again with OPENBLAS_CORETYPE naming them, and OpenBLAS's start-up
// keeps that choice; otherwise its start-up chooses as it always did.
// Leaves a choice the user made in OPENBLAS_CORETYPE alone. Called by this file's
// pre-initialisation entry, which every program linking the engine runs before OpenBLAS's
// start-up (and before the C++ library's).
void chooseBlasKernelsBeforeOpenBlasStarts();

} // namespace gan
