#include "blas_kernels.h"

#include <cstdlib>

#include <dlfcn.h>
#include <strings.h>

namespace gan {
namespace {

constexpr const char* coreTypeVariable = "OPENBLAS_CORETYPE";
// The kernels OpenBLAS first picked, where they were replaced (before main, read after).
const char* replaced = nullptr;

// OpenBLAS's names for its x86 kernels without AVX2: its fallback for CPUs it does not know
// (Prescott), and older ones that a newer CPU may be taken for.
constexpr const char* olderThanAvx2[] = {"Prescott",  "Core2",  "Penryn",  "Dunnington", "Nehalem",
                                         "Sandybridge", "Atom", "Katmai",  "Coppermine", "Northwood",
                                         "Banias",    "Athlon", "Opteron", "Opteron_SSE3", "Barcelona",
                                         "Bobcat",    "Nano"};

using CoreName = char* (*)();
using Step = void (*)();

CoreName openBlasCoreName()
{
    return reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
}

} // namespace

CpuVectorUnits cpuVectorUnits()
{
    CpuVectorUnits u;
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    u.avx2Fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    u.avx512 = u.avx2Fma && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#endif
    return u;
}

std::string blasKernels()
{
    const CoreName name = openBlasCoreName();
    const char* s = name ? name() : nullptr;
    return s ? std::string(s) : std::string();
}

const char* betterBlasKernels(const char* current, CpuVectorUnits units)
{
    bool older = false;
    for (const char* n : olderThanAvx2)
        older = older || (current && strcasecmp(current, n) == 0);
    if (!older)
        return nullptr;
    if (units.avx512)
        return "SkylakeX";
    if (units.avx2Fma)
        return "Haswell";
    return nullptr;
}

std::string blasKernelsReplaced()
{
    return replaced ? std::string(replaced) : std::string();
}

void chooseBlasKernelsBeforeOpenBlasStarts()
{
    if (std::getenv(coreTypeVariable))
        return;
    // Both are OpenBLAS's own, exported by builds that choose kernels at run time (Debian's):
    // the choice its start-up makes, and forgetting it. Its start-up keeps a choice it finds made.
    const auto choose = reinterpret_cast<Step>(dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init"));
    const auto forget = reinterpret_cast<Step>(dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit"));
    const CoreName name = openBlasCoreName();
    if (!choose || !forget || !name)
        return;
    choose();
    const char* current = name();
    const char* better = betterBlasKernels(current, cpuVectorUnits());
    forget(); // without better kernels, OpenBLAS's start-up chooses as it always did
    if (!better)
        return;
    // Set only while OpenBLAS chooses again: the C library's start-up, which comes after this,
    // gives the program back the environment it was started with.
    setenv(coreTypeVariable, better, 1);
    choose();
    unsetenv(coreTypeVariable);
    replaced = current; // OpenBLAS's own name, which stays valid
}

} // namespace gan

// Runs before any library's start-up code, OpenBLAS's included: a program's pre-initialisation
// functions come first (glibc passes them main's arguments, unused here). gan_engine has every
// program that links it take this entry (core/CMakeLists.txt), whether or not it calls into
// this file.
namespace {
void beforeLibrariesStart(int, char**, char**)
{
    gan::chooseBlasKernelsBeforeOpenBlasStarts();
}
} // namespace
extern "C" [[gnu::section(".preinit_array"), gnu::used]] void (*const gan_choose_blas_kernels)(int, char**, char**) =
    beforeLibrariesStart;
