#pragma once
// The engine's private state: networks, optimisers, data order and RNG. Shared by the
// engine's .cpp files only (training in gan_engine.cpp, files in checkpoint.cpp).

#include "gan_engine.h"
#include "adam.h"
#include "cpu_training_step.h"
#include "losses.h"
#include "networks.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <functional>

namespace gan {
namespace detail {

inline torch::Device resolveDevice(const ResetSettings& s)
{
    const bool cuda = torch::cuda::is_available();
    switch (s.device) {
    case DevicePreference::Cpu:
        return torch::kCPU;
    case DevicePreference::Cuda:
        if (!cuda)
            throw EngineError("CUDA was requested, but the LibTorch in use has no CUDA or sees no GPU");
        if (s.cudaIndex >= static_cast<int>(torch::cuda::device_count()))
            throw EngineError("CUDA device " + std::to_string(s.cudaIndex) + " does not exist");
        return {torch::kCUDA, static_cast<c10::DeviceIndex>(s.cudaIndex)};
    case DevicePreference::Auto:
        break;
    }
    return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

// PyTorch's default Linear initialisation (kaiming_uniform with a = sqrt(5), i.e.
// U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias), drawn from the engine's own
// generator so that a seed fixes the weights whatever else runs in the process.
inline void initLinear(torch::nn::Module& module, at::Generator& gen)
{
    torch::NoGradGuard noGrad;
    for (auto& child : module.modules(/*include_self=*/false)) {
        if (auto* linear = child->as<torch::nn::Linear>()) {
            const double bound = 1.0 / std::sqrt(static_cast<double>(linear->weight.size(1)));
            linear->weight.uniform_(-bound, bound, gen);
            linear->bias.uniform_(-bound, bound, gen);
        }
    }
}

inline double sumOf(const std::vector<torch::Tensor>& params)
{
    double total = 0;
    for (const auto& p : params)
        total += p.detach().to(torch::kCPU, torch::kDouble).sum().item<double>();
    return total;
}

// While one exists, LibTorch runs its CPU operations on the thread that calls them: on the
// thread that made it at once, and on every thread whose first parallel LibTorch operation
// comes later (the team's helpers among them). The CPU passes' team already keeps every core
// busy, and LibTorch's operations inside its blocks or between its products (a real batch's
// gather at every iteration, the meter's generator and classifier, the explorer's copies) used
// to wake LibTorch's own threads too, which then ran and spun on the cores the team was using.
// OpenBLAS goes single-threaded for the same reason, and the same way (thread_team.h).
class LibTorchOnOneThread {
public:
    LibTorchOnOneThread() { setting().hold(); }
    ~LibTorchOnOneThread() { setting().release(); }
    LibTorchOnOneThread(const LibTorchOnOneThread&) = delete;
    LibTorchOnOneThread& operator=(const LibTorchOnOneThread&) = delete;

private:
    static OneThreadWhileHeld& setting()
    {
        static OneThreadWhileHeld s(&at::get_num_threads, &at::set_num_threads);
        return s;
    }
};

// The CPU passes and the setting their team needs.
struct CpuPasses {
    CpuPasses(int batch, int latent, int pixels, int threads)
        : step(batch, latent, pixels, threads)
    {
    }
    LibTorchOnOneThread torchThreads; // before the team: set when its threads start, kept until they end
    CpuTrainingStep step;
};

} // namespace detail

using namespace detail;

struct GanEngine::Impl {
    Impl(const DigitDataset& data, const ResetSettings& reset, const LiveSettings& live)
        : data(data)
        , reset(reset)
        , live(live)
        , device(resolveDevice(reset))
        , rng(at::make_generator<at::CPUGeneratorImpl>(reset.seed))
        , G(reset.latentDim, data.pixelsPerImage(), reset.bnEps)
        , D(data.pixelsPerImage())
    {
        initLinear(*G, rng);
        initLinear(*D, rng);
        G->to(device);
        D->to(device);
        makeOptimizers();

        images = torch::from_blob(const_cast<std::uint8_t*>(data.pixels.data()),
                                  {data.count, data.pixelsPerImage()}, torch::kUInt8)
                     .to(torch::kFloat)
                     .div_(127.5)
                     .sub_(1.0)
                     .to(device);
        fixedNoiseTensor = torch::randn({GanEngine::fixedGridCount, reset.latentDim}, rng);
        fixedNoiseValues.assign(fixedNoiseTensor.data_ptr<float>(),
                                fixedNoiseTensor.data_ptr<float>() + fixedNoiseTensor.numel());
        ones = torch::ones({reset.batchSize, 1}, torch::TensorOptions().device(device));
        zeros = torch::zeros({reset.batchSize, 1}, torch::TensorOptions().device(device));
        newEpochOrder();
    }

    // Over the parameters as they are now (after any move to the device).
    void makeOptimizers()
    {
        optG = std::make_unique<Adam>(G->parameters());
        optD = std::make_unique<Adam>(D->parameters());
    }

    // The permutation is drawn on the CPU (the engine's generator, so CPU and CUDA runs see
    // the same batches) and kept on the device, so no index copy precedes each batch.
    void newEpochOrder()
    {
        order = torch::randperm(data.count, rng, torch::TensorOptions().dtype(torch::kLong)).to(device);
        cursor = 0;
    }

    torch::Tensor nextRealBatch()
    {
        if (cursor + reset.batchSize > data.count) {
            ++epoch;
            newEpochOrder();
        }
        lastBatchInEpoch = cursor / reset.batchSize;
        auto idx = order.slice(0, cursor, cursor + reset.batchSize);
        cursor += reset.batchSize;
        return images.index_select(0, idx);
    }

    // Noise comes from the engine's CPU generator whatever the device (same seed, same z on
    // CPU and CUDA); on CUDA it travels from pinned memory without stalling the host.
    torch::Tensor noise()
    {
        auto z = torch::randn({reset.batchSize, reset.latentDim}, rng);
        if (device.is_cpu())
            return z;
        return z.pin_memory().to(device, /*non_blocking=*/true);
    }

    // The CPU trains with hand-written passes (cpu_training_step.h) unless told to use
    // autograd; other devices use LibTorch's autograd, which the CPU passes are tested against.
    IterationMetrics step()
    {
#ifdef GAN_STUDIO_CPU_PASSES
        IterationMetrics m = device.is_cpu() && !autogradOnCpu ? stepOnCpu() : stepWithAutograd();
#else // built without BLAS (core/CMakeLists.txt): autograd everywhere
        IterationMetrics m = stepWithAutograd();
#endif
        // Every weight has just been written by Adam, which on the CPU checks them on the way.
        weightsCheckedAt = optG->lastStepChecked() && optD->lastStepChecked() ? iteration : -1;
        weightsCheckedFinite = optG->lastStepFinite() && optD->lastStepFinite();
        return m;
    }
    IterationMetrics stepOnCpu(); // engine_cpu_step.cpp (built with BLAS only)
    void buildCpuStep();          // the passes and their gradient buffers, once
    // The CPU passes' threads (built if need be); null on CUDA or with autograd on the CPU.
#ifdef GAN_STUDIO_CPU_PASSES
    ThreadTeam* cpuTeam(); // engine_cpu_step.cpp
#else
    ThreadTeam* cpuTeam() { return nullptr; } // built without BLAS: no passes, so no team
#endif
    // Calls block(i) for each i in [0, blocks) on cpuTeam()'s threads, or on this thread alone
    // when there is none, each with gradients off; once all are done, rethrows the first
    // exception a block threw.
    void runOnCpuThreads(int blocks, const std::function<void(int)>& block);

    IterationMetrics stepWithAutograd()
    {
        G->train();
        D->train();
        const auto gParams = G->parameters();
        const auto dParams = D->parameters();

        // G steps: minimise G's loss (GanLoss; the seed's -log D(G(z)) by default). The last
        // one keeps D's output on its batch, which the first D step reuses: D has not changed
        // in between, so D(G(z).detach()) would give the same values (the seed computes it twice).
        const GanLoss loss = live.loss;
        torch::Tensor fakeLogit, fakeOut, gLoss, gGradNorm;
        for (int g = 0; g < live.gSteps; ++g) {
            const bool last = g + 1 == live.gSteps;
            optG->clearGradients();
            fakeLogit = D->logits(G(noise()));
            fakeOut = torch::sigmoid(fakeLogit);
            gLoss = losses::generator(loss, fakeLogit, fakeOut, ones, zeros);
            gLoss.backward({}, /*retain_graph=*/last, false, gParams);
            if (last) // before the step, which on the CPU consumes the gradients
                gGradNorm = losses::gradientNorm(gParams);
            optG->step(live.lrG, live.beta1, live.beta2);
            ++gStepCount;
        }

        // D steps: minimise D's loss ((BCE(D(x), 1) + BCE(D(G(z)), 0)) / 2 unless least squares).
        torch::Tensor dLoss, realLogit, realOut, dFakeLogit, dFakeOut;
        for (int s = 0; s < live.k; ++s) {
            optD->clearGradients();
            if (s == 0) {
                dFakeLogit = fakeLogit;
                dFakeOut = fakeOut;
            } else {
                torch::Tensor fake;
                {
                    torch::NoGradGuard noGrad;
                    fake = G(noise());
                }
                dFakeLogit = D->logits(fake);
                dFakeOut = torch::sigmoid(dFakeLogit);
            }
            realLogit = D->logits(nextRealBatch());
            realOut = torch::sigmoid(realLogit);
            dLoss = losses::discriminator(loss, realLogit, realOut, dFakeLogit, dFakeOut, ones, zeros);
            dLoss.backward({}, false, false, dParams);
            optD->step(live.lrD, live.beta1, live.beta2);
            ++dStepCount;
        }
        fakeLogit = fakeOut = torch::Tensor();
        ++iteration;

        // One read-back for everything: the scalars, and D's outputs when a capture was asked for.
        const auto value = losses::value(loss, dLoss, realOut, dFakeOut, ones, zeros);
        auto packed = torch::stack({dLoss.detach(), gLoss.detach(), realOut.detach().mean(), dFakeOut.detach().mean(),
                                    value, gGradNorm});
        constexpr int scalars = 6;
        if (captureOutputs)
            packed = torch::cat({packed, realOut.detach().flatten(), dFakeOut.detach().flatten()});
        packed = packed.to(torch::kCPU, torch::kDouble);
        const double* v = packed.data_ptr<double>();
        IterationMetrics m;
        m.iteration = iteration;
        m.epoch = epoch;
        m.batchInEpoch = lastBatchInEpoch;
        m.dLoss = v[0];
        m.gLoss = v[1];
        m.dReal = v[2];
        m.dFake = v[3];
        m.value = v[4];
        m.gGradNorm = v[5];
        m.loss = loss;
        if (captureOutputs) {
            const auto nReal = realOut.numel(), nFake = dFakeOut.numel();
            captured.iteration = iteration;
            captured.real.assign(v + scalars, v + scalars + nReal);
            captured.fake.assign(v + scalars + nReal, v + scalars + nReal + nFake);
            captureOutputs = false;
        }
        return m;
    }

    std::vector<float> generate(const std::vector<float>& z, int count)
    {
        if (count <= 0)
            return {};
        if (z.size() != static_cast<std::size_t>(count) * reset.latentDim)
            throw EngineError("latent vectors have the wrong size for latent dimension " + std::to_string(reset.latentDim));
        torch::NoGradGuard noGrad;
        const bool wasTraining = G->is_training();
        G->eval();
        struct Restore {
            Generator& g;
            bool training;
            ~Restore() { g->train(training); }
        } restore{G, wasTraining};
        const std::int64_t pixels = data.pixelsPerImage();
        std::vector<float> images(static_cast<std::size_t>(count) * pixels);
        // Rows in blocks that follow from the count alone, on the CPU passes' threads: the
        // meter's 1,000 digits in four, a grid's 25 in one. Eval mode has no batch statistics,
        // yet a row's bits may still depend on its block's size: PyTorch 2.11's CPU kernels give
        // a 13-row block other bits than a 25-row pass. So a grid stays in one block, as the
        // explorer's copy of G draws it (tst_snapshot); from 200 rows on, both LibTorch builds
        // were found to give each row the same bits in any block.
        const int blocks = device.is_cpu() ? (count + generateBlockRows - 1) / generateBlockRows : 1;
        const int rowsPerBlock = (count + blocks - 1) / blocks;
        runOnCpuThreads(blocks, [&](int b) {
            const int first = b * rowsPerBlock, rows = std::min(rowsPerBlock, count - first);
            if (rows <= 0)
                return;
            auto zt = torch::from_blob(const_cast<float*>(z.data()) + static_cast<std::size_t>(first) * reset.latentDim,
                                       {rows, reset.latentDim}, torch::kFloat)
                          .to(device);
            const auto out = G(zt).to(torch::kCPU).contiguous();
            std::copy_n(out.data_ptr<float>(), out.numel(), images.data() + static_cast<std::size_t>(first) * pixels);
        });
        return images;
    }
    static constexpr int generateBlockRows = 250;

    DigitDataset data;
    ResetSettings reset;
    LiveSettings live;
    torch::Device device;
    at::Generator rng;
    Generator G;
    Discriminator D;
    std::unique_ptr<Adam> optG;
    std::unique_ptr<Adam> optD;
    torch::Tensor images;          // [count, pixels] in [-1, 1], on the device
    torch::Tensor order;           // this epoch's permutation of the data, on the CPU
    torch::Tensor fixedNoiseTensor;
    std::vector<float> fixedNoiseValues;
    torch::Tensor ones, zeros;
    std::int64_t cursor = 0;
    std::int64_t iteration = 0;
    int epoch = 0;
    int lastBatchInEpoch = 0;
    std::int64_t gStepCount = 0;
    std::int64_t dStepCount = 0;
    bool captureOutputs = false;      // keep D's outputs at the next step
    bool autogradOnCpu = false;       // train on the CPU with LibTorch's autograd (the reference)
    std::int64_t weightsCheckedAt = -1; // the iteration whose weights Adam found finite or not
    bool weightsCheckedFinite = true;
    std::unique_ptr<CpuPasses> cpuStep;            // built at the first CPU step
    int cpuThreads = 0;                            // its team's size; 0: one per core
    std::vector<torch::Tensor> gGrads, dGrads;     // its gradient buffers, shaped as the parameters
    std::int64_t simulatedFailureAt = -1; // GAN_STUDIO_SIMULATE_DEVICE_FAILURE_AT, read once at construction
    DiscriminatorOutputs captured;    // the latest kept outputs
};

} // namespace gan
