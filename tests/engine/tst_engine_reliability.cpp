// Engine reliability: in-memory states that resume exactly, saves that a crash or a full
// disk cannot damage, checkpoints from newer versions, other latent sizes and hostile
// editors, and divergence seen in the weights. Plain C++ (plus LibTorch to forge files).
// Usage: tst_engine_reliability [name-filter]   (--save-forever PATH: helper mode)

#include "archive_edit.h"
#include "check.h"
#include "synthetic_data.h"

#include "engine/adam.h"
#include "engine/classifier_net.h"
#include "engine/thread_team.h"
#include "engine/gan_engine.h"

#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

extern char** environ;

using gan::GanEngine;
using gan::Network;
namespace fs = std::filesystem;

namespace {

std::string g_self; // this binary, for the helper process

gan::ResetSettings settings(int batch = 16, std::uint64_t seed = 1, int latent = 100)
{
    gan::ResetSettings r;
    r.batchSize = batch;
    r.seed = seed;
    r.latentDim = latent;
    r.device = gan::DevicePreference::Cpu;
    return r;
}

fs::path freshDir(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("gan-studio-reliability-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void writeBytes(const fs::path& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

// The refusal message, or "" when restoreState accepted the bytes.
std::string refusal(GanEngine& e, const std::string& bytes)
{
    try {
        e.restoreState(bytes, "forged");
    } catch (const gan::EngineError& err) {
        return err.what();
    }
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

// Engine a trains 3 iterations; `keep` takes its state, and a trains 4 more. `restore` then
// brings that state into an engine with other settings, and twice into a itself (a roll
// back; the state is not used up): each time at iteration 3, with the state's batch size,
// training on with the same losses.
template <class Keep, class Restore>
void checkResumesExactly(Keep keep, Restore restore)
{
    const auto data = testdata::syntheticDigits(100);
    GanEngine a(data, settings());
    for (int i = 0; i < 3; ++i)
        a.trainIteration();
    const auto state = keep(a);
    std::vector<gan::IterationMetrics> after;
    for (int i = 0; i < 4; ++i)
        after.push_back(a.trainIteration());
    GanEngine b(data, settings(32, 9)); // other settings: the state brings its own
    for (GanEngine* e : {&b, &a, &a}) {
        restore(*e, state);
        CHECK_EQ(e->iteration(), 3);
        CHECK_EQ(e->resetSettings().batchSize, 16);
        for (int i = 0; i < 4; ++i) {
            const auto m = e->trainIteration();
            CHECK_EQ(m.dLoss, after[i].dLoss);
            CHECK_EQ(m.gLoss, after[i].gLoss);
        }
    }
}

TEST(state_bytes_resume_exactly_and_roll_back)
{
    checkResumesExactly([](GanEngine& e) { return e.serializeState(); },
                        [](GanEngine& e, const std::string& bytes) { e.restoreState(bytes); });
    // A file holds the same bytes as the state.
    GanEngine a(testdata::syntheticDigits(100), settings());
    a.trainIteration();
    const auto dir = freshDir("bytes");
    a.saveCheckpoint((dir / "a.ckpt").string());
    CHECK_EQ(fs::file_size(dir / "a.ckpt"), a.serializeState().size());
    fs::remove_all(dir);
}

// The restore points' plain copy holds what the checkpoint's bytes hold, and resumes alike.
TEST(state_copies_resume_exactly_and_roll_back)
{
    std::string bytes; // the same state as a checkpoint's bytes
    checkResumesExactly(
        [&](GanEngine& e) {
            bytes = e.serializeState();
            return e.copyState();
        },
        [&](GanEngine& e, const GanEngine::StateCopy& copy) {
            e.restoreState(copy);
            CHECK(e.serializeState() == bytes); // every field a checkpoint holds, to the bit
        });
}

TEST(unfit_state_copies_change_nothing)
{
    const auto refused = [](GanEngine& e, const GanEngine::StateCopy& copy) {
        try {
            e.restoreState(copy, "the restore point");
        } catch (const gan::EngineError& err) {
            return std::string(err.what());
        }
        return std::string();
    };
    GanEngine e(testdata::syntheticDigits(100), settings());
    e.trainIteration();
    const std::string before = e.serializeState();
    CHECK(contains(refused(e, GanEngine::StateCopy{}), "the restore point: there is no saved state"));
    GanEngine small(testdata::syntheticDigits(100, 14, 14), settings());
    CHECK(contains(refused(e, small.copyState()), "made for images of 196 pixels"));
    CHECK(e.serializeState() == before);
    GanEngine few(testdata::syntheticDigits(40), settings());
    GanEngine large(testdata::syntheticDigits(100), settings(64));
    CHECK(contains(refused(few, large.copyState()), "its batch size exceeds"));
    CHECK_EQ(few.resetSettings().batchSize, 16);
}

TEST(unusable_state_bytes_change_nothing)
{
    const auto data = testdata::syntheticDigits();
    GanEngine e(data, settings());
    e.trainIteration();
    const double g0 = e.parameterChecksum(Network::Generator);
    const std::string good = e.serializeState();
    CHECK(contains(refusal(e, ""), "forged: not a GAN Studio checkpoint"));
    CHECK(!refusal(e, "PK\x03\x04 not really a zip").empty());
    std::mt19937 rng(5);
    std::string noise(4096, '\0');
    for (auto& c : noise)
        c = static_cast<char>(rng());
    CHECK(!refusal(e, noise).empty());
    for (int part = 1; part < 8; ++part)
        CHECK(!refusal(e, good.substr(0, good.size() * part / 8)).empty());
    // A byte changed inside an entry: the zip checksum catches it.
    std::string flipped = good;
    flipped[good.size() / 2] ^= 0x55;
    CHECK(contains(refusal(e, flipped), "damaged (its checksum does not match)"));
    CHECK_EQ(e.parameterChecksum(Network::Generator), g0);
    CHECK_EQ(e.iteration(), 1);
    e.trainIteration();
    CHECK_EQ(e.iteration(), 2);
}

TEST(a_failing_write_leaves_the_previous_file_intact)
{
    const auto dir = freshDir("full");
    const auto path = (dir / "run.ckpt").string();
    GanEngine e(testdata::syntheticDigits(), settings());
    e.trainIteration();
    e.saveCheckpoint(path);
    const auto before = fs::file_size(path);
    e.trainIteration();
    // A disk that fills up after 1 MiB (the checkpoint needs about 25 MB).
    rlimit old{};
    ::getrlimit(RLIMIT_FSIZE, &old);
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 1 << 20;
    ::setrlimit(RLIMIT_FSIZE, &small);
    std::string message;
    try {
        e.saveCheckpoint(path);
    } catch (const gan::EngineError& err) {
        message = err.what();
    }
    ::setrlimit(RLIMIT_FSIZE, &old);
    CHECK(contains(message, "could not save the checkpoint to " + path));
    CHECK_EQ(fs::file_size(path), before);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir))
        ++files;
    CHECK_EQ(files, std::size_t(1)); // no partial file left behind
    GanEngine check(testdata::syntheticDigits(), settings());
    check.loadCheckpoint(path);
    CHECK_EQ(check.iteration(), 1);
    // A folder in the way is refused too, and stays.
    fs::create_directories(dir / "folder.ckpt");
    CHECK_THROWS(e.saveCheckpoint((dir / "folder.ckpt").string()), gan::EngineError);
    CHECK(fs::is_directory(dir / "folder.ckpt"));
    fs::remove_all(dir);
}

TEST(a_save_killed_at_any_moment_leaves_a_loadable_file)
{
    const auto dir = freshDir("kill");
    const auto path = (dir / "run.ckpt").string();
    {
        GanEngine e(testdata::syntheticDigits(), settings());
        e.saveCheckpoint(path);
    }
    std::mt19937 rng(11);
    auto partialExists = [&] {
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().filename().string().find(".partial-") != std::string::npos)
                return true;
        return false;
    };
    int killedMidSave = 0;
    const int rounds = 10;
    for (int round = 0; round < rounds; ++round) {
        // A helper process saves over the file again and again. It is killed at a random
        // moment (even rounds) or a few milliseconds after a new file appears (odd rounds).
        pid_t pid = 0;
        std::string mode = "--save-forever";
        char* argv[] = {g_self.data(), mode.data(), const_cast<char*>(path.c_str()), nullptr};
        CHECK_EQ(::posix_spawn(&pid, g_self.c_str(), nullptr, nullptr, argv, environ), 0);
        const auto start = std::chrono::steady_clock::now();
        if (round % 2 == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500 + rng() % 1500));
        } else {
            while (!partialExists() && std::chrono::steady_clock::now() - start < std::chrono::seconds(30))
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            std::this_thread::sleep_for(std::chrono::microseconds(rng() % 20000));
        }
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status));
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().filename().string().find(".partial-") != std::string::npos) {
                ++killedMidSave;
                fs::remove(entry.path());
            }
        }
        GanEngine check(testdata::syntheticDigits(), settings());
        check.loadCheckpoint(path); // throws (and fails the test) if the file were damaged
        check.trainIteration();
    }
    std::printf("  %d of %d kills landed in the middle of writing a file\n", killedMidSave, rounds);
    CHECK(killedMidSave >= 2);
    fs::remove_all(dir);
}

TEST(checkpoints_from_newer_or_unknown_versions_are_refused)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    const std::string good = e.serializeState();
    auto withVersion = [&](std::int64_t v) {
        return testdata::rewriteCheckpoint(good, [v](const std::string& path, c10::IValue& value, bool&) {
            if (path == "version")
                value = c10::IValue(v);
        });
    };
    CHECK(contains(refusal(e, withVersion(2)), "written by a newer GAN Studio (checkpoint format 2)"));
    CHECK(contains(refusal(e, withVersion(0)), "unknown checkpoint format 0"));
    CHECK(refusal(e, withVersion(1)).empty()); // the rewrite itself keeps a file usable
}

TEST(another_latent_size_restores_the_files_own_settings)
{
    const auto data = testdata::syntheticDigits();
    GanEngine small(data, settings(8, 3, 16));
    small.trainIteration();
    GanEngine e(data, settings());
    e.restoreState(small.serializeState());
    CHECK_EQ(e.resetSettings().latentDim, 16);
    CHECK_EQ(e.resetSettings().batchSize, 8);
    CHECK_EQ(e.fixedNoise().size(), std::size_t(25 * 16));
    const auto shapes = e.parameterShapes(Network::Generator);
    CHECK(shapes.front() == (std::vector<std::int64_t>{128, 16}));
    CHECK_EQ(e.generateFixedGrid().size(), std::size_t(25 * 784));
    CHECK_EQ(e.trainIteration().iteration, 2);
}

TEST(weights_that_are_not_finite_are_seen)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    CHECK(e.weightsFinite());
    e.trainIteration();
    CHECK(e.weightsFinite());
    const std::string good = e.serializeState();
    for (double bad : {std::nan(""), HUGE_VAL, -HUGE_VAL}) {
        for (const char* target : {"generator.fc2.weight", "discriminator.out.bias", "generator.bn3.running_var"}) {
            GanEngine f(testdata::syntheticDigits(), settings());
            f.restoreState(testdata::rewriteCheckpoint(good, [&](const std::string& path, c10::IValue& v, bool&) {
                if (path == target) {
                    auto t = v.toTensor().clone();
                    t.view(-1)[t.numel() / 2] = bad;
                    v = c10::IValue(t);
                }
            }));
            CHECK(!f.weightsFinite());
        }
    }
}

// Adam's fused CPU pass reports the gradients' sum of squares, hands them back zeroed
// (the CPU passes add into them) and sees a weight it made infinite or NaN, which lets
// weightsFinite() skip summing the weights after a training step.
TEST(adam_checks_the_weights_it_writes_and_hands_back_zeroed_gradients)
{
    torch::Tensor w = torch::ones({3, 5});
    w.mutable_grad() = torch::full({3, 5}, 2.0f);
    gan::Adam adam({w});
    CHECK(std::abs(adam.step(1e-3, 0.5, 0.999) - 15 * 4.0) < 1e-9);
    CHECK(adam.lastStepChecked());
    CHECK(adam.lastStepFinite());
    CHECK_EQ(w.grad().abs().sum().item<float>(), 0.0f);
    CHECK(w.lt(1.0f).all().item<bool>()); // a positive gradient moved every weight down
    w.mutable_grad().view(-1)[7] = HUGE_VAL;
    adam.step(1e-3, 0.5, 0.999);
    CHECK(adam.lastStepChecked());
    CHECK(!adam.lastStepFinite());
    CHECK(!w.isfinite().all().item<bool>());
}

// With a team (thread_team.h) the threads share the update in blocks: the weights, moments
// and sum of squares come out the same to the bit as without, and a non-finite weight is
// seen in whichever block it falls.
TEST(adam_shared_by_a_team_gives_the_same_bits)
{
    torch::manual_seed(5);
    const auto make = [] {
        std::vector<torch::Tensor> ps{torch::randn({1024, 784}), torch::randn({300}), torch::randn({512, 256})};
        return ps;
    };
    auto alone = make();
    std::vector<torch::Tensor> shared;
    for (const auto& p : alone)
        shared.push_back(p.clone());
    gan::Adam a(alone), b(shared);
    gan::ThreadTeam team(2);
    for (int step = 0; step < 3; ++step) {
        for (std::size_t i = 0; i < alone.size(); ++i) {
            alone[i].mutable_grad() = torch::randn_like(alone[i]);
            shared[i].mutable_grad() = alone[i].grad().clone();
        }
        if (step == 2)
            shared[0].mutable_grad().view(-1)[700000] = alone[0].mutable_grad().view(-1)[700000] = NAN;
        const double sa = a.step(2e-4, 0.5, 0.999);
        const double sb = b.step(2e-4, 0.5, 0.999, &team);
        CHECK(std::isnan(sa) ? std::isnan(sb) : sa == sb);
        CHECK_EQ(a.lastStepFinite(), b.lastStepFinite());
        for (std::size_t i = 0; i < alone.size(); ++i) // bytes, so that NaNs compare too
            CHECK(std::memcmp(alone[i].data_ptr<float>(), shared[i].data_ptr<float>(), sizeof(float) * alone[i].numel()) == 0);
    }
    CHECK(!b.lastStepFinite());
}

// The classifier's pooling without autograd (the mode-collapse meter's path) gives exactly
// LibTorch's max_pool2d, odd sizes (7 -> 3) and NaN included.
TEST(classifier_pooling_equals_max_pool2d)
{
    torch::NoGradGuard noGrad;
    torch::manual_seed(9);
    for (auto sizes : {std::vector<std::int64_t>{3, 16, 28, 28}, {3, 32, 14, 14}, {3, 64, 7, 7}}) {
        torch::Tensor x = torch::randn(sizes);
        x.view(-1)[11] = NAN;
        const torch::Tensor want = torch::max_pool2d(x, 2), got = gan::maxPool2(x);
        CHECK(got.sizes() == want.sizes());
        CHECK(torch::equal(got.isnan(), want.isnan()));
        CHECK(torch::equal(got.nan_to_num(0), want.nan_to_num(0)));
    }
}

int main(int argc, char** argv)
{
    g_self = fs::canonical("/proc/self/exe").string();
    if (argc == 3 && std::string(argv[1]) == "--save-forever") {
        GanEngine e(testdata::syntheticDigits(), settings());
        for (;;)
            e.saveCheckpoint(argv[2]);
    }
    return check::runAll(argc > 1 ? argv[1] : "");
}
