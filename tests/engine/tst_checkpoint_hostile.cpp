// Hostile and foreign checkpoints: each forged file is refused with one clear sentence,
// without a crash or a huge allocation, and leaves the running engine exactly as it was.
// Usage: tst_checkpoint_hostile [name-filter]

#include "archive_edit.h"
#include "check.h"
#include "synthetic_data.h"

#include "engine/archive_check.h"
#include "engine/gan_engine.h"

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

using gan::GanEngine;
using gan::Network;

namespace {

gan::ResetSettings settings() { return testdata::smallCpuSettings(); }

struct Forgery {
    const char* name;
    testdata::EntryEdit edit;
    const char* expected; // part of the message
};

testdata::EntryEdit setEntry(std::string target, c10::IValue to)
{
    return [target, to](const std::string& path, c10::IValue& v, bool&) {
        if (path == target)
            v = to;
    };
}

testdata::EntryEdit dropEntry(std::string target)
{
    return [target](const std::string& path, c10::IValue&, bool& drop) {
        if (path == target)
            drop = true;
    };
}

testdata::EntryEdit mapTensor(std::string target, std::function<torch::Tensor(const torch::Tensor&)> f)
{
    return [target, f](const std::string& path, c10::IValue& v, bool&) {
        if (path == target)
            v = c10::IValue(f(v.toTensor()));
    };
}

const double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<Forgery> forgeries()
{
    using torch::Tensor;
    return {
        {"foreign format tag", setEntry("format", c10::IValue(std::string("pytorch-model"))), "not a GAN Studio checkpoint"},
        {"format tag as a number", setEntry("format", c10::IValue(std::int64_t(1))), "not a GAN Studio checkpoint"},
        {"no version", dropEntry("version"), "'version'"},
        {"negative version", setEntry("version", c10::IValue(std::int64_t(-1))), "unknown checkpoint format"},
        {"no iteration", dropEntry("iteration"), "'iteration'"},
        {"negative iteration", setEntry("iteration", c10::IValue(std::int64_t(-5))), "negative"},
        {"iteration near overflow", setEntry("iteration", c10::IValue(std::numeric_limits<std::int64_t>::max())), "impossibly large"},
        {"iteration as a double", setEntry("iteration", c10::IValue(3.0)), "'iteration'"},
        {"negative G step count", setEntry("g_step_count", c10::IValue(std::int64_t(-1))), "negative"},
        {"epoch beyond int", setEntry("epoch", c10::IValue(std::int64_t(1) << 40)), "epoch"},
        {"learning rate zero", setEntry("lr_g", c10::IValue(0.0)), "learning rate of G"},
        {"learning rate NaN", setEntry("lr_d", c10::IValue(nan)), "learning rate of D"},
        {"learning rate infinite", setEntry("lr_d", c10::IValue(HUGE_VAL)), "learning rate of D"},
        {"beta1 negative", setEntry("beta1", c10::IValue(-0.1)), "beta1"},
        {"beta2 one", setEntry("beta2", c10::IValue(1.0)), "beta2"},
        {"k zero", setEntry("k", c10::IValue(std::int64_t(0))), "k (D steps"},
        {"k beyond int", setEntry("k", c10::IValue(std::int64_t(1) << 40)), "out of range"},
        {"batch size huge", setEntry("batch_size", c10::IValue(std::int64_t(1) << 30)), "batch size"},
        {"latent size negative", setEntry("latent_dim", c10::IValue(std::int64_t(-3))), "latent size"},
        {"BatchNorm eps NaN", setEntry("bn_eps", c10::IValue(nan)), "eps"},
        {"images of another size", setEntry("pixels", c10::IValue(std::int64_t(1024))), "pixels"},
        {"no generator", dropEntry("generator"), "generator"},
        {"no discriminator weight", dropEntry("discriminator.fc1.weight"), "discriminator.fc1.weight"},
        {"no BatchNorm statistics", dropEntry("generator.bn2.running_var"), "generator.bn2.running_var"},
        {"weight of another shape", mapTensor("generator.fc1.weight", [](const Tensor&) { return torch::zeros({256, 64}); }),
         "another shape or type"},
        {"weight in double precision", mapTensor("discriminator.fc0.weight", [](const Tensor& t) { return t.to(torch::kDouble); }),
         "another shape or type"},
        {"weight as integers", mapTensor("generator.out.bias", [](const Tensor& t) { return t.to(torch::kInt); }),
         "another shape or type"},
        {"weight as a number", setEntry("generator.fc0.bias", c10::IValue(1.5)), "generator.fc0.bias"},
        {"optimiser steps negative", setEntry("optimizer_g.steps", c10::IValue(std::int64_t(-2))), "step count"},
        {"optimiser steps near overflow", setEntry("optimizer_d.steps", c10::IValue(std::numeric_limits<std::int64_t>::max())),
         "impossibly large"},
        {"optimiser state of another shape", mapTensor("optimizer_g.exp_avg.0", [](const Tensor&) { return torch::zeros({3}); }),
         "does not fit"},
        {"optimiser state missing", dropEntry("optimizer_d.exp_avg_sq.5"), "incomplete"},
        {"fixed noise of another size", mapTensor("fixed_noise", [](const Tensor&) { return torch::zeros({25, 7}); }),
         "fixed noise"},
        {"fixed noise as integers", mapTensor("fixed_noise", [](const Tensor& t) { return t.to(torch::kLong); }), "fixed noise"},
        {"random state cut short", mapTensor("rng_state", [](const Tensor& t) { return t.slice(0, 0, 100).clone(); }),
         "random-number state"},
        {"random state as floats", mapTensor("rng_state", [](const Tensor& t) { return t.to(torch::kFloat); }),
         "random-number state"},
        {"data order out of range", mapTensor("order", [](const Tensor& t) { return t + 1000; }), "data order"},
        {"data order negative", mapTensor("order", [](const Tensor& t) { return t - 1000; }), "data order"},
        {"data order as floats", mapTensor("order", [](const Tensor& t) { return t.to(torch::kFloat); }), "data order"},
        {"data position beyond the data", setEntry("cursor", c10::IValue(std::int64_t(1) << 50)), "data position"},
    };
}

} // namespace

TEST(forged_entries_are_refused_and_change_nothing)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    e.trainIteration();
    const double g0 = e.parameterChecksum(Network::Generator);
    const double d0 = e.parameterChecksum(Network::Discriminator);
    const std::string good = e.serializeState();
    for (const auto& f : forgeries()) {
        const std::string bytes = testdata::rewriteCheckpoint(good, f.edit);
        std::string message;
        try {
            e.restoreState(bytes, "forged.ckpt");
        } catch (const gan::EngineError& err) {
            message = err.what();
        }
        const bool ok = message.rfind("forged.ckpt: ", 0) == 0 && message.find(f.expected) != std::string::npos
            && message.find('\n') == std::string::npos;
        if (!ok)
            check::fail(__FILE__, __LINE__, std::string(f.name) + ": got \"" + message + "\"");
        else
            std::printf("  %-34s -> %s\n", f.name, message.c_str());
    }
    CHECK_EQ(e.parameterChecksum(Network::Generator), g0);
    CHECK_EQ(e.parameterChecksum(Network::Discriminator), d0);
    CHECK_EQ(e.iteration(), 1);
    CHECK_EQ(e.trainIteration().iteration, 2);
}

TEST(tensors_claiming_more_data_than_stored_are_refused)
{
    // The file stores 25 x 100 floats of fixed noise; its pickle is edited to claim
    // 25 x 200 (same byte length), and the zip checksums are made to agree.
    GanEngine e(testdata::syntheticDigits(), settings());
    std::string bytes = e.serializeState();
    const std::string claim("(K\x19Kdt", 6); // MARK, BININT1 25, BININT1 100, TUPLE
    const auto at = bytes.find(claim);
    CHECK(at != std::string::npos);
    if (at == std::string::npos)
        return;
    CHECK_EQ(bytes.find(claim, at + 1), std::string::npos);
    bytes[at + 4] = static_cast<char>(200);
    testdata::fixZipChecksums(bytes);
    std::string message;
    try {
        e.restoreState(bytes, "forged.ckpt");
    } catch (const gan::EngineError& err) {
        message = err.what();
    }
    std::printf("  %s\n", message.c_str());
    CHECK(message.find("fixed_noise") != std::string::npos || message.find("does not fit") != std::string::npos);
    CHECK_EQ(e.iteration(), 0);
}

TEST(zip_directories_claiming_huge_entries_are_refused_before_reading)
{
    GanEngine e(testdata::syntheticDigits(), settings());
    const std::string good = e.serializeState();
    std::vector<gan::ZipEntry> entries;
    CHECK(gan::readZipDirectory(good, &entries).empty());
    CHECK(entries.size() > 10);
    CHECK(gan::checkStoredZip(good).empty());
    for (const auto& entry : entries) {
        if (entry.name.find("data.pkl") == std::string::npos)
            continue;
        // Claim 2 GiB for the pickle in the central directory (sizes at +20 and +24).
        std::string bytes = good;
        for (int field : {20, 24})
            for (int i = 0; i < 4; ++i)
                bytes[entry.centralHeaderOffset + field + i] = static_cast<char>(i == 3 ? 0x7f : 0xff);
        std::string message;
        try {
            e.restoreState(bytes, "forged.ckpt");
        } catch (const gan::EngineError& err) {
            message = err.what();
        }
        CHECK(message.find("claims 2147483647 bytes, more than the file holds") != std::string::npos);
    }
    // Another archive name for the same entry twice, and a directory pointing outside.
    std::string outside = good;
    outside[good.size() - 22 + 16] = static_cast<char>(0xfe);
    CHECK(!gan::checkStoredZip(outside).empty());
    CHECK(!gan::checkStoredZip(std::string(100, 'x')).empty());
    CHECK(!gan::checkStoredZip("").empty());
}

TEST(damaged_code_inside_the_archive_is_refused_not_thrown_through)
{
    // LibTorch's archives carry TorchScript class definitions; a damaged one made its
    // parser throw std::runtime_error past every handler (found by fuzz_checkpoint), and
    // this one (" = " for " : ") sent it into unbounded recursion: a crash.
    GanEngine e(testdata::syntheticDigits(), settings());
    const std::string good = e.serializeState();
    std::vector<gan::ZipEntry> entries;
    CHECK(gan::readZipDirectory(good, &entries).empty());
    int damaged = 0;
    for (const auto& entry : entries) {
        if (entry.method != 0 || entry.name.size() < 3 || entry.name.compare(entry.name.size() - 3, 3, ".py") != 0)
            continue;
        std::string bytes = good;
        const auto colon = bytes.find(" : ", entry.dataOffset);
        if (colon == std::string::npos || colon >= entry.dataOffset + entry.size)
            continue;
        bytes[colon + 1] = '=';
        testdata::fixZipChecksums(bytes);
        std::string message;
        try {
            e.restoreState(bytes, "forged.ckpt");
        } catch (const gan::EngineError& err) {
            message = err.what();
        }
        CHECK(message.find("forged.ckpt: not a GAN Studio checkpoint") == 0);
        ++damaged;
    }
    CHECK(damaged > 0);
    CHECK_EQ(e.iteration(), 0);
}

TEST(pickles_that_would_make_libtorch_allocate_without_bound_are_refused)
{
    auto le32 = [](std::uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
    const std::string proto("\x80\x02", 2);
    CHECK(gan::checkPickle(proto + "N.").empty());
    CHECK(gan::checkPickle(proto + std::string("]q\x00h\x00.", 6)).empty());
    // A memo id of 4,026,531,840: LibTorch would size its memo table (16 bytes an entry) by it.
    CHECK(gan::checkPickle(proto + "N" + "r" + le32(0xF0000000u) + ".").find("out of order") != std::string::npos);
    CHECK(gan::checkPickle(proto + "Nh\x05.").find("never made") != std::string::npos);
    CHECK(gan::checkPickle(proto + "X" + le32(1u << 30) + "abc.").find("more data") != std::string::npos);
    CHECK(gan::checkPickle(proto + "\x8d" + le32(0xFFFFFFFFu) + le32(0xFFFFFFFFu) + ".").find("impossible") != std::string::npos);
    CHECK(gan::checkPickle(proto + "N").find("no end") != std::string::npos);
    CHECK(gan::checkPickle(proto + "N.junk").find("after its end") != std::string::npos);
    CHECK(gan::checkPickle(proto + "i__builtin__\nexec\n.").find("never writes") != std::string::npos);
}

TEST(inputs_the_fuzzers_found_are_refused_cleanly)
{
    // Each file in the checkpoint corpus, with its zip checksums made to agree as the fuzz
    // harness does: those named found-* once crashed or exhausted memory.
    GanEngine e(testdata::syntheticDigits(), settings());
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(GAN_STUDIO_FUZZ_CORPUS "/checkpoint")) {
        std::ostringstream content;
        content << std::ifstream(entry.path(), std::ios::binary).rdbuf();
        std::string bytes = content.str();
        testdata::fixZipChecksums(bytes);
        std::string message;
        try {
            e.restoreState(bytes, entry.path().filename().string());
        } catch (const gan::EngineError& err) {
            message = err.what();
        }
        std::printf("  %s\n", message.c_str());
        CHECK(!message.empty() && message.find('\n') == std::string::npos);
        ++files;
    }
    CHECK(files >= 3);
    CHECK_EQ(e.trainIteration().iteration, 1);
}

int main(int argc, char** argv)
{
    return check::runAll(argc > 1 ? argv[1] : "");
}
