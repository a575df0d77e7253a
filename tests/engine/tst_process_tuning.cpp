// The process's memory settings: freed memory stays resident for training to reuse, and
// releaseFreedMemory() gives it back to the system.
#include "check.h"

#include "engine/process_tuning.h"

#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

double residentMiB()
{
    long size = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &size, &resident) != 2)
            resident = 0;
        std::fclose(f);
    }
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

constexpr int freedMiB = 64;
constexpr std::size_t blockBytes = std::size_t(1) << 20;

// Allocates and touches 2 * freedMiB blocks of 1 MiB and frees every other one, so that each
// freed block lies between blocks still in use (as the gaps a long run leaves). Returns those.
std::vector<char*> churn()
{
    std::vector<char*> all, kept;
    for (int i = 0; i < 2 * freedMiB; ++i) {
        all.push_back(new char[blockBytes]);
        std::memset(all.back(), 1, blockBytes);
    }
    for (int i = 0; i < 2 * freedMiB; ++i) {
        if (i % 2 == 0)
            delete[] all[i];
        else
            kept.push_back(all[i]);
    }
    return kept;
}

void checkFreedMemoryIsKeptThenGivenBack(bool onAnotherThread)
{
    gan::tuneProcessForTraining();
    const double before = residentMiB();
    std::vector<char*> kept;
    if (onAnotherThread)
        std::thread([&] { kept = churn(); }).join();
    else
        kept = churn();
    const double afterFree = residentMiB();
    gan::releaseFreedMemory();
    const double afterRelease = residentMiB();
    std::printf("  %s: %.1f MiB resident; %.1f with %d MiB in use and %d MiB freed; %.1f after releaseFreedMemory()\n",
                onAnotherThread ? "another thread" : "main thread", before, afterFree, freedMiB, freedMiB, afterRelease);
    CHECK(afterFree - before > 2 * freedMiB * 0.9); // the freed blocks kept for reuse, not given back at each free
    CHECK(afterFree - afterRelease > freedMiB * 0.9);
    for (char* p : kept)
        delete[] p;
}

} // namespace

TEST(freed_memory_is_kept_then_given_back_on_the_main_thread)
{
    checkFreedMemoryIsKeptThenGivenBack(false);
}

TEST(freed_memory_is_kept_then_given_back_on_another_thread)
{
    checkFreedMemoryIsKeptThenGivenBack(true);
}

int main(int argc, char** argv)
{
#if defined(__SANITIZE_ADDRESS__)
    std::puts("skipped: AddressSanitizer has its own allocator");
    return 77;
#endif
    return check::runAll(argc > 1 ? argv[1] : "");
}
