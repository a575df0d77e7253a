// The choice of OpenBLAS's kernels (core/engine/blas_kernels.h): which kernels are replaced,
// by which, and, in this very program, which links the engine as the app does, that the kernels
// OpenBLAS runs are the best this CPU allows among those the app would ask for.
// Usage: tst_blas_kernels [name-filter]

#include "check.h"

#include "engine/blas_kernels.h"

#include <cstdlib>
#include <string>

using gan::betterBlasKernels;
using gan::CpuVectorUnits;

namespace {

constexpr CpuVectorUnits sse{false, false};
constexpr CpuVectorUnits avx2{true, false};
constexpr CpuVectorUnits avx512{true, true};

std::string text(const char* s)
{
    return s ? s : "(keep)";
}

} // namespace

TEST(the_fallback_kernels_give_way_to_what_the_cpu_runs)
{
    CHECK_EQ(text(betterBlasKernels("Prescott", avx512)), std::string("SkylakeX"));
    CHECK_EQ(text(betterBlasKernels("Prescott", avx2)), std::string("Haswell"));
    CHECK_EQ(text(betterBlasKernels("PRESCOTT", avx2)), std::string("Haswell"));
    CHECK_EQ(text(betterBlasKernels("Sandybridge", avx2)), std::string("Haswell"));
    CHECK_EQ(text(betterBlasKernels("Nehalem", avx512)), std::string("SkylakeX"));
}

TEST(kernels_already_using_avx2_or_a_cpu_without_it_are_left_alone)
{
    CHECK_EQ(text(betterBlasKernels("Prescott", sse)), std::string("(keep)"));
    CHECK_EQ(text(betterBlasKernels("Haswell", avx512)), std::string("(keep)"));
    CHECK_EQ(text(betterBlasKernels("SkylakeX", avx512)), std::string("(keep)"));
    CHECK_EQ(text(betterBlasKernels("Cooperlake", avx512)), std::string("(keep)"));
    CHECK_EQ(text(betterBlasKernels("Zen", avx2)), std::string("(keep)"));
    CHECK_EQ(text(betterBlasKernels("", avx512)), std::string("(keep)")); // not OpenBLAS
    CHECK_EQ(text(betterBlasKernels("Prescottish", avx512)), std::string("(keep)"));
}

TEST(this_program_runs_the_kernels_its_cpu_allows)
{
    const std::string now = gan::blasKernels();
    std::printf("  OpenBLAS kernels: %s%s%s\n", now.empty() ? "(not OpenBLAS)" : now.c_str(),
                gan::blasKernelsReplaced().empty() ? "" : ", in place of ",
                gan::blasKernelsReplaced().c_str());
    if (std::getenv("OPENBLAS_CORETYPE")) {
        std::printf("  OPENBLAS_CORETYPE was set by the caller: their choice stands\n");
        return;
    }
    CHECK(betterBlasKernels(now.c_str(), gan::cpuVectorUnits()) == nullptr);
}

int main(int argc, char** argv)
{
    return check::runAll(argc > 1 ? argv[1] : "");
}
