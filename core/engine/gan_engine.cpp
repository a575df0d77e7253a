#include "engine_impl.h"

#include "cuda_device_names.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>

namespace gan {

namespace {

bool onGpu(const ResetSettings& reset)
{
    return reset.device != DevicePreference::Cpu && torch::cuda::is_available();
}

// GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT=N: the first training step of this process to
// reach iteration N fails as a lost GPU would (once, so the CPU run that follows goes on).
// Read when an engine is built, not at every step.
std::int64_t simulatedFailureIteration()
{
    const char* at = std::getenv("GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT");
    return at ? std::atoll(at) : -1;
}

bool simulatedDeviceFailure(std::int64_t at, std::int64_t iteration)
{
    static std::atomic<bool> fired{false};
    return at == iteration && !fired.exchange(true);
}

} // namespace

GanEngine::GanEngine(const DigitDataset& data, const ResetSettings& reset, const LiveSettings& live)
{
    if (auto why = validate(reset); !why.empty())
        throw EngineError(why);
    if (auto why = validate(live); !why.empty())
        throw EngineError(why);
    if (data.count < reset.batchSize)
        throw EngineError("the data set has " + std::to_string(data.count) + " images, fewer than one batch of "
                          + std::to_string(reset.batchSize));
    if (data.pixels.size() != static_cast<std::size_t>(data.count) * data.pixelsPerImage())
        throw EngineError("the data set's pixel buffer does not match its image count and size");
    try {
        d = std::make_unique<Impl>(data, reset, live);
        d->simulatedFailureAt = simulatedFailureIteration();
    } catch (const c10::Error& e) {
        const std::string why = e.what_without_backtrace();
        if (onGpu(reset))
            throw DeviceError("the GPU could not set up training: " + why);
        throw EngineError("LibTorch could not set up training: " + why);
    }
}

GanEngine::~GanEngine() = default;

IterationMetrics GanEngine::trainIteration()
{
    if (simulatedDeviceFailure(d->simulatedFailureAt, d->iteration + 1))
        throw DeviceError("the device " + d->device.str() + " failed during a training step (simulated with "
                          "GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT)");
    try {
        return d->step();
    } catch (const c10::Error& e) {
        const std::string why = e.what_without_backtrace();
        if (!d->device.is_cpu())
            throw DeviceError("the GPU (" + d->device.str() + ") failed during a training step: " + why);
        throw EngineError("a training step failed: " + why);
    }
}

void GanEngine::setLiveSettings(const LiveSettings& live)
{
    if (auto why = validate(live); !why.empty())
        throw EngineError(why);
    d->live = live;
}

LiveSettings GanEngine::liveSettings() const { return d->live; }
ResetSettings GanEngine::resetSettings() const { return d->reset; }
std::int64_t GanEngine::iteration() const { return d->iteration; }
int GanEngine::epoch() const { return d->epoch; }
int GanEngine::batchesPerEpoch() const { return d->data.count / d->reset.batchSize; }
std::int64_t GanEngine::generatorSteps() const { return d->gStepCount; }
std::int64_t GanEngine::discriminatorSteps() const { return d->dStepCount; }
std::string GanEngine::deviceId() const { return d->device.str(); }
const DigitDataset& GanEngine::dataset() const { return d->data; }
const std::vector<float>& GanEngine::fixedNoise() const { return d->fixedNoiseValues; }
void GanEngine::setAutogradOnCpu(bool on) { d->autogradOnCpu = on; }

void GanEngine::setCpuThreads(int threads)
{
    d->cpuThreads = std::max(0, threads);
    d->cpuStep.reset(); // rebuilt with its team at the next CPU step
}
void GanEngine::captureOutputsAtNextIteration() { d->captureOutputs = true; }
const DiscriminatorOutputs& GanEngine::capturedOutputs() const { return d->captured; }

std::vector<float> GanEngine::generate(const std::vector<float>& z, int count) const
{
    try {
        return d->generate(z, count);
    } catch (const c10::Error& e) {
        throw EngineError(std::string("generating images failed: ") + e.what_without_backtrace());
    }
}

void GanEngine::Impl::runOnCpuThreads(int blocks, const std::function<void(int)>& block)
{
    std::mutex mutex;
    std::exception_ptr error;
    const auto guarded = [&](int i) {
        // LibTorch's grad mode is per thread: a helper starts with it on.
        torch::NoGradGuard noGrad;
        try {
            block(i);
        } catch (...) {
            const std::lock_guard lock(mutex);
            if (!error)
                error = std::current_exception();
        }
    };
    if (ThreadTeam* team = blocks > 1 ? cpuTeam() : nullptr)
        team->run(blocks, guarded);
    else
        for (int i = 0; i < blocks; ++i)
            guarded(i);
    if (error)
        std::rethrow_exception(error);
}

void GanEngine::runOnCpuThreads(int blocks, const std::function<void(int)>& block) const
{
    d->runOnCpuThreads(blocks, block);
}

std::int64_t GanEngine::parameterCount(Network n) const
{
    std::int64_t total = 0;
    for (const auto& p : n == Network::Generator ? d->G->parameters() : d->D->parameters())
        total += p.numel();
    return total;
}

std::vector<std::vector<std::int64_t>> GanEngine::parameterShapes(Network n) const
{
    std::vector<std::vector<std::int64_t>> shapes;
    for (const auto& p : n == Network::Generator ? d->G->parameters() : d->D->parameters())
        shapes.emplace_back(p.sizes().begin(), p.sizes().end());
    return shapes;
}

double GanEngine::parameterChecksum(Network n) const
{
    return sumOf(n == Network::Generator ? d->G->parameters() : d->D->parameters());
}

std::unique_ptr<GanEngine> GanEngine::copyToCpu() const
{
    ResetSettings reset = d->reset;
    reset.device = DevicePreference::Cpu;
    auto cpu = std::make_unique<GanEngine>(d->data, reset, d->live);
    cpu->restoreState(serializeState(), "the GPU's state");
    return cpu;
}

bool GanEngine::cudaAvailable() { return torch::cuda::is_available(); }

std::vector<DeviceInfo> GanEngine::availableDevices()
{
    std::vector<DeviceInfo> devices{{"cpu", "CPU"}};
    if (torch::cuda::is_available()) {
        const auto n = torch::cuda::device_count();
        const auto names = cudaDeviceNames(); // from the driver; empty if it cannot say
        for (std::size_t i = 0; i < n; ++i) {
            std::string label = "CUDA " + std::to_string(i);
            if (i < names.size())
                label += ": " + names[i];
            devices.push_back({"cuda:" + std::to_string(i), label});
        }
    }
    return devices;
}

} // namespace gan
