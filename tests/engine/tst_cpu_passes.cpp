// The CPU's hand-written training passes (core/engine/cpu_training_step.h) against
// LibTorch's autograd, which trains on CUDA and was the CPU's path before: the same seed
// gives the same losses, gradients' norm, weights, BatchNorm statistics and D outputs, to
// float rounding, for every loss variant and step count.
// Usage: tst_cpu_passes [name-filter]

#include "check.h"
#include "synthetic_data.h"

#include "engine/gan_engine.h"
#include "engine/loss_gradients.h"
#include "engine/mlp_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

using gan::GanEngine;
using gan::GanLoss;
using gan::Network;

namespace {

bool near(double a, double b, double tol) { return std::abs(a - b) <= tol * (1.0 + std::abs(b)); }

#define CHECK_NEAR(a, b, tol)                                                       \
    do {                                                                            \
        const double va_ = (a), vb_ = (b);                                          \
        if (!near(va_, vb_, tol)) {                                                 \
            std::ostringstream os_;                                                 \
            os_.precision(9);                                                       \
            os_ << #a << " ~ " << #b << " (" << va_ << " vs " << vb_ << ")";       \
            check::fail(__FILE__, __LINE__, os_.str());                             \
        }                                                                           \
    } while (0)

void checkSameMetrics(const gan::IterationMetrics& a, const gan::IterationMetrics& b, double tol)
{
    CHECK_EQ(a.iteration, b.iteration);
    CHECK_EQ(a.epoch, b.epoch);
    CHECK_EQ(a.batchInEpoch, b.batchInEpoch);
    CHECK_NEAR(a.dLoss, b.dLoss, tol);
    CHECK_NEAR(a.gLoss, b.gLoss, tol);
    CHECK_NEAR(a.dReal, b.dReal, tol);
    CHECK_NEAR(a.dFake, b.dFake, tol);
    CHECK_NEAR(a.value, b.value, tol);
    CHECK_NEAR(a.gGradNorm, b.gGradNorm, tol);
}

// Weights and, through eval-mode images, BatchNorm's running statistics, to `tol`.
void checkSameNetworks(const GanEngine& a, const GanEngine& b, double tol = 1e-4)
{
    CHECK_NEAR(a.parameterChecksum(Network::Generator), b.parameterChecksum(Network::Generator), tol);
    CHECK_NEAR(a.parameterChecksum(Network::Discriminator), b.parameterChecksum(Network::Discriminator), tol);
    const auto ia = a.generateFixedGrid(), ib = b.generateFixedGrid();
    CHECK_EQ(ia.size(), ib.size());
    double worst = 0;
    for (std::size_t i = 0; i < ia.size() && i < ib.size(); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(ia[i] - ib[i])));
    if (worst >= tol)
        std::fprintf(stderr, "  eval-mode images differ by up to %g\n", worst);
    CHECK(worst < tol);
    CHECK_EQ(a.generatorSteps(), b.generatorSteps());
    CHECK_EQ(a.discriminatorSteps(), b.discriminatorSteps());
}

// Runs `iterations` on a hand-written engine and an autograd one with the same settings,
// comparing every iteration's metrics and the networks at the end.
void compareRuns(const gan::LiveSettings& live, int iterations, double networksTol = 1e-4)
{
    const double tol = 1e-4;
    const auto data = testdata::syntheticDigits();
    GanEngine passes(data, testdata::smallCpuSettings(), live);
    GanEngine autograd(data, testdata::smallCpuSettings(), live);
    autograd.setAutogradOnCpu(true);
    for (int i = 0; i < iterations; ++i)
        checkSameMetrics(passes.trainIteration(), autograd.trainIteration(), tol);
    checkSameNetworks(passes, autograd, networksTol);
}

} // namespace

TEST(non_saturating_loss_agrees_with_autograd)
{
    compareRuns({}, 12);
}

TEST(minimax_loss_agrees_with_autograd)
{
    gan::LiveSettings live;
    live.loss = GanLoss::Minimax;
    compareRuns(live, 12);
}

TEST(least_squares_loss_agrees_with_autograd)
{
    gan::LiveSettings live;
    live.loss = GanLoss::LeastSquares;
    compareRuns(live, 12);
}

// Two G steps and three D steps per iteration (fresh noise for each, through epoch ends:
// 256 images make 16 batches of 16), with other learning rates and betas. Every iteration's
// metrics agree to 1e-4; the weights only to 1e-2 relative after these 16 G steps at lr 5e-4.
// The biases of G's layers before BatchNorm get no gradient in exact arithmetic (BatchNorm
// subtracts the batch mean), so both paths hand Adam rounding noise for them, which Adam
// scales up to steps of about lr in a sign that rounding decides. Seen with the sanitizer
// build's different rounding: G's checksum 513.70 against 514.53.
TEST(several_steps_per_iteration_agree_with_autograd)
{
    gan::LiveSettings live;
    live.gSteps = 2;
    live.k = 3;
    live.lrG = 5e-4;
    live.lrD = 1e-4;
    live.beta1 = 0.9;
    live.beta2 = 0.99;
    compareRuns(live, 8, 1e-2);
}

TEST(captured_discriminator_outputs_agree_with_autograd)
{
    const auto data = testdata::syntheticDigits();
    GanEngine passes(data, testdata::smallCpuSettings());
    GanEngine autograd(data, testdata::smallCpuSettings());
    autograd.setAutogradOnCpu(true);
    for (auto* e : {&passes, &autograd}) {
        e->trainIteration();
        e->captureOutputsAtNextIteration();
        e->trainIteration();
    }
    const auto& a = passes.capturedOutputs();
    const auto& b = autograd.capturedOutputs();
    CHECK_EQ(a.iteration, 2);
    CHECK_EQ(b.iteration, 2);
    CHECK_EQ(a.real.size(), std::size_t{16});
    CHECK_EQ(a.fake.size(), std::size_t{16});
    for (std::size_t i = 0; i < a.real.size() && i < b.real.size(); ++i)
        CHECK_NEAR(a.real[i], b.real[i], 1e-5);
    for (std::size_t i = 0; i < a.fake.size() && i < b.fake.size(); ++i)
        CHECK_NEAR(a.fake[i], b.fake[i], 1e-5);
}

// A live change of path mid-run (and so of whose gradient buffers Adam reads) loses nothing.
TEST(switching_between_passes_and_autograd_mid_run_keeps_the_run)
{
    const auto data = testdata::syntheticDigits();
    GanEngine switching(data, testdata::smallCpuSettings());
    GanEngine autograd(data, testdata::smallCpuSettings());
    autograd.setAutogradOnCpu(true);
    for (int i = 0; i < 9; ++i) {
        switching.setAutogradOnCpu(i % 3 == 1);
        checkSameMetrics(switching.trainIteration(), autograd.trainIteration(), 1e-4);
    }
    checkSameNetworks(switching, autograd);
}

// A checkpoint written by one path resumes under the other exactly as it would have gone on.
TEST(a_restored_state_trains_the_same_on_either_path)
{
    const auto data = testdata::syntheticDigits();
    GanEngine first(data, testdata::smallCpuSettings());
    for (int i = 0; i < 4; ++i)
        first.trainIteration();
    GanEngine resumed(data, testdata::smallCpuSettings());
    resumed.restoreState(first.serializeState());
    resumed.setAutogradOnCpu(true);
    for (int i = 0; i < 4; ++i)
        checkSameMetrics(first.trainIteration(), resumed.trainIteration(), 1e-4);
    checkSameNetworks(first, resumed);
}

// While an engine's CPU passes have their team of threads, LibTorch's own CPU operations (the
// meter's networks, a real batch's gather) run on the thread that calls them, in the team's
// threads too, so that they never add LibTorch's threads to the team's. The setting is
// shared by every engine's team and given back when the last one goes.
TEST(libtorch_runs_on_one_thread_while_a_cpu_team_exists)
{
    const auto data = testdata::syntheticDigits();
    const int original = at::get_num_threads();
    at::set_num_threads(2); // as LibTorch starts on a machine with several cores
    {
        GanEngine a(data, testdata::smallCpuSettings());
        a.setCpuThreads(2); // a helper even on one core
        a.trainIteration();
        CHECK_EQ(at::get_num_threads(), 1);
        std::vector<int> inBlocks(8, 0);
        a.runOnCpuThreads(8, [&](int i) { inBlocks[i] = at::get_num_threads(); });
        for (int n : inBlocks)
            CHECK_EQ(n, 1);
        {
            GanEngine b(data, testdata::smallCpuSettings());
            b.trainIteration();
        }
        CHECK_EQ(at::get_num_threads(), 1); // b's team has gone, a's has not
        a.trainIteration();
    }
    CHECK_EQ(at::get_num_threads(), 2);
    at::set_num_threads(original);
}

TEST(tanh_matches_the_standard_library)
{
    std::vector<float> x;
    for (int i = -2000; i <= 2000; ++i)
        x.push_back(static_cast<float>(i) * 0.0075f); // [-15, 15], both saturated ends
    x.push_back(0.0f);
    auto y = x;
    gan::mlp::tanhForward(y.data(), static_cast<std::int64_t>(y.size()));
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        worst = std::max(worst, std::abs(static_cast<double>(y[i]) - std::tanh(static_cast<double>(x[i]))));
    CHECK(worst < 5e-7);
    CHECK_EQ(y.back(), 0.0f);
}

TEST(leaky_relu_and_its_gradient_follow_the_sign)
{
    std::vector<float> x{-2.0f, -0.5f, 0.0f, 0.25f, 3.0f};
    gan::mlp::leakyReluForward(x.data(), 5, 0.2f);
    const std::vector<float> expected{-0.4f, -0.1f, 0.0f, 0.25f, 3.0f};
    for (int i = 0; i < 5; ++i)
        CHECK_NEAR(x[i], expected[i], 1e-7);
    std::vector<float> grad(5, 1.0f);
    gan::mlp::leakyReluBackward(grad.data(), x.data(), 5, 0.2f);
    const std::vector<float> slopes{0.2f, 0.2f, 0.2f, 1.0f, 1.0f}; // LibTorch: input > 0 ? 1 : slope
    for (int i = 0; i < 5; ++i)
        CHECK_EQ(grad[i], slopes[i]);
}

// LibTorch's BCE: log clamped at -100, and a saturated sigmoid passes no gradient.
TEST(saturated_probabilities_give_torchs_clamped_loss_and_zero_gradient)
{
    const float logits[2] = {40.0f, -200.0f};
    float probs[2], grads[2];
    gan::lossgrad::sigmoid(logits, 2, probs);
    CHECK_EQ(probs[0], 1.0f);
    CHECK_EQ(probs[1], 0.0f);
    const double loss = gan::lossgrad::generator(GanLoss::NonSaturating, logits, probs, 2, grads);
    CHECK_NEAR(loss, (0.0 + 100.0) / 2, 1e-9); // -log 1 and -max(log 0, -100)
    CHECK_EQ(grads[0], 0.0f);
    CHECK_EQ(grads[1], 0.0f);
    const double ls = gan::lossgrad::generator(GanLoss::LeastSquares, logits, probs, 2, grads);
    CHECK_NEAR(ls, 0.5 * (40.0 * 40.0 + 200.0 * 200.0) / 2, 1e-9);
    CHECK_NEAR(grads[0], 40.0 / 2, 1e-6);
    CHECK_NEAR(grads[1], -200.0 / 2, 1e-6);
}

int main(int argc, char** argv)
{
    return check::runAll(argc > 1 ? argv[1] : "");
}
