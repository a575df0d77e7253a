// Checkpoint files: everything needed to continue a run exactly (both networks, both
// optimisers, counters, settings, data order, RNG state, fixed noise). Written to a
// temporary file and renamed, so an interrupted save never damages the previous file;
// read completely into a fresh engine state before anything of the running one changes.

#include "engine_impl.h"

#include <filesystem>
#include <random>

namespace gan {
namespace {

constexpr const char* formatTag = "gan-studio-checkpoint";
constexpr std::int64_t formatVersion = 1;

void writeInt(torch::serialize::OutputArchive& a, const std::string& key, std::int64_t v) { a.write(key, c10::IValue(v)); }
void writeDouble(torch::serialize::OutputArchive& a, const std::string& key, double v) { a.write(key, c10::IValue(v)); }

std::int64_t readInt(torch::serialize::InputArchive& a, const std::string& key)
{
    c10::IValue v;
    if (!a.try_read(key, v) || !v.isInt())
        throw EngineError("the checkpoint lacks a valid '" + key + "' entry");
    return v.toInt();
}

double readDouble(torch::serialize::InputArchive& a, const std::string& key)
{
    c10::IValue v;
    if (!a.try_read(key, v) || !v.isDouble())
        throw EngineError("the checkpoint lacks a valid '" + key + "' entry");
    return v.toDouble();
}

torch::Tensor readTensor(torch::serialize::InputArchive& a, const std::string& key)
{
    torch::Tensor t;
    if (!a.try_read(key, t))
        throw EngineError("the checkpoint lacks the tensor '" + key + "'");
    return t;
}

int checkedInt(std::int64_t v, const char* what)
{
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
        throw EngineError(std::string("the checkpoint's ") + what + " is out of range");
    return static_cast<int>(v);
}

// Loads `module`'s parameters and buffers and checks that none changed shape: LibTorch
// would otherwise silently resize them to whatever the file holds.
void loadModule(torch::nn::Module& module, torch::serialize::InputArchive& archive, const char* what)
{
    std::vector<std::vector<std::int64_t>> before;
    for (const auto& t : module.parameters())
        before.emplace_back(t.sizes().begin(), t.sizes().end());
    for (const auto& t : module.buffers())
        before.emplace_back(t.sizes().begin(), t.sizes().end());
    module.load(archive);
    std::size_t i = 0;
    for (const auto& group : {module.parameters(), module.buffers()}) {
        for (const auto& t : group) {
            if (std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()) != before[i++])
                throw EngineError(std::string("the checkpoint's ") + what
                                  + " has another architecture than GAN Studio's (a tensor of another shape)");
        }
    }
}

} // namespace

void GanEngine::saveCheckpoint(const std::string& path) const
{
    namespace fs = std::filesystem;
    const Impl& s = *d;
    const std::string tmp = path + ".partial-" + std::to_string(std::random_device{}());
    try {
        torch::serialize::OutputArchive a;
        a.write("format", c10::IValue(std::string(formatTag)));
        writeInt(a, "version", formatVersion);
        writeInt(a, "latent_dim", s.reset.latentDim);
        writeInt(a, "batch_size", s.reset.batchSize);
        writeInt(a, "seed", static_cast<std::int64_t>(s.reset.seed));
        writeDouble(a, "bn_eps", s.reset.bnEps);
        writeInt(a, "pixels", s.data.pixelsPerImage());
        writeInt(a, "data_count", s.data.count);
        writeInt(a, "k", s.live.k);
        writeInt(a, "g_steps", s.live.gSteps);
        writeDouble(a, "lr_g", s.live.lrG);
        writeDouble(a, "lr_d", s.live.lrD);
        writeDouble(a, "beta1", s.live.beta1);
        writeDouble(a, "beta2", s.live.beta2);
        writeInt(a, "iteration", s.iteration);
        writeInt(a, "epoch", s.epoch);
        writeInt(a, "cursor", s.cursor);
        writeInt(a, "g_step_count", s.gStepCount);
        writeInt(a, "d_step_count", s.dStepCount);
        a.write("order", s.order);
        a.write("rng_state", s.rng.get_state());
        a.write("fixed_noise", s.fixedNoiseTensor);
        torch::serialize::OutputArchive g, dis, og, od;
        s.G->save(g);
        s.D->save(dis);
        s.optG->save(og);
        s.optD->save(od);
        a.write("generator", g);
        a.write("discriminator", dis);
        a.write("optimizer_g", og);
        a.write("optimizer_d", od);
        a.save_to(tmp);
        fs::rename(tmp, path);
    } catch (const std::exception& e) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        const auto* c10e = dynamic_cast<const c10::Error*>(&e);
        throw EngineError("could not save the checkpoint to " + path + ": "
                          + (c10e ? c10e->what_without_backtrace() : e.what()));
    }
}

void GanEngine::loadCheckpoint(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw EngineError(path + ": no such file");
    if (!fs::is_regular_file(path, ec))
        throw EngineError(path + ": is not a file");

    try {
        torch::serialize::InputArchive a;
        try {
            a.load_from(path, torch::Device(torch::kCPU));
        } catch (const c10::Error&) {
            throw EngineError(path + ": not a GAN Studio checkpoint (unreadable, truncated or corrupt)");
        }
        c10::IValue tag;
        if (!a.try_read("format", tag) || !tag.isString() || tag.toStringRef() != formatTag)
            throw EngineError(path + ": not a GAN Studio checkpoint");
        const auto version = readInt(a, "version");
        if (version > formatVersion)
            throw EngineError(path + ": written by a newer GAN Studio (checkpoint format " + std::to_string(version)
                              + "); this version reads format " + std::to_string(formatVersion));
        if (version < 1)
            throw EngineError(path + ": unknown checkpoint format " + std::to_string(version));

        const auto pixels = readInt(a, "pixels");
        if (pixels != d->data.pixelsPerImage())
            throw EngineError(path + ": made for images of " + std::to_string(pixels) + " pixels, but the current data has "
                              + std::to_string(d->data.pixelsPerImage()));

        ResetSettings reset = d->reset; // the device choice stays the user's
        reset.latentDim = checkedInt(readInt(a, "latent_dim"), "latent size");
        reset.batchSize = checkedInt(readInt(a, "batch_size"), "batch size");
        reset.seed = static_cast<std::uint64_t>(readInt(a, "seed"));
        reset.bnEps = readDouble(a, "bn_eps");
        LiveSettings live;
        live.k = checkedInt(readInt(a, "k"), "k");
        live.gSteps = checkedInt(readInt(a, "g_steps"), "G steps");
        live.lrG = readDouble(a, "lr_g");
        live.lrD = readDouble(a, "lr_d");
        live.beta1 = readDouble(a, "beta1");
        live.beta2 = readDouble(a, "beta2");
        if (auto why = validate(reset); !why.empty())
            throw EngineError(path + ": " + why);
        if (auto why = validate(live); !why.empty())
            throw EngineError(path + ": " + why);
        if (reset.batchSize > d->data.count)
            throw EngineError(path + ": its batch size exceeds the number of images in the current data");

        auto next = std::make_unique<Impl>(d->data, reset, live);
        torch::serialize::InputArchive g, dis, og, od;
        for (auto [key, arch] : {std::pair{"generator", &g}, {"discriminator", &dis}, {"optimizer_g", &og}, {"optimizer_d", &od}})
            if (!a.try_read(key, *arch))
                throw EngineError(path + ": the checkpoint lacks its " + key);
        // Parameters load on the CPU copy of the file, then move to the engine's device.
        next->G->to(torch::kCPU);
        next->D->to(torch::kCPU);
        loadModule(*next->G, g, "generator");
        loadModule(*next->D, dis, "discriminator");
        next->G->to(next->device);
        next->D->to(next->device);
        next->makeOptimizers();
        try {
            next->optG->load(og);
            next->optD->load(od);
        } catch (const std::runtime_error& e) {
            throw EngineError(path + ": " + e.what());
        }

        next->iteration = readInt(a, "iteration");
        next->epoch = checkedInt(readInt(a, "epoch"), "epoch");
        next->gStepCount = readInt(a, "g_step_count");
        next->dStepCount = readInt(a, "d_step_count");
        if (next->iteration < 0 || next->epoch < 0 || next->gStepCount < 0 || next->dStepCount < 0)
            throw EngineError(path + ": negative counters");

        auto noise = readTensor(a, "fixed_noise");
        if (noise.scalar_type() != torch::kFloat || !noise.sizes().equals({fixedGridCount, reset.latentDim}))
            throw EngineError(path + ": its fixed noise does not fit the latent size");
        next->fixedNoiseTensor = noise.contiguous();
        next->fixedNoiseValues.assign(next->fixedNoiseTensor.data_ptr<float>(),
                                      next->fixedNoiseTensor.data_ptr<float>() + next->fixedNoiseTensor.numel());
        try {
            next->rng.set_state(readTensor(a, "rng_state"));
        } catch (const c10::Error&) {
            throw EngineError(path + ": its random-number state is invalid");
        }

        // The data order continues where it stopped when the data is the same size;
        // on other data, training goes on from a fresh epoch order.
        const auto order = readTensor(a, "order");
        const auto cursor = readInt(a, "cursor");
        const bool sameData = readInt(a, "data_count") == d->data.count;
        if (sameData) {
            if (order.scalar_type() != torch::kLong || order.dim() != 1 || order.size(0) != d->data.count
                || order.min().item<std::int64_t>() < 0 || order.max().item<std::int64_t>() >= d->data.count)
                throw EngineError(path + ": its data order is invalid");
            if (cursor < 0 || cursor > d->data.count)
                throw EngineError(path + ": its data position is invalid");
            next->order = order.contiguous();
            next->cursor = cursor;
        }
        d = std::move(next);
    } catch (const c10::Error& e) {
        throw EngineError(path + ": the checkpoint does not fit GAN Studio: " + e.what_without_backtrace());
    }
}

} // namespace gan
