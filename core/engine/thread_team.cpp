#include "thread_team.h"

#include <algorithm>
#include <chrono>
#include <mutex>

#include <dlfcn.h>
#include <sched.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace gan {
namespace {

constexpr auto helperSpin = std::chrono::microseconds(50); // then it sleeps until there is work
constexpr int callerSpins = 2000;                          // then it yields while a helper finishes
// A helper that keeps the caller waiting this long was most likely taken off its core mid-block
// (another thread wants that core: the window's, another program's): the caller then runs the
// next pieces of work alone.
constexpr auto longWait = std::chrono::microseconds(500);
// ... or this many times the caller's own blocks of the same work took, when that is longer: a
// helper whose block is merely slower than the caller's (a slow phase of the machine, a block
// that started later) has not lost its core.
constexpr int longWaitInBlocks = 2;
// Pieces of work, about half an iteration of the seed's model. A stretch that started at 3
// and grew with repeated long waits (697bb1b) made headless runs faster but the window's
// slower, so it was reverted: a short one most likely ends while the window's thread, which
// draws each batch for a few milliseconds, still holds the helper's core. A fixed 48 slowed
// the window too (README, Performance).
constexpr int aloneAfterLongWait = 24;

void relax()
{
#if defined(__x86_64__)
    _mm_pause();
#endif
}

int usableCores()
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return std::max(1, CPU_COUNT(&set));
    return std::max(1u, std::thread::hardware_concurrency());
}

// OpenBLAS runs single-threaded while any team exists (see the header). Its calls are looked
// up at run time, so that another BLAS, which has no such calls, still links.
OneThreadWhileHeld& blasThreads()
{
    static OneThreadWhileHeld b(reinterpret_cast<OneThreadWhileHeld::Get>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads")),
                                reinterpret_cast<OneThreadWhileHeld::Set>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")));
    return b;
}

} // namespace

OneThreadWhileHeld::OneThreadWhileHeld(Get get, Set set)
    : m_get(get)
    , m_set(set)
{
}

void OneThreadWhileHeld::hold()
{
    const std::lock_guard lock(m_mutex);
    if (m_holders++ == 0 && m_set) {
        m_before = m_get ? m_get() : 0;
        m_set(1);
    }
}

void OneThreadWhileHeld::release()
{
    const std::lock_guard lock(m_mutex);
    if (--m_holders == 0 && m_set && m_before > 0)
        m_set(m_before);
}

ThreadTeam::ThreadTeam(int threads)
{
    if (threads <= 0)
        threads = std::min(usableCores(), 4);
    blasThreads().hold();
    for (int i = 1; i < threads; ++i)
        m_helpers.emplace_back([this] { helperLoop(); });
}

ThreadTeam::~ThreadTeam()
{
    m_stop.store(true);
    m_posted.store(++m_generation); // no work carries this generation: it only wakes the helpers
    m_posted.notify_all();
    for (auto& t : m_helpers)
        t.join();
    blasThreads().release();
}

bool ThreadTeam::runOneBlock(std::uint32_t generation)
{
    std::uint64_t w = m_work.load(std::memory_order_acquire);
    for (;;) {
        if (static_cast<std::uint32_t>(w >> 32) != generation)
            return false;
        const int blocks = static_cast<int>((w >> 16) & 0xffff);
        const int next = static_cast<int>(w & 0xffff);
        if (next >= blocks)
            return false;
        if (m_work.compare_exchange_weak(w, w + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
            m_fn(m_context, next);
            m_done.fetch_add(1, std::memory_order_release);
            return true;
        }
    }
}

void ThreadTeam::runBlocks(int blocks, BlockFn fn, const void* context)
{
    if (blocks <= 1 || blocks > 0xffff || m_helpers.empty() || m_alone > 0) {
        m_alone = std::max(0, m_alone - 1);
        for (int i = 0; i < blocks; ++i)
            fn(context, i);
        return;
    }
    // Written before the release store below, read by a helper only after its claim of a
    // block of this generation, and not rewritten before every such block is done.
    m_fn = fn;
    m_context = context;
    m_done.store(0, std::memory_order_relaxed);
    ++m_generation;
    m_work.store((static_cast<std::uint64_t>(m_generation) << 32) | (static_cast<std::uint64_t>(blocks) << 16),
                 std::memory_order_release);
    m_posted.store(m_generation); // sequentially consistent with the helpers' m_sleepers, so no wake-up is lost
    if (m_sleepers.load() > 0)
        m_posted.notify_all();
    const auto start = std::chrono::steady_clock::now();
    int byCaller = 0;
    while (runOneBlock(m_generation))
        ++byCaller;
    const auto ownBlock = byCaller > 0 ? (std::chrono::steady_clock::now() - start) / byCaller
                                       : std::chrono::steady_clock::duration::zero();
    const auto tooLong = std::max<std::chrono::steady_clock::duration>(longWait, longWaitInBlocks * ownBlock);
    std::chrono::steady_clock::time_point waitingSince;
    for (int spins = 0; m_done.load(std::memory_order_acquire) < blocks; ++spins) {
        if (spins < callerSpins) {
            relax();
            continue;
        }
        const auto now = std::chrono::steady_clock::now();
        if (spins == callerSpins)
            waitingSince = now;
        else if (now - waitingSince > tooLong && m_alone == 0) {
            m_alone = aloneAfterLongWait;
            m_longWaits.fetch_add(1, std::memory_order_relaxed);
        }
        std::this_thread::yield();
    }
}

void ThreadTeam::helperLoop()
{
    std::uint32_t seen = 0;
    for (;;) {
        auto until = std::chrono::steady_clock::now() + helperSpin;
        for (int spins = 0; m_posted.load(std::memory_order_acquire) == seen; ++spins) {
            if (spins % 64 != 63 || std::chrono::steady_clock::now() < until) {
                relax();
                continue;
            }
            m_sleepers.fetch_add(1);
            if (m_posted.load() == seen)
                m_posted.wait(seen);
            m_sleepers.fetch_sub(1);
            until = std::chrono::steady_clock::now() + helperSpin;
        }
        if (m_stop.load())
            return;
        seen = m_posted.load(std::memory_order_acquire);
        while (runOneBlock(seen))
            m_byHelpers.fetch_add(1, std::memory_order_relaxed);
    }
}

} // namespace gan
