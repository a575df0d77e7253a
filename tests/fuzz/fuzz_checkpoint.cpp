// libFuzzer harness for the checkpoint loader: the input is a whole checkpoint file.
// LibTorch does not verify the zip checksums, and neither should a mutation be stopped by
// ours before it reaches the parser behind them: the harness recomputes them first.
// Whatever the bytes, restoreState must refuse them with EngineError or leave an engine
// that trains.

#include "engine/archive_edit.h"
#include "engine/synthetic_data.h"

#include "engine/gan_engine.h"

namespace {
gan::GanEngine* g_engine = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    gan::ResetSettings r;
    r.batchSize = 16;
    r.device = gan::DevicePreference::Cpu;
    g_engine = new gan::GanEngine(testdata::syntheticDigits(64), r);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string bytes(reinterpret_cast<const char*>(data), size);
    testdata::fixZipChecksums(bytes);
    try {
        g_engine->restoreState(bytes, "fuzz");
        g_engine->trainIteration();
    } catch (const gan::EngineError&) {
    }
    return 0;
}
