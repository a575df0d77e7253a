#pragma once
// The threads of the CPU's training passes: the caller and one helper per further core,
// which share each piece of work (a matrix product, an Adam step) cut into blocks.
//
// Why not let OpenBLAS and LibTorch split the work: they cut it into one fixed part per
// thread and wait for the slowest. On a shared machine, or with the window's own threads
// awake, one core is often busy, and every product then waits for it. Here a thread that is
// free takes the next block, so a busy core costs only the blocks it does not run; and when a
// helper keeps the caller waiting (taken off its core mid-block), the caller goes on alone
// for a while.
//
// Why the results do not depend on the threads: callers cut their work into blocks that
// follow from its shape alone, and a block computes the same numbers whichever thread runs
// it. So a seed gives the same run to the bit on a quiet machine and a busy one, with one
// thread or four. OpenBLAS's own splitting does not have that property (its two-thread and
// one-thread products round differently), so OpenBLAS runs single-threaded while a team exists.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace gan {

// A library's own thread count (OpenBLAS's, LibTorch's), kept at one while any holder exists:
// the first holder saves the count and sets one, the last gives the saved count back. Counted,
// because several engines' teams may exist at once. ThreadTeam holds OpenBLAS's; the engine
// holds LibTorch's beside its team (engine_impl.h).
class OneThreadWhileHeld {
public:
    using Get = int (*)();
    using Set = void (*)(int);
    OneThreadWhileHeld(Get get, Set set); // a null `set`: nothing to change
    void hold();
    void release();

private:
    const Get m_get;
    const Set m_set;
    std::mutex m_mutex;
    int m_holders = 0;
    int m_before = 0; // the count before the first holder
};

class ThreadTeam {
public:
    // threads: the caller plus helpers; 0 picks one per core this process may run on, at most 4.
    explicit ThreadTeam(int threads = 0);
    ~ThreadTeam();
    ThreadTeam(const ThreadTeam&) = delete;
    ThreadTeam& operator=(const ThreadTeam&) = delete;

    int threads() const { return 1 + static_cast<int>(m_helpers.size()); }

    // Calls block(i) once for each i in [0, blocks), on any of the team's threads, and returns
    // when all are done. Blocks must not depend on each other nor throw. Called from one
    // thread at a time. More than 65,535 blocks run on the calling thread alone.
    template <class Block>
    void run(int blocks, const Block& block)
    {
        runBlocks(blocks, [](const void* f, int i) { (*static_cast<const Block*>(f))(i); }, &block);
    }

    // Blocks run by the helpers so far (the rest ran on the calling thread).
    std::int64_t blocksByHelpers() const { return m_byHelpers.load(std::memory_order_relaxed); }
    // Times the caller waited long for a helper and so ran the next pieces of work alone.
    std::int64_t longWaits() const { return m_longWaits.load(std::memory_order_relaxed); }

private:
    using BlockFn = void (*)(const void*, int);
    void runBlocks(int blocks, BlockFn fn, const void* context);
    bool runOneBlock(std::uint32_t generation); // false when the work has no block left
    void helperLoop();

    BlockFn m_fn = nullptr;
    const void* m_context = nullptr;
    // generation (32 bits) | blocks (16) | next block (16): claimed with one compare-exchange,
    // so a helper that wakes late can never take a block of newer work.
    std::atomic<std::uint64_t> m_work{0};
    std::atomic<int> m_done{0};
    std::atomic<std::uint32_t> m_posted{0}; // generation, for sleeping helpers to wait on
    std::atomic<int> m_sleepers{0};
    std::atomic<bool> m_stop{false};
    std::atomic<std::int64_t> m_byHelpers{0};
    std::atomic<std::int64_t> m_longWaits{0};
    std::uint32_t m_generation = 0;
    int m_alone = 0; // pieces of work the caller still runs without the helpers
    std::vector<std::thread> m_helpers;
};

} // namespace gan
