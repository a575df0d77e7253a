// Engine tests: the seed's networks, Algorithm 1's step counts, determinism,
// checkpoints and refusal of bad input. Plain C++ so they run in engine-only builds.
// Usage: tst_engine [name-filter] [--device cpu|cuda]

#include "device_main.h"
#include "synthetic_data.h"

#include "engine/cuda_device_names.h"
#include "engine/gan_engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

using gan::GanEngine;
using gan::Network;

namespace {

gan::DevicePreference g_device = gan::DevicePreference::Cpu;

gan::ResetSettings settings(int batch = 16, std::uint64_t seed = 1)
{
    gan::ResetSettings r;
    r.batchSize = batch;
    r.seed = seed;
    r.device = g_device;
    return r;
}

std::string tempPath(const std::string& name)
{
    return (std::filesystem::temp_directory_path() / ("gan-studio-test-" + name)).string();
}

} // namespace

TEST(networks_have_the_seeds_shapes_and_parameter_counts)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    // torch.nn counts for the seed's models: G 1,510,032 and D 533,505 parameters.
    CHECK_EQ(e.parameterCount(Network::Generator), 1510032);
    CHECK_EQ(e.parameterCount(Network::Discriminator), 533505);
    const auto g = e.parameterShapes(Network::Generator);
    const std::vector<std::vector<std::int64_t>> expectedG{
        {128, 100}, {128}, {256, 128}, {256}, {256}, {256}, {512, 256}, {512}, {512}, {512},
        {1024, 512}, {1024}, {1024}, {1024}, {784, 1024}, {784}};
    CHECK(g == expectedG);
    const auto d = e.parameterShapes(Network::Discriminator);
    const std::vector<std::vector<std::int64_t>> expectedD{{512, 784}, {512}, {256, 512}, {256}, {1, 256}, {1}};
    CHECK(d == expectedD);
}

TEST(one_iteration_changes_both_networks)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    const double g0 = e.parameterChecksum(Network::Generator);
    const double d0 = e.parameterChecksum(Network::Discriminator);
    const auto m = e.trainIteration();
    CHECK(e.parameterChecksum(Network::Generator) != g0);
    CHECK(e.parameterChecksum(Network::Discriminator) != d0);
    CHECK_EQ(m.iteration, 1);
    CHECK(std::isfinite(m.dLoss) && std::isfinite(m.gLoss));
    CHECK(m.dReal > 0 && m.dReal < 1 && m.dFake > 0 && m.dFake < 1);
    // Fresh networks: D cannot tell yet, so each BCE term is near log 2.
    CHECK(std::abs(m.dLoss - std::log(2.0)) < 0.2);
}

TEST(k_three_takes_three_d_steps_per_g_step)
{
    gan::LiveSettings live;
    live.k = 3;
    GanEngine e(testdata::syntheticDigits(), settings(), live);
    e.trainIteration();
    e.trainIteration();
    CHECK_EQ(e.generatorSteps(), 2);
    CHECK_EQ(e.discriminatorSteps(), 6);
    live.k = 1;
    live.gSteps = 2;
    e.setLiveSettings(live);
    e.trainIteration();
    CHECK_EQ(e.generatorSteps(), 4);
    CHECK_EQ(e.discriminatorSteps(), 7);
}

TEST(same_seed_gives_same_losses_and_another_seed_does_not)
{
    const auto data = testdata::syntheticDigits();
    GanEngine a(data, settings(16, 7)), b(data, settings(16, 7)), c(data, settings(16, 8));
    for (int i = 0; i < 5; ++i) {
        const auto ma = a.trainIteration(), mb = b.trainIteration();
        CHECK_EQ(ma.dLoss, mb.dLoss);
        CHECK_EQ(ma.gLoss, mb.gLoss);
    }
    CHECK(c.trainIteration().gLoss != GanEngine(data, settings(16, 7)).trainIteration().gLoss);
}

TEST(epochs_advance_after_all_full_batches)
{
    GanEngine e(testdata::syntheticDigits(64), settings(16)); // 4 batches per epoch
    CHECK_EQ(e.batchesPerEpoch(), 4);
    gan::IterationMetrics m;
    for (int i = 0; i < 4; ++i)
        m = e.trainIteration();
    CHECK_EQ(m.epoch, 0);
    CHECK_EQ(m.batchInEpoch, 3);
    m = e.trainIteration();
    CHECK_EQ(m.epoch, 1);
    CHECK_EQ(m.batchInEpoch, 0);
}

TEST(live_settings_are_validated_and_applied)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    gan::LiveSettings bad;
    bad.lrD = 0;
    CHECK_THROWS(e.setLiveSettings(bad), gan::EngineError);
    bad = {};
    bad.beta2 = 1.0;
    CHECK_THROWS(e.setLiveSettings(bad), gan::EngineError);
    bad = {};
    bad.k = 0;
    CHECK_THROWS(e.setLiveSettings(bad), gan::EngineError);
    bad = {};
    bad.lrG = std::nan("");
    CHECK_THROWS(e.setLiveSettings(bad), gan::EngineError);
    CHECK(e.liveSettings() == gan::LiveSettings{});
    gan::LiveSettings good;
    good.lrD = 1e-3;
    e.setLiveSettings(good);
    CHECK_EQ(e.liveSettings().lrD, 1e-3);
    gan::ResetSettings r = settings();
    r.batchSize = 1;
    CHECK_THROWS(GanEngine(testdata::syntheticDigits(), r), gan::EngineError);
    CHECK_THROWS(GanEngine(testdata::syntheticDigits(8), settings(16)), gan::EngineError);
}

TEST(a_changed_learning_rate_changes_the_next_step)
{
    const auto data = testdata::syntheticDigits();
    GanEngine a(data, settings()), b(data, settings());
    a.trainIteration();
    b.trainIteration();
    gan::LiveSettings faster;
    faster.lrD = 1e-2;
    b.setLiveSettings(faster);
    a.trainIteration();
    b.trainIteration();
    CHECK(a.parameterChecksum(Network::Discriminator) != b.parameterChecksum(Network::Discriminator));
    CHECK_EQ(a.parameterChecksum(Network::Generator), b.parameterChecksum(Network::Generator));
}

TEST(generating_is_deterministic_and_leaves_training_untouched)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    e.trainIteration();
    const double g0 = e.parameterChecksum(Network::Generator);
    const auto first = e.generateFixedGrid();
    const auto second = e.generateFixedGrid();
    CHECK_EQ(first.size(), std::size_t(25 * 784));
    // The same noise gives the same images. Bit for bit with Debian's LibTorch (OpenBLAS);
    // PyTorch's own builds may split a product over fewer threads when the machine is busy
    // and differ in the last bits. Fresh noise would move pixels by tenths.
    float largest = 0;
    for (std::size_t i = 0; i < std::min(first.size(), second.size()); ++i)
        largest = std::max(largest, std::abs(first[i] - second[i]));
    if (largest > 0)
        std::printf("  the same grid twice: largest pixel difference %.3g\n", largest);
    CHECK(largest <= 1e-4f);
    CHECK_EQ(e.parameterChecksum(Network::Generator), g0);
    for (float v : first)
        CHECK(v >= -1.0f && v <= 1.0f);
    CHECK_THROWS(e.generate(std::vector<float>(99), 1), gan::EngineError);
}

TEST(work_between_iterations_runs_on_the_cpu_threads_and_rethrows)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    e.setCpuThreads(2); // a helper even on one core
#ifdef GAN_STUDIO_CPU_PASSES
    const bool shared = e.deviceId() == "cpu";
#else // built without BLAS: no CPU passes, so no threads to share
    const bool shared = false;
#endif
    // Block 0 waits until some other block has run on another thread: with a helper there
    // is one; without (CUDA, or a build without the CPU passes) the calling thread runs
    // block 0 first and so never waits.
    std::vector<std::atomic<int>> runs(12);
    std::atomic<bool> elsewhere{false};
    std::thread::id first;
    std::atomic<bool> firstKnown{false};
    e.runOnCpuThreads(12, [&](int i) {
        ++runs[i];
        if (i == 0) {
            first = std::this_thread::get_id();
            firstKnown = true;
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (shared && !elsewhere && std::chrono::steady_clock::now() < until)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return;
        }
        while (!firstKnown)
            std::this_thread::yield();
        if (std::this_thread::get_id() != first)
            elsewhere = true;
    });
    for (const auto& r : runs)
        CHECK_EQ(r.load(), 1);
    CHECK_EQ(elsewhere.load(), shared);

    // The first exception is rethrown once every block has run; the engine trains on.
    std::vector<std::atomic<int>> after(6);
    CHECK_THROWS(e.runOnCpuThreads(6,
                                   [&](int i) {
                                       ++after[i];
                                       if (i == 2)
                                           throw std::runtime_error("block 2");
                                   }),
                 std::runtime_error);
    for (const auto& r : after)
        CHECK_EQ(r.load(), 1);
    CHECK_EQ(e.trainIteration().iteration, 1);
}

TEST(training_gives_the_same_bits_with_any_number_of_cpu_threads)
{
    // The CPU passes cut products, BatchNorm and activations into blocks that follow from the
    // shapes alone: one, two or four threads give the same run.
    std::vector<double> reference;
    for (int threads : {1, 2, 4}) {
        GanEngine e(testdata::syntheticDigits(), settings());
        e.setCpuThreads(threads);
        std::vector<double> run;
        for (int i = 0; i < 4; ++i) {
            const auto m = e.trainIteration();
            run.insert(run.end(), {m.dLoss, m.gLoss, m.dReal, m.dFake, m.gGradNorm});
        }
        run.push_back(e.parameterChecksum(Network::Generator));
        run.push_back(e.parameterChecksum(Network::Discriminator));
        if (reference.empty())
            reference = run;
        else
            CHECK(run == reference);
    }
}

TEST(checkpoint_resume_gives_the_same_losses_as_a_straight_run)
{
    const auto data = testdata::syntheticDigits(100); // 6 batches: resumes mid-epoch
    GanEngine straight(data, settings());
    std::vector<gan::IterationMetrics> expected;
    for (int i = 0; i < 8; ++i)
        expected.push_back(straight.trainIteration());

    const std::string path = tempPath("resume.pt");
    {
        GanEngine first(data, settings());
        for (int i = 0; i < 4; ++i)
            first.trainIteration();
        first.saveCheckpoint(path);
    }
    gan::ResetSettings other = settings(32, 99); // loading restores the file's settings
    GanEngine resumed(data, other);
    resumed.loadCheckpoint(path);
    CHECK_EQ(resumed.iteration(), 4);
    CHECK_EQ(resumed.resetSettings().batchSize, 16);
    for (int i = 4; i < 8; ++i) {
        const auto m = resumed.trainIteration();
        CHECK_EQ(m.iteration, expected[i].iteration);
        CHECK_EQ(m.dLoss, expected[i].dLoss);
        CHECK_EQ(m.gLoss, expected[i].gLoss);
    }
    CHECK_EQ(resumed.parameterChecksum(Network::Generator), straight.parameterChecksum(Network::Generator));
    std::filesystem::remove(path);
}

TEST(a_bad_checkpoint_is_refused_and_changes_nothing)
{
    const auto data = testdata::syntheticDigits();
    GanEngine e(data, settings());
    e.trainIteration();
    const double g0 = e.parameterChecksum(Network::Generator);

    const std::string junk = tempPath("junk.pt");
    std::ofstream(junk) << "this is not a checkpoint";
    CHECK_THROWS(e.loadCheckpoint(junk), gan::EngineError);
    CHECK_THROWS(e.loadCheckpoint(tempPath("missing.pt")), gan::EngineError);
    CHECK_THROWS(e.loadCheckpoint(std::filesystem::temp_directory_path().string()), gan::EngineError);

    // A real checkpoint cut in half.
    const std::string good = tempPath("good.pt"), cut = tempPath("cut.pt");
    e.saveCheckpoint(good);
    const auto size = std::filesystem::file_size(good);
    std::filesystem::copy_file(good, cut, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(cut, size / 2);
    CHECK_THROWS(e.loadCheckpoint(cut), gan::EngineError);

    // A checkpoint of images of another size.
    GanEngine small(testdata::syntheticDigits(64, 14, 14), settings());
    const std::string foreign = tempPath("foreign.pt");
    small.saveCheckpoint(foreign);
    CHECK_THROWS(e.loadCheckpoint(foreign), gan::EngineError);

    CHECK_EQ(e.parameterChecksum(Network::Generator), g0);
    CHECK_EQ(e.iteration(), 1);
    e.trainIteration(); // still trains
    CHECK_EQ(e.iteration(), 2);
    for (const auto& p : {junk, good, cut, foreign})
        std::filesystem::remove(p);
}

TEST(devices_list_starts_with_the_cpu)
{
    const auto devices = GanEngine::availableDevices();
    CHECK(!devices.empty());
    CHECK_EQ(devices.front().id, std::string("cpu"));
    CHECK_EQ(devices.size() > 1, GanEngine::cudaAvailable());
    gan::ResetSettings r = settings();
    r.device = gan::DevicePreference::Auto;
    GanEngine e(testdata::syntheticDigits(), r);
    CHECK_EQ(e.deviceId(), std::string(GanEngine::cudaAvailable() ? "cuda:0" : "cpu"));
    if (!GanEngine::cudaAvailable()) {
        r.device = gan::DevicePreference::Cuda;
        CHECK_THROWS(GanEngine(testdata::syntheticDigits(), r), gan::EngineError);
    }
    // CUDA devices carry the driver's name for them, e.g. "CUDA 0: NVIDIA H100 80GB HBM3 (79 GiB)".
    const auto names = gan::cudaDeviceNames();
    for (std::size_t i = 1; i < devices.size(); ++i) {
        CHECK_EQ(devices[i].id, "cuda:" + std::to_string(i - 1));
        const std::string prefix = "CUDA " + std::to_string(i - 1);
        CHECK_EQ(devices[i].label, i - 1 < names.size() ? prefix + ": " + names[i - 1] : prefix);
        std::printf("  %s\n", devices[i].label.c_str());
    }
    CHECK_EQ(gan::formatCudaDevice("NVIDIA H100 80GB HBM3", 85'031'714'816ull), std::string("NVIDIA H100 80GB HBM3 (79 GiB)"));
    CHECK_EQ(gan::formatCudaDevice("Tesla T4", 0), std::string("Tesla T4"));
}

int main(int argc, char** argv)
{
    return check::runOnDevice(argc, argv, "engine tests", &g_device);
}
