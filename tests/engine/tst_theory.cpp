// The theory views' math on known inputs (value function, JSD estimate, the three loss
// variants, histograms, entropy, smoothing, Fréchet distance), and the engine's losses,
// value and gradient norm checked against it. Plain C++ so it runs in engine-only builds.
// Usage: tst_theory [name-filter] [--device cpu|cuda]

#include "device_main.h"
#include "synthetic_data.h"

#include "engine/frechet.h"
#include "engine/gan_engine.h"
#include "engine/gan_theory.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

using gan::GanEngine;
using gan::GanLoss;
namespace theory = gan::theory;

namespace {

gan::DevicePreference g_device = gan::DevicePreference::Cpu;

bool near(double a, double b, double tol = 1e-9) { return std::abs(a - b) <= tol * std::max(1.0, std::abs(b)); }

gan::ResetSettings engineSettings(int batch = 16)
{
    gan::ResetSettings r;
    r.batchSize = batch;
    r.device = g_device;
    return r;
}

std::vector<double> logitsOf(const std::vector<float>& probabilities)
{
    std::vector<double> out;
    for (float p : probabilities)
        out.push_back(theory::logit(p));
    return out;
}

} // namespace

TEST(value_function_and_jsd_estimate_on_known_outputs)
{
    // D = 1/2 everywhere: the optimum, V = -log 4 and the JSD estimate 0.
    const std::vector<double> half(8, 0.5);
    CHECK(near(theory::valueFunction(half, half), -theory::log4));
    CHECK(near(theory::jsdEstimate(-theory::log4), 0.0));
    // A perfect D on disjoint supports: V = 0, the estimate log 2 (the JSD's maximum).
    CHECK(near(theory::jsdEstimate(0.0), theory::log2));
    // Hand-computed: mean(log .8, log .6) + mean(log(1-.3), log(1-.1)).
    const double v = theory::valueFunction({0.8, 0.6}, {0.3, 0.1});
    CHECK(near(v, (std::log(0.8) + std::log(0.6)) / 2 + (std::log(0.7) + std::log(0.9)) / 2));
    CHECK(near(theory::jsdEstimate(v), (v + std::log(4.0)) / 2));
    // A confident wrong D is clamped like BCE, never -inf.
    CHECK(near(theory::valueFunction({0.0}, {1.0}), -200.0));
    CHECK(near(theory::valueFromDLoss(std::log(2.0)), -theory::log4));
}

TEST(loss_variants_on_known_logits)
{
    // logit 0 = probability 1/2.
    CHECK(near(theory::generatorLoss(GanLoss::NonSaturating, {0.0}), std::log(2.0)));
    CHECK(near(theory::generatorLoss(GanLoss::Minimax, {0.0}), -std::log(2.0)));
    CHECK(near(theory::generatorLoss(GanLoss::LeastSquares, {0.0}), 0.0));
    CHECK(near(theory::discriminatorLoss(GanLoss::NonSaturating, {0.0}, {0.0}), std::log(2.0)));
    CHECK(near(theory::discriminatorLoss(GanLoss::Minimax, {0.0}, {0.0}), std::log(2.0)));
    // LSGAN (a = -1, b = 1, c = 0): D at its targets has loss 0; G at l = -1 has 1/2.
    CHECK(near(theory::discriminatorLoss(GanLoss::LeastSquares, {1.0}, {-1.0}), 0.0));
    CHECK(near(theory::discriminatorLoss(GanLoss::LeastSquares, {0.0, 2.0}, {0.0}), (0.5 + 0.5) / 2 + 0.5));
    CHECK(near(theory::generatorLoss(GanLoss::LeastSquares, {-1.0, 1.0, 2.0}), (0.5 + 0.5 + 2.0) / 3));
    // D rejects G's sample (D(G(z)) = 0.01): the minimax loss is flat, the non-saturating is not.
    const double l = theory::logit(0.01), h = 1e-6;
    const double slopeMinimax = (theory::generatorLoss(GanLoss::Minimax, {l + h}) - theory::generatorLoss(GanLoss::Minimax, {l - h})) / (2 * h);
    const double slopeNs = (theory::generatorLoss(GanLoss::NonSaturating, {l + h}) - theory::generatorLoss(GanLoss::NonSaturating, {l - h})) / (2 * h);
    CHECK(near(slopeMinimax, -0.01, 1e-4));  // d/dl log(1 - sigmoid(l)) = -D
    CHECK(near(slopeNs, -0.99, 1e-4));       // d/dl -log sigmoid(l) = -(1 - D)
    CHECK(near(theory::sigmoid(theory::logit(0.3)), 0.3));
}

TEST(histogram_counts_clamps_and_skips)
{
    const auto h = theory::histogram({0.0, 0.05, 0.1, 0.5, 0.99, 1.0, -3.0, 7.0, std::nan("")}, 10, 0.0, 1.0);
    CHECK_EQ(h.size(), std::size_t(10));
    CHECK_EQ(h[0], 3); // 0, 0.05 and the clamped -3
    CHECK_EQ(h[1], 1); // 0.1
    CHECK_EQ(h[5], 1); // 0.5
    CHECK_EQ(h[9], 3); // 0.99, 1.0 and the clamped 7
    int total = 0;
    for (int c : h)
        total += c;
    CHECK_EQ(total, 8); // NaN skipped
    CHECK(theory::histogram({0.5}, 0, 0, 1).empty());
    CHECK(theory::histogram({0.5}, 4, 1, 1).empty());
}

TEST(entropy_of_class_histograms)
{
    CHECK(near(theory::entropy(std::vector<double>(10, 100.0)), theory::log10));
    CHECK(near(theory::entropy({0, 0, 1000, 0}), 0.0));
    CHECK(near(theory::entropy({500, 500}), std::log(2.0)));
    CHECK(near(theory::entropy({1, 3}), -(0.25 * std::log(0.25) + 0.75 * std::log(0.75))));
    CHECK(near(theory::entropy({}), 0.0));
    CHECK(near(theory::entropy({-5, std::nan(""), 2, 2}), std::log(2.0)));
}

TEST(ema_smoothing_is_per_iteration_and_debiased)
{
    const std::vector<double> keys{1, 2, 3, 4}, values{1, 1, 1, 1};
    for (double v : theory::emaSmooth(keys, values, 0.9))
        CHECK(near(v, 1.0)); // a constant stays constant (debiased from the start)
    CHECK(theory::emaSmooth(keys, {1, 2, 3, 4}, 0) == (std::vector<double>{1, 2, 3, 4}));
    // A step from 0 to 1: after it the average lags behind.
    const auto step = theory::emaSmooth({1, 2, 3}, {0, 1, 1}, 0.5);
    CHECK(near(step[0], 0.0));
    CHECK(step[1] > 0.5 && step[1] < 1.0);
    CHECK(step[2] > step[1] && step[2] < 1.0);
    // A gap of two iterations weighs like two steps of one.
    const auto gap = theory::emaSmooth({1, 3}, {0, 1}, 0.5);
    const auto dense = theory::emaSmooth({1, 2, 3}, {0, 1, 1}, 0.5);
    CHECK(gap[1] < 1.0 && gap[1] > dense[1]);
}

TEST(frechet_distance_on_known_gaussians)
{
    // One dimension: d^2 = (mu1 - mu2)^2 + (sigma1 - sigma2)^2.
    gan::GaussianStats a{1, 10, {1.0}, {4.0}}, b{1, 10, {3.0}, {1.0}};
    CHECK(near(gan::frechetDistance(a, b), 4.0 + 1.0, 1e-9));
    CHECK(near(gan::frechetDistance(a, a), 0.0, 1e-9));
    // Diagonal covariances: sum over axes.
    gan::GaussianStats c{2, 10, {0, 0}, {1, 0, 0, 9}}, d{2, 10, {1, 1}, {4, 0, 0, 1}};
    CHECK(near(gan::frechetDistance(c, d), 2.0 + 1.0 + 4.0, 1e-9));
    // Rotating both the same way changes nothing.
    const double t = 0.7, co = std::cos(t), si = std::sin(t);
    auto rotate = [&](const gan::GaussianStats& s) {
        gan::GaussianStats r = s;
        r.mean = {co * s.mean[0] - si * s.mean[1], si * s.mean[0] + co * s.mean[1]};
        const double s00 = s.cov[0], s11 = s.cov[3];
        r.cov = {co * co * s00 + si * si * s11, co * si * (s00 - s11), co * si * (s00 - s11), si * si * s00 + co * co * s11};
        return r;
    };
    CHECK(near(gan::frechetDistance(rotate(c), rotate(d)), 7.0, 1e-9));
    CHECK(std::isnan(gan::frechetDistance(a, c)));
}

TEST(gaussian_fit_and_frechet_of_samples)
{
    std::mt19937 rng(3);
    std::normal_distribution<float> n01(0, 1);
    const int count = 20000, dim = 3;
    std::vector<float> x(count * dim), y(count * dim);
    for (int i = 0; i < count; ++i)
        for (int j = 0; j < dim; ++j) {
            x[i * dim + j] = n01(rng);
            y[i * dim + j] = 2 * n01(rng) + 1; // sigma 2, mean 1 on every axis
        }
    const auto sx = gan::gaussianStats(x.data(), count, dim), sy = gan::gaussianStats(y.data(), count, dim);
    CHECK(std::abs(sy.mean[0] - 1) < 0.05 && std::abs(sy.cov[0] - 4) < 0.2 && std::abs(sy.cov[1]) < 0.1);
    // Expected: 3 * 1^2 + 3 * (2 - 1)^2 = 6.
    CHECK(std::abs(gan::frechetDistance(sx, sy) - 6.0) < 0.3);
    std::vector<double> values, vectors;
    gan::symmetricEigen({2, 1, 1, 2}, 2, &values, &vectors);
    CHECK(near(values[0], 1.0, 1e-9) && near(values[1], 3.0, 1e-9));
}

TEST(engine_losses_match_the_theory_for_every_variant)
{
    const auto data = testdata::syntheticDigits();
    for (GanLoss loss : {GanLoss::NonSaturating, GanLoss::Minimax, GanLoss::LeastSquares}) {
        gan::LiveSettings live;
        live.loss = loss;
        GanEngine e(data, engineSettings(), live);
        e.trainIteration();
        e.captureOutputsAtNextIteration();
        const auto m = e.trainIteration();
        const auto& out = e.capturedOutputs();
        CHECK_EQ(out.iteration, m.iteration);
        CHECK_EQ(out.real.size(), std::size_t(16));
        CHECK_EQ(out.fake.size(), std::size_t(16));
        CHECK(m.loss == loss);
        // k = 1: G's loss was computed on the same generated batch as D's step.
        CHECK(near(m.gLoss, theory::generatorLoss(loss, logitsOf(out.fake)), 1e-4));
        CHECK(near(m.dLoss, theory::discriminatorLoss(loss, logitsOf(out.real), logitsOf(out.fake)), 1e-4));
        const std::vector<double> real(out.real.begin(), out.real.end()), fake(out.fake.begin(), out.fake.end());
        CHECK(near(m.value, theory::valueFunction(real, fake), 1e-4));
        if (loss != GanLoss::LeastSquares)
            CHECK(near(m.value, -2 * m.dLoss, 1e-6));
        CHECK(m.gGradNorm > 0 && std::isfinite(m.gGradNorm));
        // Without a request nothing new is captured.
        e.trainIteration();
        CHECK_EQ(e.capturedOutputs().iteration, m.iteration);
    }
}

TEST(minimax_loss_saturates_once_d_wins)
{
    // Let D win first (k = 5, fast D), then compare one G step of each variant from the same state.
    const auto data = testdata::syntheticDigits();
    gan::LiveSettings strongD;
    strongD.k = 5;
    strongD.lrD = 2e-3;
    GanEngine ns(data, engineSettings(), strongD), mm(data, engineSettings(), strongD);
    gan::IterationMetrics last;
    for (int i = 0; i < 6; ++i) {
        last = ns.trainIteration();
        mm.trainIteration();
    }
    CHECK(last.dFake < 0.2); // D rejects G's digits confidently
    gan::LiveSettings minimax = strongD;
    minimax.loss = GanLoss::Minimax;
    mm.setLiveSettings(minimax);
    const auto a = ns.trainIteration(), b = mm.trainIteration();
    CHECK(b.gGradNorm < 0.5 * a.gGradNorm);
    CHECK(b.gLoss < 0 && a.gLoss > 0);
}

TEST(checkpoints_keep_the_loss_variant)
{
    const std::string path = (std::filesystem::temp_directory_path() / "gan-studio-test-theory.ckpt").string();
    gan::LiveSettings live;
    live.loss = GanLoss::LeastSquares;
    GanEngine a(testdata::syntheticDigits(), engineSettings(), live);
    a.trainIteration();
    a.saveCheckpoint(path);
    GanEngine b(testdata::syntheticDigits(), engineSettings());
    b.loadCheckpoint(path);
    CHECK(b.liveSettings().loss == GanLoss::LeastSquares);
    std::filesystem::remove(path);
    GanLoss parsed = GanLoss::NonSaturating;
    CHECK(gan::parseGanLoss("minimax", &parsed) && parsed == GanLoss::Minimax);
    CHECK(!gan::parseGanLoss("wasserstein", &parsed));
    CHECK_EQ(gan::toString(GanLoss::LeastSquares), std::string("least-squares"));
}

int main(int argc, char** argv)
{
    return check::runOnDevice(argc, argv, "theory tests, engine", &g_device);
}
