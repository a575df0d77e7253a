// Structure-aware libFuzzer harness for the checkpoint loader: the input drives edits of a
// real checkpoint's entries (drop one; replace it by a number, a string, a list, a tensor of
// any type, shape and layout, including views whose strides overlap), so that every check
// behind LibTorch's parser is reached. Whatever the edits, restoreState must refuse them
// with EngineError, or leave an engine that trains.

#include "engine/archive_edit.h"
#include "engine/synthetic_data.h"

#include "engine/gan_engine.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <limits>

namespace {

gan::GanEngine* g_engine = nullptr;
std::string g_base;
std::vector<std::string> g_paths;

double special(FuzzedDataProvider& p)
{
    switch (p.ConsumeIntegralInRange(0, 8)) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return std::numeric_limits<double>::infinity();
    case 2: return -std::numeric_limits<double>::infinity();
    case 3: return 0.0;
    case 4: return -1.0;
    case 5: return 1e308;
    case 6: return std::numeric_limits<double>::denorm_min();
    case 7: return 1.0;
    default: return p.ConsumeFloatingPoint<double>();
    }
}

torch::Tensor anyTensor(FuzzedDataProvider& p, const c10::IValue& original)
{
    const torch::ScalarType types[] = {torch::kFloat, torch::kDouble, torch::kLong, torch::kInt,
                                       torch::kByte,  torch::kBool,   torch::kHalf, torch::kShort};
    const torch::Tensor like = original.isTensor() ? original.toTensor() : torch::zeros({3});
    switch (p.ConsumeIntegralInRange(0, 5)) {
    case 0: { // the original, as another type
        return like.to(types[p.ConsumeIntegralInRange<std::size_t>(0, 7)]);
    }
    case 1: { // the original's shape over a single stored element (strides of 0)
        return torch::full({1}, special(p), torch::kDouble).to(like.scalar_type()).expand(like.sizes());
    }
    case 2: { // a non-contiguous view of the original
        if (like.dim() >= 2)
            return like.t();
        return like.numel() > 1 ? like.slice(0, 0, like.numel(), 2) : like;
    }
    case 3: { // the original with one element replaced
        auto t = like.clone();
        if (t.numel() > 0 && t.is_floating_point())
            t.view(-1)[p.ConsumeIntegralInRange<std::int64_t>(0, t.numel() - 1)] = special(p);
        else if (t.numel() > 0)
            t.view(-1)[p.ConsumeIntegralInRange<std::int64_t>(0, t.numel() - 1)] = p.ConsumeIntegral<std::int64_t>() % 100000;
        return t;
    }
    default: { // a fresh small tensor of any type and shape
        std::vector<std::int64_t> sizes(p.ConsumeIntegralInRange(0, 3));
        std::int64_t numel = 1;
        for (auto& s : sizes) {
            s = p.ConsumeIntegralInRange<std::int64_t>(0, 64);
            numel *= s;
        }
        if (numel > 4096)
            sizes = {4096};
        return torch::full(sizes, special(p), torch::kDouble).to(types[p.ConsumeIntegralInRange<std::size_t>(0, 7)]);
    }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    gan::ResetSettings r;
    r.batchSize = 16;
    r.device = gan::DevicePreference::Cpu;
    g_engine = new gan::GanEngine(testdata::syntheticDigits(64), r);
    g_engine->trainIteration();
    g_base = g_engine->serializeState();
    testdata::rewriteCheckpoint(g_base, [](const std::string& path, c10::IValue&, bool&) { g_paths.push_back(path); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    FuzzedDataProvider p(data, size);
    struct Edit {
        std::string path;
        int kind;
        std::vector<std::uint8_t> detail;
    };
    std::vector<Edit> edits(p.ConsumeIntegralInRange(1, 4));
    for (auto& e : edits) {
        e.path = g_paths[p.ConsumeIntegralInRange<std::size_t>(0, g_paths.size() - 1)];
        e.kind = p.ConsumeIntegralInRange(0, 7);
        e.detail = p.ConsumeBytes<std::uint8_t>(p.ConsumeIntegralInRange(0, 32));
    }
    std::string bytes;
    try {
        bytes = testdata::rewriteCheckpoint(g_base, [&](const std::string& path, c10::IValue& v, bool& drop) {
            for (const auto& e : edits) {
                if (e.path != path)
                    continue;
                FuzzedDataProvider d(e.detail.data(), e.detail.size());
                switch (e.kind) {
                case 0: drop = true; break;
                case 1: v = c10::IValue(d.ConsumeIntegral<std::int64_t>()); break;
                case 2: v = c10::IValue(special(d)); break;
                case 3: v = c10::IValue(d.ConsumeRandomLengthString(16)); break;
                case 4: v = c10::IValue(d.ConsumeBool()); break;
                case 5: v = c10::IValue(c10::List<std::int64_t>({d.ConsumeIntegral<std::int64_t>(), 3})); break;
                default: v = c10::IValue(anyTensor(d, v)); break;
                }
            }
        });
    } catch (const std::exception&) {
        return 0; // LibTorch could not make or write such an archive: nothing to load
    }
    try {
        g_engine->restoreState(bytes, "fuzz");
        g_engine->trainIteration();
    } catch (const gan::EngineError&) {
    }
    return 0;
}
