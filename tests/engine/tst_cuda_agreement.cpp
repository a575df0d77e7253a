// CPU and CUDA agree: two engines with the same seed start from identical weights and draw
// identical inputs (noise and batch order come from the engine's own CPU generator), so
// after a few iterations their losses and weights must match within float tolerance.
// Skipped (exit 77, reported by CTest as skipped) when the LibTorch in use has no CUDA.

#include "check.h"
#include "synthetic_data.h"

#include "engine/gan_engine.h"

#include <cstdio>

namespace {

constexpr double lossTolerance = 1e-4;     // absolute, on losses near 0.7
constexpr double weightTolerance = 1e-5;   // average drift per weight after three Adam steps

bool near(double a, double b, double relative)
{
    return std::abs(a - b) <= relative * std::max({1.0, std::abs(a), std::abs(b)});
}

} // namespace

TEST(cpu_and_cuda_agree_on_the_first_iterations)
{
    const auto data = testdata::syntheticDigits(256);
    gan::ResetSettings cpu;
    cpu.batchSize = 64;
    cpu.device = gan::DevicePreference::Cpu;
    gan::ResetSettings cuda = cpu;
    cuda.device = gan::DevicePreference::Cuda;
    gan::GanEngine a(data, cpu), b(data, cuda);
    CHECK_EQ(b.deviceId().rfind("cuda", 0), std::size_t(0));
    CHECK(near(a.parameterChecksum(gan::Network::Generator), b.parameterChecksum(gan::Network::Generator), 1e-9));
    for (int i = 0; i < 3; ++i) {
        const auto ma = a.trainIteration(), mb = b.trainIteration();
        std::printf("iteration %d: d_loss cpu %.7f cuda %.7f, g_loss cpu %.7f cuda %.7f\n", i + 1, ma.dLoss, mb.dLoss,
                    ma.gLoss, mb.gLoss);
        CHECK(std::abs(ma.dLoss - mb.dLoss) < lossTolerance);
        CHECK(std::abs(ma.gLoss - mb.gLoss) < lossTolerance);
        CHECK(std::abs(ma.dReal - mb.dReal) < lossTolerance);
        CHECK(std::abs(ma.dFake - mb.dFake) < lossTolerance);
    }
    // Adam divides by sqrt(v): where gradients are tiny, float noise moves single weights
    // by up to a learning rate, so the sum of all weights is held to an average drift.
    for (auto n : {gan::Network::Generator, gan::Network::Discriminator}) {
        const double ca = a.parameterChecksum(n), cb = b.parameterChecksum(n);
        std::printf("sum of weights: cpu %.6f cuda %.6f\n", ca, cb);
        CHECK(std::abs(ca - cb) <= weightTolerance * a.parameterCount(n));
    }
    const auto ga = a.generateFixedGrid(), gb = b.generateFixedGrid();
    double worst = 0;
    for (std::size_t i = 0; i < ga.size(); ++i)
        worst = std::max(worst, double(std::abs(ga[i] - gb[i])));
    std::printf("largest pixel difference of the fixed-noise grid: %.2e\n", worst);
    CHECK(worst < 1e-3);
}

// Where training goes when the GPU fails but its state can still be read: a CPU engine
// with the whole state (networks, optimisers, counters, data order, RNG). It must go on
// exactly as the GPU run would, within the same tolerance.
TEST(a_gpu_run_moves_to_the_cpu_with_its_whole_state)
{
    const auto data = testdata::syntheticDigits(256);
    gan::ResetSettings cuda;
    cuda.batchSize = 64;
    cuda.device = gan::DevicePreference::Cuda;
    gan::GanEngine gpu(data, cuda);
    for (int i = 0; i < 3; ++i)
        gpu.trainIteration();
    const auto cpu = gpu.copyToCpu();
    CHECK_EQ(cpu->deviceId(), std::string("cpu"));
    CHECK_EQ(cpu->iteration(), gpu.iteration());
    CHECK(cpu->resetSettings().device == gan::DevicePreference::Cpu);
    for (int i = 0; i < 2; ++i) {
        const auto mg = gpu.trainIteration(), mc = cpu->trainIteration();
        std::printf("after the move, iteration %lld: d_loss cuda %.7f cpu %.7f\n", static_cast<long long>(mc.iteration),
                    mg.dLoss, mc.dLoss);
        CHECK_EQ(mc.iteration, mg.iteration);
        CHECK(std::abs(mg.dLoss - mc.dLoss) < lossTolerance);
        CHECK(std::abs(mg.gLoss - mc.gLoss) < lossTolerance);
    }
}

int main()
{
    if (!gan::GanEngine::cudaAvailable()) {
        std::printf("skipped: the LibTorch in use has no CUDA device\n");
        return 77;
    }
    return check::runAll({});
}
