// The threads that share the CPU passes' work (core/engine/thread_team.h) and the matrix
// products they run (mlp::gemm): every block runs once, the blocks cover each product
// exactly, the products equal a plain sum to rounding, and they are the same to the bit for
// any number of threads, which is what keeps a seed's run reproducible on a busy machine.
// Usage: tst_thread_team [name-filter]

#include "check.h"

#include "engine/mlp_kernels.h"
#include "engine/thread_team.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include <dlfcn.h>

using gan::ThreadTeam;

namespace {

struct Product {
    char ta, tb;
    int m, n, k;
};

// The passes' three kinds of product (mlp_kernels.cpp) at the seed's layer sizes, batch 64.
const std::vector<Product>& shapes()
{
    static const std::vector<Product> all = {
        {'T', 'N', 1024, 64, 512},  // forward, G's fourth layer
        {'T', 'N', 784, 64, 1024},  // forward, G's output layer (784 is not a multiple of 16 x 4)
        {'T', 'N', 1, 128, 256},    // forward, D's logit: one row
        {'N', 'N', 784, 64, 512},   // input gradient, D's first layer
        {'N', 'N', 100, 64, 128},   // input gradient into z-sized rows
        {'N', 'T', 784, 512, 128},  // weight gradient, D's first layer
        {'N', 'T', 256, 1, 128},    // weight gradient, D's logit
        {'N', 'T', 1000, 37, 3},    // odd sizes
    };
    return all;
}

struct Operands {
    std::vector<float> a, b, c0;
    int lda, ldb;
};

Operands operands(const Product& p, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    Operands o;
    // Column-major storage: op(A) is m x k, op(B) is k x n.
    const int aRows = p.ta == 'N' ? p.m : p.k, aCols = p.ta == 'N' ? p.k : p.m;
    const int bRows = p.tb == 'N' ? p.k : p.n, bCols = p.tb == 'N' ? p.n : p.k;
    o.lda = aRows;
    o.ldb = bRows;
    o.a.resize(static_cast<std::size_t>(aRows) * aCols);
    o.b.resize(static_cast<std::size_t>(bRows) * bCols);
    o.c0.resize(static_cast<std::size_t>(p.m) * p.n);
    for (auto* v : {&o.a, &o.b, &o.c0})
        for (auto& x : *v)
            x = u(rng);
    return o;
}

std::vector<float> product(ThreadTeam& team, const Product& p, const Operands& o, float beta)
{
    std::vector<float> c = o.c0;
    gan::mlp::gemm(team, p.ta, p.tb, p.m, p.n, p.k, o.a.data(), o.lda, o.b.data(), o.ldb, beta, c.data(), p.m);
    return c;
}

double element(const Product& p, const Operands& o, float beta, int i, int j)
{
    double s = beta * static_cast<double>(o.c0[static_cast<std::size_t>(j) * p.m + i]);
    for (int l = 0; l < p.k; ++l) {
        const float a = p.ta == 'N' ? o.a[static_cast<std::size_t>(l) * o.lda + i] : o.a[static_cast<std::size_t>(i) * o.lda + l];
        const float b = p.tb == 'N' ? o.b[static_cast<std::size_t>(j) * o.ldb + l] : o.b[static_cast<std::size_t>(l) * o.ldb + j];
        s += static_cast<double>(a) * b;
    }
    return s;
}

// A library's thread count, as OneThreadWhileHeld sees it.
int g_libraryThreads = 3;
int libraryThreads() { return g_libraryThreads; }
void setLibraryThreads(int n) { g_libraryThreads = n; }

} // namespace

TEST(a_library_stays_on_one_thread_until_its_last_holder_releases_it)
{
    gan::OneThreadWhileHeld setting(&libraryThreads, &setLibraryThreads);
    setting.hold();
    CHECK_EQ(g_libraryThreads, 1);
    setting.hold();
    setting.release();
    CHECK_EQ(g_libraryThreads, 1); // one holder left
    setting.release();
    CHECK_EQ(g_libraryThreads, 3);
    gan::OneThreadWhileHeld absent(nullptr, nullptr); // a BLAS without such calls
    absent.hold();
    absent.release();
}

TEST(every_block_runs_once)
{
    ThreadTeam team(3);
    for (int blocks : {0, 1, 2, 7, 64, 70000}) { // the last more than the shared counter holds
        std::vector<std::atomic<int>> runs(static_cast<std::size_t>(blocks));
        for (int repeat = 0; repeat < 50; ++repeat)
            team.run(blocks, [&](int i) { runs[static_cast<std::size_t>(i)].fetch_add(1); });
        for (const auto& r : runs)
            CHECK_EQ(r.load(), 50);
    }
}

TEST(blocks_cover_each_product_once_in_tile_steps)
{
    for (int m : {1, 15, 16, 17, 100, 128, 256, 784, 1000, 1024, 4096})
        for (int k : {1, 64, 1024}) {
            const int blocks = gan::mlp::productBlocks(m, 64, k);
            CHECK(blocks >= 1 && blocks <= 4);
            int expected = 0;
            for (int i = 0; i < blocks; ++i) {
                int first = -1, end = -1;
                gan::mlp::productBlockRows(m, blocks, i, first, end);
                CHECK_EQ(first, expected);
                CHECK(end > first);
                CHECK_EQ(first % 16, 0);
                expected = end;
            }
            CHECK_EQ(expected, m);
        }
    CHECK_EQ(gan::mlp::productBlocks(1024, 64, 512), 4); // the big products are shared
    CHECK_EQ(gan::mlp::productBlocks(1, 128, 256), 1);   // a single row is not
}

TEST(products_equal_a_plain_sum_to_rounding)
{
    ThreadTeam team(2);
    for (const auto& p : shapes())
        for (float beta : {0.0f, 1.0f}) {
            const Operands o = operands(p, 7);
            const auto c = product(team, p, o, beta);
            double worst = 0;
            for (int j = 0; j < p.n; j += std::max(1, p.n / 9))
                for (int i = 0; i < p.m; ++i) {
                    const double want = element(p, o, beta, i, j);
                    worst = std::max(worst, std::abs(c[static_cast<std::size_t>(j) * p.m + i] - want) / (1.0 + std::abs(want)));
                }
            if (worst > 1e-5)
                check::fail(__FILE__, __LINE__, "product " + std::to_string(p.m) + "x" + std::to_string(p.n) + "x" +
                                                    std::to_string(p.k) + " off by " + std::to_string(worst));
        }
}

TEST(column_work_runs_in_each_block_around_its_product)
{
    // The passes' epilogues (bias, BatchNorm, activations): `before` runs on a block's rows of
    // C before its product, `after` once the product has written them, each row in one block.
    ThreadTeam team(2);
    const Product p{'T', 'N', 1024, 64, 512};
    const Operands o = operands(p, 5);
    const auto plain = product(team, p, o, 1.0f);
    std::vector<float> c = o.c0;
    std::vector<std::atomic<int>> before(p.m), after(p.m);
    gan::mlp::gemm(
        team, p.ta, p.tb, p.m, p.n, p.k, o.a.data(), o.lda, o.b.data(), o.ldb, 1.0f, c.data(), p.m,
        [&](int first, int end) {
            for (int i = first; i < end; ++i) {
                ++before[i];
                for (int j = 0; j < p.n; ++j)
                    c[static_cast<std::size_t>(j) * p.m + i] = o.c0[static_cast<std::size_t>(j) * p.m + i];
            }
        },
        [&](int first, int end) {
            for (int i = first; i < end; ++i) {
                ++after[i];
                for (int j = 0; j < p.n; ++j)
                    c[static_cast<std::size_t>(j) * p.m + i] *= 2.0f;
            }
        });
    for (int i = 0; i < p.m; ++i) {
        CHECK_EQ(before[i].load(), 1);
        CHECK_EQ(after[i].load(), 1);
    }
    bool doubled = true;
    for (std::size_t x = 0; x < c.size(); ++x)
        doubled = doubled && c[x] == 2.0f * plain[x];
    CHECK(doubled);
}

TEST(results_are_the_same_to_the_bit_for_any_number_of_threads)
{
    ThreadTeam one(1), two(2), four(4);
    for (const auto& p : shapes()) {
        const Operands o = operands(p, 11);
        const auto reference = product(one, p, o, 1.0f);
        for (int repeat = 0; repeat < 20; ++repeat) // blocks land on different threads each time
            for (ThreadTeam* team : {&two, &four}) {
                const auto c = product(*team, p, o, 1.0f);
                if (std::memcmp(c.data(), reference.data(), sizeof(float) * c.size()) != 0) {
                    check::fail(__FILE__, __LINE__, "threads " + std::to_string(team->threads()) + " differ on " +
                                                        std::to_string(p.m) + "x" + std::to_string(p.n));
                    return;
                }
            }
    }
}

TEST(helpers_take_blocks)
{
    ThreadTeam team(2);
    CHECK_EQ(team.threads(), 2);
    const Product p{'T', 'N', 1024, 64, 512};
    const Operands o = operands(p, 3);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (team.blocksByHelpers() == 0 && std::chrono::steady_clock::now() < until)
        product(team, p, o, 0.0f); // 4 blocks each
    CHECK(team.blocksByHelpers() > 0);
}

namespace {
void busyFor(std::chrono::microseconds span)
{
    const auto until = std::chrono::steady_clock::now() + span;
    while (std::chrono::steady_clock::now() < until) {
    }
}
} // namespace

// The caller's block takes 2 ms and the helper's 3 ms, so the caller waits about 1 ms for the
// helper: longer than the 500 us that alone would call the helper lost and send the caller on
// alone, but within twice the caller's own block, so it is no long wait. A busy machine may
// take the helper off its core meanwhile (a long wait, rightly), so the test tries several times.
TEST(a_helper_whose_block_is_merely_slower_is_not_taken_for_lost)
{
    ThreadTeam team(2);
    const auto caller = std::this_thread::get_id();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool noLongWait = false;
    while (!noLongWait && std::chrono::steady_clock::now() < deadline) {
        const auto waitsBefore = team.longWaits();
        std::atomic<int> byHelper{0};
        for (int piece = 0; piece < 10; ++piece)
            team.run(2, [&](int) {
                if (std::this_thread::get_id() == caller) {
                    busyFor(std::chrono::milliseconds(2));
                } else {
                    ++byHelper;
                    busyFor(std::chrono::milliseconds(3));
                }
            });
        noLongWait = byHelper.load() > 0 && team.longWaits() == waitsBefore;
        for (int piece = 0; piece < 24; ++piece) // whatever is left of a stretch alone
            team.run(1, [](int) {});
    }
    CHECK(noLongWait);
}

// OpenBLAS's own splitting would round differently with its thread count, so the team turns
// it off while it exists and gives it back afterwards.
TEST(openblas_is_single_threaded_while_a_team_exists)
{
    using Get = int (*)();
    const auto get = reinterpret_cast<Get>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    if (!get) {
        std::printf("  (not OpenBLAS: nothing to check)\n");
        return;
    }
    const int before = get();
    {
        ThreadTeam a(2);
        CHECK_EQ(get(), 1);
        {
            ThreadTeam b(1);
            CHECK_EQ(get(), 1);
        }
        CHECK_EQ(get(), 1); // a is still there
    }
    CHECK_EQ(get(), before);
}

int main(int argc, char** argv)
{
    return check::runAll(argc > 1 ? argv[1] : "");
}
