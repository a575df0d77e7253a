// Model snapshots for the latent-space explorer: a deep, frozen copy of G and D that
// decodes exactly like the engine in eval mode, deterministically, on any thread, and
// finds orthonormal principal directions. Plain C++ (engine-only builds run it too).
// Usage: tst_snapshot [name-filter]

#include "check.h"
#include "synthetic_data.h"

#include "engine/gan_engine.h"
#include "engine/model_snapshot.h"

#include <cmath>
#include <random>
#include <thread>

using gan::GanEngine;

namespace {

gan::ResetSettings settings() { return testdata::smallCpuSettings(); }

std::vector<float> normalNoise(int count, int dim, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> n;
    std::vector<float> z(static_cast<std::size_t>(count) * dim);
    for (auto& v : z)
        v = n(rng);
    return z;
}

double meanSquaredDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        s += (a[i] - b[i]) * (a[i] - b[i]);
    return s / static_cast<double>(a.size());
}

} // namespace

TEST(snapshot_decodes_exactly_like_the_engine_in_eval_mode)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    for (int i = 0; i < 3; ++i)
        e.trainIteration();
    const auto s = e.snapshot();
    CHECK_EQ(s->iteration(), 3);
    CHECK_EQ(s->latentDim(), 100);
    CHECK_EQ(s->pixelsPerImage(), 784);
    CHECK(s->fixedNoise() == e.fixedNoise());
    CHECK(s->generate(s->fixedNoise(), GanEngine::fixedGridCount) == e.generateFixedGrid());
    const auto z = normalNoise(7, 100, 3);
    CHECK(s->generate(z, 7) == e.generate(z, 7));
}

TEST(many_digits_decode_in_blocks_on_the_cpu_threads_with_the_same_numbers)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    for (int i = 0; i < 3; ++i)
        e.trainIteration();
    // 600 rows: the engine decodes them in three blocks of 200 on its threads, the
    // snapshot in one LibTorch pass. Each row comes out the same to the bit.
    const auto z = normalNoise(600, 100, 4);
    const auto together = e.snapshot()->generate(z, 600);
    CHECK_EQ(together.size(), std::size_t(600 * 784));
    CHECK(e.generate(z, 600) == together);
    e.setCpuThreads(1);
    CHECK(e.generate(z, 600) == together);
    e.setCpuThreads(3);
    CHECK(e.generate(z, 600) == together);
}

TEST(decoding_is_deterministic_and_works_for_a_batch_of_one)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    e.trainIteration();
    const auto s = e.snapshot();
    const auto z = normalNoise(1, 100, 4);
    const auto first = s->generate(z, 1);
    CHECK_EQ(first.size(), std::size_t(784));
    for (int i = 0; i < 5; ++i)
        CHECK(s->generate(z, 1) == first);
    bool inRange = true;
    for (float v : first)
        inRange = inRange && v >= -1 && v <= 1;
    CHECK(inRange);
    // The same on another thread, while this one decodes too.
    std::vector<float> other;
    std::thread t([&] { other = s->generate(z, 1); });
    const auto here = s->generate(z, 1);
    t.join();
    CHECK(other == first);
    CHECK(here == first);
}

TEST(a_snapshot_stays_frozen_while_training_goes_on)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    e.trainIteration();
    const auto s = e.snapshot();
    const auto before = s->generate(s->fixedNoise(), 25);
    const auto dBefore = s->discriminate(before.data(), 25);
    for (int i = 0; i < 3; ++i)
        e.trainIteration();
    CHECK(s->generate(s->fixedNoise(), 25) == before);
    CHECK(s->discriminate(before.data(), 25) == dBefore);
    CHECK(e.generateFixedGrid() != before);
    const auto now = e.snapshot();
    CHECK_EQ(now->iteration(), 4);
    CHECK(now->generate(now->fixedNoise(), 25) == e.generateFixedGrid());
}

TEST(discriminator_gives_probabilities)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    e.trainIteration();
    const auto s = e.snapshot();
    const auto images = s->generate(normalNoise(4, 100, 5), 4);
    const auto p = s->discriminate(images.data(), 4);
    CHECK_EQ(p.size(), std::size_t(4));
    for (float v : p)
        CHECK(v > 0 && v < 1);
    CHECK(s->discriminate(images.data(), 4) == p);
}

TEST(wrong_sizes_are_refused)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    const auto s = e.snapshot();
    CHECK_THROWS(s->generate(std::vector<float>(99), 1), gan::EngineError);
    CHECK(s->generate(std::vector<float>(), 0).empty());
}

TEST(principal_directions_are_orthonormal_and_change_the_output_most)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    for (int i = 0; i < 5; ++i)
        e.trainIteration();
    const auto s = e.snapshot();
    const auto dirs = s->principalDirections(4, 600, 11);
    CHECK_EQ(dirs.count(), 4);
    CHECK_EQ(dirs.latentDim, 100);
    CHECK_EQ(dirs.iteration, 5);
    CHECK_EQ(dirs.explained.size(), std::size_t(4));
    for (int i = 0; i < 4; ++i) {
        CHECK(dirs.explained[i] > 0 && dirs.explained[i] < 1);
        if (i > 0)
            CHECK(dirs.explained[i] <= dirs.explained[i - 1]);
        for (int j = 0; j < 4; ++j) {
            double dot = 0;
            for (int k = 0; k < 100; ++k)
                dot += double(dirs.vectors[i * 100 + k]) * dirs.vectors[j * 100 + k];
            CHECK(std::abs(dot - (i == j ? 1.0 : 0.0)) < 1e-4);
        }
    }
    // The same G and seed give the same directions.
    CHECK(s->principalDirections(4, 600, 11).vectors == dirs.vectors);

    // A step along the first direction changes G's output more than random directions do.
    const auto z0 = normalNoise(1, 100, 6);
    const auto base = s->generate(z0, 1);
    auto stepped = [&](const float* dir) {
        auto z = z0;
        for (int k = 0; k < 100; ++k)
            z[k] += 2.0f * dir[k];
        return meanSquaredDifference(s->generate(z, 1), base);
    };
    const double alongFirst = stepped(dirs.vectors.data());
    double random = 0;
    for (unsigned r = 0; r < 8; ++r) {
        auto dir = normalNoise(1, 100, 100 + r);
        double norm = 0;
        for (float v : dir)
            norm += v * v;
        for (float& v : dir)
            v = static_cast<float>(v / std::sqrt(norm));
        random += stepped(dir.data()) / 8;
    }
    CHECK(alongFirst > random);

    // Asking to stop returns nothing.
    CHECK(s->principalDirections(4, 600, 11, [] { return false; }).empty());
}

int main(int argc, char** argv) { return check::runAll(argc > 1 ? argv[1] : ""); }
