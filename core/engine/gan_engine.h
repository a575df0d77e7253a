#pragma once
// The adversarial training engine: the seed's generator and discriminator, their
// Adam optimisers and the training loop of Algorithm 1. LibTorch lives only in the
// .cpp files behind this interface, so Qt code (and compile times) never see it.
//
// Not thread-safe: one thread drives an engine; others talk to it through that thread.

#include "digit_dataset.h"
#include "settings.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gan {

class ModelSnapshot; // model_snapshot.h

class EngineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The GPU failed while in use (a CUDA error at run time: out of memory, a lost device, a
// driver fault, a device-side assert). The engine's device state may be gone with it: the
// caller moves training to the CPU (training_worker.cpp does, from the last good state).
class DeviceError : public EngineError {
public:
    using EngineError::EngineError;
};

// What one training iteration measured (values from its last G and last D step).
struct IterationMetrics {
    std::int64_t iteration = 0; // 1-based count of finished iterations
    int epoch = 0;              // 0-based epoch of the last real batch used
    int batchInEpoch = 0;       // 0-based batch index within that epoch
    double dLoss = 0;           // (BCE(D(x),1) + BCE(D(G(z)),0)) / 2, as the seed
    double gLoss = 0;           // BCE(D(G(z)),1), the non-saturating G loss
    double dReal = 0;           // mean D(x) over the real batch
    double dFake = 0;           // mean D(G(z)) over the generated batch
    double value = 0;           // V(D,G) = mean log D(x) + mean log(1 - D(G(z))) on those batches (-log 4 at the optimum)
    double gGradNorm = 0;       // L2 norm of G's whole gradient at its last step (shows saturation)
    GanLoss loss = GanLoss::NonSaturating; // the loss variant the iteration used (dLoss, gLoss follow it)
};

// D's probabilities on the real and the generated batch of an iteration's last D step:
// the image-data counterpart of the D curve in the paper's Figure 1.
struct DiscriminatorOutputs {
    std::int64_t iteration = 0;
    std::vector<float> real; // D(x), one per real image
    std::vector<float> fake; // D(G(z)), one per generated image
};

struct DeviceInfo {
    std::string id;    // "cpu", "cuda:0", ...
    std::string label; // shown to the user, e.g. "CUDA 0: NVIDIA H100 80GB HBM3 (79 GiB)"
};

enum class Network { Generator, Discriminator };

class GanEngine {
public:
    // Builds fresh networks for `data` (images scaled to [-1, 1]). Throws EngineError when
    // the settings are invalid or the device cannot be used.
    GanEngine(const DigitDataset& data, const ResetSettings& reset, const LiveSettings& live = {});
    ~GanEngine();
    GanEngine(const GanEngine&) = delete;
    GanEngine& operator=(const GanEngine&) = delete;

    // One iteration of Algorithm 1: gSteps G steps on fresh noise, then k D steps; the
    // first D step uses the last G step's batch (detached), like the seed's loop.
    // Throws DeviceError when the GPU fails, EngineError for anything else. For trying the
    // fallback without a failing GPU: with GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT=N in the
    // environment, the first step of this process to reach iteration N throws DeviceError.
    IterationMetrics trainIteration();
    // The next trainIteration() also keeps D's outputs on its batches (read back with the
    // other metrics, no extra device sync); capturedOutputs() holds the latest capture.
    void captureOutputsAtNextIteration();
    const DiscriminatorOutputs& capturedOutputs() const;
    // On the CPU, iterations run hand-written forward and backward passes (about a third
    // faster than autograd, cpu_training_step.h); with this set they use LibTorch's autograd
    // as on CUDA. The two agree to rounding: the tests and `gan-engine-bench --autograd` use it.
    // A build without BLAS has no such passes and always uses autograd.
    void setAutogradOnCpu(bool on);
    // How many threads share those passes' work (thread_team.h); 0, the default,
    // takes one per core. The results are the same to the bit whatever the number.
    void setCpuThreads(int threads);

    // Applied from the next iteration on; optimiser state is kept. Throws EngineError if invalid.
    void setLiveSettings(const LiveSettings& live);
    LiveSettings liveSettings() const;
    ResetSettings resetSettings() const;

    std::int64_t iteration() const;
    int epoch() const;
    int batchesPerEpoch() const;
    std::int64_t generatorSteps() const;     // total G optimiser steps so far
    std::int64_t discriminatorSteps() const; // total D optimiser steps so far
    std::string deviceId() const;            // "cpu" or "cuda:N"
    const DigitDataset& dataset() const;

    // Generator output in eval mode (BatchNorm running statistics) without gradients:
    // `count` images of rows*cols floats in [-1, 1] for the given latent vectors.
    std::vector<float> generate(const std::vector<float>& z, int count) const;
    // Calls block(i) for each i in [0, blocks) on the threads that share the CPU passes (the
    // calling thread among them) and returns when all are done: for work between iterations,
    // such as the meter's reading, that would otherwise leave the other cores idle. On CUDA,
    // with autograd on the CPU, or in a build without BLAS, the calling thread runs them all,
    // each with gradients off as on the threads. Blocks must not depend on each other; the
    // first exception a block throws is rethrown once all are done.
    void runOnCpuThreads(int blocks, const std::function<void(int)>& block) const;
    // The fixed noise drawn at reset (25 x latentDim), so successive grids compare.
    const std::vector<float>& fixedNoise() const;
    std::vector<float> generateFixedGrid() const { return generate(fixedNoise(), fixedGridCount); }
    static constexpr int fixedGridCount = 25;
    // A deep copy of G and D on the CPU with the iteration and the fixed noise, to decode
    // on another thread while this engine trains (model_snapshot.h; defined there).
    std::shared_ptr<const ModelSnapshot> snapshot() const;

    // Introspection for tests and the UI.
    std::int64_t parameterCount(Network n) const;
    std::vector<std::vector<std::int64_t>> parameterShapes(Network n) const;
    double parameterChecksum(Network n) const; // sum of all parameter values

    // Checkpoints hold both networks, both optimisers, iteration, settings, the data
    // order, the RNG state and the fixed noise. save() writes atomically (temp + rename);
    // load() leaves this engine untouched when the file is unusable (throws EngineError).
    void saveCheckpoint(const std::string& path) const;
    void loadCheckpoint(const std::string& path);
    // The same state as bytes (a checkpoint file's contents), e.g. for an in-memory snapshot
    // to roll back to. restoreState() takes such bytes and, like loadCheckpoint(), changes
    // nothing when they are unusable (throws EngineError; messages start with `label`).
    std::string serializeState() const;
    void restoreState(std::string_view bytes, const std::string& label = "the saved state");
    // The same state as plain copies in host memory, for restore points: taking one costs a
    // memory copy, where serializeState() also builds an archive with checksums (several
    // times as long, on the training thread). Host memory, so a restore point taken on a GPU
    // outlives a lost device. Empty until assigned from copyState().
    class StateCopy {
    public:
        StateCopy();
        ~StateCopy();
        StateCopy(StateCopy&&) noexcept;
        StateCopy& operator=(StateCopy&&) noexcept;
        bool empty() const { return !d; }

    private:
        friend class GanEngine;
        struct Data;
        std::unique_ptr<Data> d;
    };
    StateCopy copyState() const;
    // Like restoreState(bytes): changes nothing when the copy does not fit this engine's
    // data, or is empty (throws EngineError; messages start with `label`).
    void restoreState(const StateCopy& copy, const std::string& label = "the saved state");
    // A CPU engine with this engine's whole state: where training goes after a DeviceError,
    // when the GPU's state can still be read back (e.g. it ran out of memory). Throws
    // EngineError when it cannot be (a lost device).
    std::unique_ptr<GanEngine> copyToCpu() const;
    // False when a weight or buffer of either network is NaN or infinite (divergence).
    bool weightsFinite() const;

    // "cpu" plus every CUDA device the LibTorch in use can see.
    static std::vector<DeviceInfo> availableDevices();
    static bool cudaAvailable();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace gan
