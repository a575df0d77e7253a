// Checkpoints: everything needed to continue a run exactly (both networks, both
// optimisers, counters, settings, data order, RNG state, fixed noise). The same bytes
// serve files and in-memory snapshots. Files are written to a temporary file, flushed to
// disk and renamed, so an interrupted save never damages the previous file. Reading
// never trusts the file: its zip directory, every tensor's claimed size against the
// memory behind it, every shape, type and counter are checked, into a fresh engine
// state, before anything of the running one changes.

#include "archive_check.h"
#include "engine_impl.h"
#include "zip_directory.h"

#include "durable_file.h"

namespace gan {
namespace {

constexpr const char* formatTag = "gan-studio-checkpoint";
constexpr std::int64_t formatVersion = 1;
constexpr std::uint64_t maxCheckpointBytes = 2ull << 30; // 256x256 images need about 1.2 GiB
constexpr std::int64_t maxCounter = 1'000'000'000'000'000; // far beyond any run; no overflow

using torch::serialize::InputArchive;
using torch::serialize::OutputArchive;

void writeInt(OutputArchive& a, const std::string& key, std::int64_t v) { a.write(key, c10::IValue(v)); }
void writeDouble(OutputArchive& a, const std::string& key, double v) { a.write(key, c10::IValue(v)); }

std::int64_t readInt(InputArchive& a, const std::string& key)
{
    c10::IValue v;
    if (!a.try_read(key, v) || !v.isInt())
        throw EngineError("it lacks a valid '" + key + "' entry");
    return v.toInt();
}

double readDouble(InputArchive& a, const std::string& key)
{
    c10::IValue v;
    if (!a.try_read(key, v) || !v.isDouble())
        throw EngineError("it lacks a valid '" + key + "' entry");
    return v.toDouble();
}

// The loss variant; files written before it existed hold none and used the seed's.
GanLoss readLoss(InputArchive& a)
{
    c10::IValue v;
    GanLoss loss = GanLoss::NonSaturating;
    if (a.try_read("loss", v) && (!v.isString() || !parseGanLoss(v.toStringRef(), &loss)))
        throw EngineError("the checkpoint's 'loss' entry names no known loss variant");
    return loss;
}

int checkedInt(std::int64_t v, const char* what)
{
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
        throw EngineError(std::string("its ") + what + " is out of range");
    return static_cast<int>(v);
}

std::int64_t counter(InputArchive& a, const std::string& key)
{
    const auto v = readInt(a, key);
    if (v < 0 || v > maxCounter)
        throw EngineError("its counter '" + key + "' is negative or impossibly large");
    return v;
}

// A strided CPU tensor whose every element lies inside the memory behind it. A file
// can claim any sizes and strides for the data it stores; LibTorch does not check them.
void requireWellFormed(const torch::Tensor& t, const std::string& what)
{
    if (!t.defined() || t.layout() != torch::kStrided || !t.device().is_cpu() || !t.has_storage() || t.is_quantized())
        throw EngineError(what + " is not a plain tensor");
    if (t.dim() > 8)
        throw EngineError(what + " has " + std::to_string(t.dim()) + " dimensions");
    std::int64_t last = t.storage_offset();
    bool empty = false;
    for (std::int64_t d = 0; d < t.dim(); ++d) {
        const std::int64_t size = t.size(d), stride = t.stride(d);
        if (size < 0 || stride < 0)
            throw EngineError(what + " has a negative size or stride");
        if (size == 0)
            empty = true;
        std::int64_t reach = 0;
        if (size > 0 && (__builtin_mul_overflow(size - 1, stride, &reach) || __builtin_add_overflow(last, reach, &last)))
            throw EngineError(what + " claims an impossible size");
    }
    if (last < 0)
        throw EngineError(what + " has a negative offset");
    if (empty)
        return;
    const auto item = static_cast<std::uint64_t>(t.element_size());
    const auto need = (static_cast<std::uint64_t>(last) + 1) * item;
    if (need / item != static_cast<std::uint64_t>(last) + 1 || need > t.storage().nbytes())
        throw EngineError(what + " claims more data than the file holds");
}

// Every tensor of the archive and of the archives inside it, before any is used.
void requireWellFormedTensors(InputArchive& a, const std::string& where, int depth = 0)
{
    if (depth > 6)
        throw EngineError("its archives are nested too deeply");
    for (const auto& key : a.keys()) {
        c10::IValue v;
        if (!a.try_read(key, v))
            continue;
        if (v.isTensor()) {
            requireWellFormed(v.toTensor(), "its tensor '" + where + key + "'");
        } else if (v.isModule()) {
            InputArchive inner;
            if (a.try_read(key, inner))
                requireWellFormedTensors(inner, where + key + ".", depth + 1);
        }
    }
}

torch::Tensor readTensor(InputArchive& a, const std::string& key)
{
    torch::Tensor t;
    if (!a.try_read(key, t))
        throw EngineError("it lacks the tensor '" + key + "'");
    requireWellFormed(t, "its tensor '" + key + "'");
    return t;
}

// Copies the archive's parameters and buffers into `module`'s own (already on their
// device), after checking that each exists with the module's shape and type: LibTorch's
// Module::load would silently take over whatever shape, type and layout the file holds.
void loadModule(torch::nn::Module& module, InputArchive& archive, const std::string& where)
{
    torch::NoGradGuard noGrad;
    auto copyIn = [&](const std::string& key, torch::Tensor& target) {
        torch::Tensor t;
        if (!archive.try_read(key, t))
            throw EngineError("it lacks " + where + key);
        requireWellFormed(t, where + key);
        if (t.scalar_type() != target.scalar_type() || !t.sizes().equals(target.sizes()))
            throw EngineError("its " + where + key + " has another shape or type than GAN Studio's network");
        target.copy_(t);
    };
    for (auto& p : module.named_parameters(/*recurse=*/false))
        copyIn(p.key(), p.value());
    for (auto& b : module.named_buffers(/*recurse=*/false))
        copyIn(b.key(), b.value());
    for (auto& child : module.named_children()) {
        InputArchive inner;
        if (!archive.try_read(child.key(), inner))
            throw EngineError("it lacks " + where + child.key());
        loadModule(*child.value(), inner, where + child.key() + ".");
    }
}

// What a saved state (a checkpoint's or a restore point's) needs of the current data.
void requireImagesOf(const DigitDataset& data, std::int64_t pixels)
{
    if (pixels != data.pixelsPerImage())
        throw EngineError("made for images of " + std::to_string(pixels) + " pixels, but the current data has "
                          + std::to_string(data.pixelsPerImage()));
}

void requireBatchFits(const DigitDataset& data, int batchSize)
{
    if (batchSize > data.count)
        throw EngineError("its batch size exceeds the number of images in the current data");
}

// Templates over the engine's private state type (GanEngine::Impl), deduced at the call.
template <class State>
void writeState(const State& s, OutputArchive& a)
{
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
    a.write("loss", c10::IValue(toString(s.live.loss)));
    writeInt(a, "iteration", s.iteration);
    writeInt(a, "epoch", s.epoch);
    writeInt(a, "cursor", s.cursor);
    writeInt(a, "g_step_count", s.gStepCount);
    writeInt(a, "d_step_count", s.dStepCount);
    a.write("order", s.order.to(torch::kCPU));
    a.write("rng_state", s.rng.get_state());
    a.write("fixed_noise", s.fixedNoiseTensor);
    OutputArchive g, dis, og, od;
    s.G->save(g);
    s.D->save(dis);
    s.optG->save(og);
    s.optD->save(od);
    a.write("generator", g);
    a.write("discriminator", dis);
    a.write("optimizer_g", og);
    a.write("optimizer_d", od);
}

// A complete engine state from `a`, for the data of `current`; throws EngineError
// (without naming the source: the caller does) when anything does not fit.
template <class State>
std::unique_ptr<State> readState(const State& current, InputArchive& a)
{
    c10::IValue tag;
    if (!a.try_read("format", tag) || !tag.isString() || tag.toStringRef() != formatTag)
        throw EngineError("not a GAN Studio checkpoint");
    const auto version = readInt(a, "version");
    if (version > formatVersion)
        throw EngineError("written by a newer GAN Studio (checkpoint format " + std::to_string(version)
                          + "); this version reads format " + std::to_string(formatVersion));
    if (version < 1)
        throw EngineError("unknown checkpoint format " + std::to_string(version));
    requireWellFormedTensors(a, "");

    requireImagesOf(current.data, readInt(a, "pixels"));

    // The file's reset settings (latent size, batch size, seed, eps) replace the current
    // ones: the networks are rebuilt to its shapes. The device stays the user's choice.
    ResetSettings reset = current.reset;
    reset.latentDim = checkedInt(readInt(a, "latent_dim"), "latent size");
    reset.batchSize = checkedInt(readInt(a, "batch_size"), "batch size");
    reset.seed = static_cast<std::uint64_t>(readInt(a, "seed"));
    reset.bnEps = readDouble(a, "bn_eps");
    LiveSettings live = current.live; // fields a file does not hold keep their values
    live.k = checkedInt(readInt(a, "k"), "k");
    live.gSteps = checkedInt(readInt(a, "g_steps"), "G steps");
    live.lrG = readDouble(a, "lr_g");
    live.lrD = readDouble(a, "lr_d");
    live.beta1 = readDouble(a, "beta1");
    live.beta2 = readDouble(a, "beta2");
    live.loss = readLoss(a);
    if (auto why = validate(reset); !why.empty())
        throw EngineError(why);
    if (auto why = validate(live); !why.empty())
        throw EngineError(why);
    requireBatchFits(current.data, reset.batchSize);

    auto next = std::make_unique<State>(current.data, reset, live);
    InputArchive g, dis, og, od;
    for (auto [key, arch] : {std::pair{"generator", &g}, {"discriminator", &dis}, {"optimizer_g", &og}, {"optimizer_d", &od}})
        if (!a.try_read(key, *arch))
            throw EngineError(std::string("it lacks its ") + key);
    loadModule(*next->G, g, "generator.");
    loadModule(*next->D, dis, "discriminator.");
    for (auto* opt : {&og, &od})
        if (readInt(*opt, "steps") > maxCounter)
            throw EngineError("its optimiser step count is impossibly large");
    try {
        next->optG->load(og);
        next->optD->load(od);
    } catch (const std::runtime_error& e) {
        throw EngineError(e.what());
    }

    next->iteration = counter(a, "iteration");
    next->epoch = checkedInt(counter(a, "epoch"), "epoch");
    if (next->epoch > std::numeric_limits<int>::max() / 2)
        throw EngineError("its epoch is impossibly large");
    next->gStepCount = counter(a, "g_step_count");
    next->dStepCount = counter(a, "d_step_count");

    auto noise = readTensor(a, "fixed_noise");
    if (noise.scalar_type() != torch::kFloat || !noise.sizes().equals({GanEngine::fixedGridCount, reset.latentDim}))
        throw EngineError("its fixed noise does not fit the latent size");
    const torch::Tensor fixed = noise.contiguous().clone();
    next->fixedNoiseTensor = fixed;
    next->fixedNoiseValues.assign(fixed.data_ptr<float>(), fixed.data_ptr<float>() + fixed.numel());
    try {
        next->rng.set_state(readTensor(a, "rng_state").contiguous());
    } catch (const c10::Error&) {
        throw EngineError("its random-number state is invalid");
    }

    // The data order continues where it stopped when the data is the same size;
    // on other data, training goes on from a fresh epoch order.
    const auto order = readTensor(a, "order");
    const auto cursor = readInt(a, "cursor");
    if (readInt(a, "data_count") == current.data.count) {
        if (order.scalar_type() != torch::kLong || order.dim() != 1 || order.size(0) != current.data.count
            || order.min().item<std::int64_t>() < 0 || order.max().item<std::int64_t>() >= current.data.count)
            throw EngineError("its data order is invalid");
        if (cursor < 0 || cursor > current.data.count)
            throw EngineError("its data position is invalid");
        next->order = order.contiguous().clone().to(next->device);
        next->cursor = cursor;
    }
    return next;
}

// How an engine runs, which a restored state does not bring: the CPU passes' team size,
// autograd on the CPU (the tests' reference) and a simulated device failure.
template <class State>
void keepHowItRuns(State& next, const State& current)
{
    next.autogradOnCpu = current.autogradOnCpu;
    next.cpuThreads = current.cpuThreads;
    next.simulatedFailureAt = current.simulatedFailureAt;
}

// A module's parameters, then its buffers (BatchNorm's running statistics), in its own order.
std::vector<torch::Tensor> moduleTensors(const torch::nn::Module& m)
{
    std::vector<torch::Tensor> all = m.parameters();
    for (const auto& b : m.buffers())
        all.push_back(b);
    return all;
}

} // namespace

struct GanEngine::StateCopy::Data {
    ResetSettings reset;
    LiveSettings live;
    std::int64_t pixels = 0, dataCount = 0;
    std::int64_t iteration = 0, epoch = 0, cursor = 0, gStepCount = 0, dStepCount = 0;
    torch::Tensor order, rngState, fixedNoise;
    std::vector<torch::Tensor> g, d; // moduleTensors() of G and D
    Adam::State optG, optD;
};

GanEngine::StateCopy::StateCopy() = default;
GanEngine::StateCopy::~StateCopy() = default;
GanEngine::StateCopy::StateCopy(StateCopy&&) noexcept = default;
GanEngine::StateCopy& GanEngine::StateCopy::operator=(StateCopy&&) noexcept = default;

GanEngine::StateCopy GanEngine::copyState() const
{
    try {
        auto c = std::make_unique<StateCopy::Data>();
        c->reset = d->reset;
        c->live = d->live;
        c->pixels = d->data.pixelsPerImage();
        c->dataCount = d->data.count;
        c->iteration = d->iteration;
        c->epoch = d->epoch;
        c->cursor = d->cursor;
        c->gStepCount = d->gStepCount;
        c->dStepCount = d->dStepCount;
        c->order = hostCopy(d->order);
        c->rngState = d->rng.get_state();
        c->fixedNoise = hostCopy(d->fixedNoiseTensor);
        for (const auto& t : moduleTensors(*d->G))
            c->g.push_back(hostCopy(t));
        for (const auto& t : moduleTensors(*d->D))
            c->d.push_back(hostCopy(t));
        c->optG = d->optG->copyState();
        c->optD = d->optD->copyState();
        StateCopy copy;
        copy.d = std::move(c);
        return copy;
    } catch (const c10::Error& e) {
        throw EngineError(std::string("could not copy the training state: ") + e.what_without_backtrace());
    }
}

void GanEngine::restoreState(const StateCopy& copy, const std::string& label)
{
    try {
        if (!copy.d)
            throw EngineError("there is no saved state");
        const StateCopy::Data& c = *copy.d;
        requireImagesOf(d->data, c.pixels);
        requireBatchFits(d->data, c.reset.batchSize);
        ResetSettings reset = c.reset;
        reset.device = d->reset.device; // the device stays the user's choice
        reset.cudaIndex = d->reset.cudaIndex;
        auto next = std::make_unique<Impl>(d->data, reset, c.live);
        torch::NoGradGuard noGrad;
        for (auto [module, saved] : {std::pair{static_cast<torch::nn::Module*>(next->G.get()), &c.g},
                                     {static_cast<torch::nn::Module*>(next->D.get()), &c.d}}) {
            auto targets = moduleTensors(*module);
            if (targets.size() != saved->size())
                throw EngineError("its networks do not fit GAN Studio's");
            for (std::size_t i = 0; i < targets.size(); ++i) {
                if (!targets[i].sizes().equals((*saved)[i].sizes()) || targets[i].scalar_type() != (*saved)[i].scalar_type())
                    throw EngineError("its networks do not fit GAN Studio's");
                targets[i].copy_((*saved)[i]);
            }
        }
        try {
            next->optG->restoreState(c.optG);
            next->optD->restoreState(c.optD);
        } catch (const std::runtime_error& e) {
            throw EngineError(e.what());
        }
        next->iteration = c.iteration;
        next->epoch = static_cast<int>(c.epoch);
        next->gStepCount = c.gStepCount;
        next->dStepCount = c.dStepCount;
        next->fixedNoiseTensor = c.fixedNoise.clone();
        next->fixedNoiseValues.assign(next->fixedNoiseTensor.data_ptr<float>(),
                                      next->fixedNoiseTensor.data_ptr<float>() + next->fixedNoiseTensor.numel());
        next->rng.set_state(c.rngState);
        // As with a checkpoint: the data order goes on where it stopped on data of the same
        // size, else training starts a fresh epoch order.
        if (c.dataCount == d->data.count) {
            next->order = c.order.to(torch::TensorOptions().device(next->device), /*non_blocking=*/false, /*copy=*/true);
            next->cursor = c.cursor;
        }
        keepHowItRuns(*next, *d);
        d = std::move(next);
    } catch (const EngineError& e) {
        throw EngineError(label + ": " + e.what());
    } catch (const c10::Error& e) {
        throw EngineError(label + ": the saved state does not fit: " + e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        throw EngineError(label + ": restoring it needs more memory than is available");
    }
}

std::string GanEngine::serializeState() const
{
    try {
        OutputArchive a;
        writeState(*d, a);
        std::string bytes;
        a.save_to([&bytes](const void* data, std::size_t n) {
            bytes.append(static_cast<const char*>(data), n);
            return n;
        });
        return bytes;
    } catch (const c10::Error& e) {
        throw EngineError(std::string("could not serialise the training state: ") + e.what_without_backtrace());
    }
}

void GanEngine::restoreState(std::string_view bytes, const std::string& label)
{
    try {
        if (bytes.size() > maxCheckpointBytes)
            throw EngineError("larger than any GAN Studio checkpoint");
        if (auto why = checkStoredZip(bytes); !why.empty())
            throw EngineError("not a GAN Studio checkpoint (" + why + ")");
        if (auto why = checkArchiveContents(bytes); !why.empty())
            throw EngineError("not a GAN Studio checkpoint (" + why + ")");
        InputArchive a;
        try {
            a.load_from(bytes.data(), bytes.size(), torch::Device(torch::kCPU));
        } catch (const std::exception&) {
            // c10::Error, and std::runtime_error from LibTorch's TorchScript parser when the
            // archive's code files are damaged (found by fuzzing: it escaped before).
            throw EngineError("not a GAN Studio checkpoint (unreadable, truncated or corrupt)");
        }
        auto next = readState(*d, a);
        keepHowItRuns(*next, *d);
        d = std::move(next);
    } catch (const EngineError& e) {
        throw EngineError(label + ": " + e.what());
    } catch (const c10::Error& e) {
        throw EngineError(label + ": the checkpoint does not fit GAN Studio: " + e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        throw EngineError(label + ": the checkpoint needs more memory than is available");
    } catch (const std::exception& e) { // anything else LibTorch throws must not end the program
        throw EngineError(label + ": the checkpoint could not be read: " + e.what());
    }
}

void GanEngine::saveCheckpoint(const std::string& path) const
{
    if (auto why = writeFileAtomically(path, serializeState()); !why.empty())
        throw EngineError("could not save the checkpoint to " + path + ": " + why);
}

void GanEngine::loadCheckpoint(const std::string& path)
{
    std::string bytes;
    if (auto why = readWholeFile(path, maxCheckpointBytes, &bytes); !why.empty())
        throw EngineError(path + ": " + why);
    restoreState(bytes, path);
}

} // namespace gan
