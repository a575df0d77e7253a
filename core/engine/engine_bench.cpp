// Training throughput of the engine alone (no Qt): the seed's model and defaults on an
// MNIST-format folder, timed after a warm-up. Prints one line of figures, with the BLAS kernels
// it ran.
//
// Usage: gan-engine-bench --data DIR [--iters N] [--warmup N] [--device auto|cpu|cuda] [--batch-size B] [--autograd]
//        [--threads N]  (threads sharing the CPU passes' matrix products; default one per core)

#include "engine/blas_kernels.h"
#include "engine/gan_engine.h"
#include "engine/process_tuning.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv)
{
    gan::tuneProcessForTraining(); // as the app does
    std::string data;
    int iters = 300, warmup = 20;
    gan::ResetSettings reset;
    bool autograd = false;
    int threads = 0;
    for (int i = 1; i < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--autograd") {
            autograd = true;
            --i;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "error: %s needs a value\n", key.c_str());
            return 2;
        }
        const std::string value = argv[i + 1];
        if (key == "--data") data = value;
        else if (key == "--iters") iters = std::stoi(value);
        else if (key == "--warmup") warmup = std::stoi(value);
        else if (key == "--batch-size") reset.batchSize = std::stoi(value);
        else if (key == "--threads") threads = std::stoi(value);
        else if (key == "--device" && gan::parseDevicePreference(value, &reset.device)) {}
        else {
            std::fprintf(stderr, "error: unknown option %s\n", key.c_str());
            return 2;
        }
    }
    if (data.empty()) {
        std::fprintf(stderr, "error: --data DIR is required (an MNIST-format folder)\n");
        return 2;
    }
    try {
        gan::GanEngine engine(gan::loadIdxFolder(data), reset);
        engine.setAutogradOnCpu(autograd);
        engine.setCpuThreads(threads);
        gan::IterationMetrics m;
        for (int i = 0; i < warmup; ++i)
            m = engine.trainIteration();
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < iters; ++i)
            m = engine.trainIteration();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        // The BLAS kernels the CPU passes run, and those OpenBLAS had picked by itself where the
        // program chose others (blas_kernels.h); "-" for none.
        const std::string kernels = gan::blasKernels(), replaced = gan::blasKernelsReplaced();
        std::printf("device=%s iters=%d seconds=%.3f it_per_s=%.1f d_loss=%.4f g_loss=%.4f blas_kernels=%s "
                    "blas_kernels_replaced=%s\n",
                    engine.deviceId().c_str(), iters, s, iters / s, m.dLoss, m.gLoss,
                    kernels.empty() ? "-" : kernels.c_str(), replaced.empty() ? "-" : replaced.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
    return 0;
}
