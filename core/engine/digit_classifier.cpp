// The digit classifier: loading and saving its compact weights file, and labelling images.
// Training is in classifier_training.cpp.

#include "classifier_net.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cstring>

namespace gan {
namespace {

constexpr char magic[4] = {'G', 'S', 'D', 'C'};
constexpr std::uint32_t formatVersion = 1;
constexpr int chunk = 250; // images per forward pass: bounds the memory of the first layer

template <typename T>
void put(std::string& out, T v)
{
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
T take(std::string_view& in)
{
    if (in.size() < sizeof(T))
        throw ClassifierError("the classifier weights are truncated");
    T v;
    std::memcpy(&v, in.data(), sizeof v);
    in.remove_prefix(sizeof v);
    return v;
}

void requireDigitSize(const DigitDataset& data)
{
    if (data.rows != DigitClassifier::side || data.cols != DigitClassifier::side)
        throw ClassifierError("the digit classifier needs 28 x 28 images, not " + std::to_string(data.rows) + " x "
                              + std::to_string(data.cols));
}

} // namespace

DigitClassifier::DigitClassifier(std::uint64_t seed)
    : d(std::make_unique<Impl>())
{
    torch::NoGradGuard noGrad;
    // PyTorch's default initialisation of Conv2d and Linear (weight and bias uniform in
    // +-1/sqrt(fan_in)), drawn from a generator of our own: the global one stays untouched.
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& m : d->net->modules(/*include_self=*/false)) {
        auto params = m->named_parameters(/*recurse=*/false);
        if (!params.contains("weight"))
            continue;
        const auto w = params["weight"];
        const double bound = 1.0 / std::sqrt(double(w.numel() / w.size(0)));
        for (auto& p : params)
            p.value().uniform_(-bound, bound, gen);
    }
}

DigitClassifier::~DigitClassifier() = default;
DigitClassifier::DigitClassifier(DigitClassifier&&) noexcept = default;
DigitClassifier& DigitClassifier::operator=(DigitClassifier&&) noexcept = default;

std::string DigitClassifier::toBytes() const
{
    std::string out(magic, sizeof magic);
    put(out, formatVersion);
    const auto params = d->net->parameters();
    put(out, static_cast<std::uint32_t>(params.size()));
    for (const auto& p : params) {
        put(out, static_cast<std::uint32_t>(p.dim()));
        for (auto s : p.sizes())
            put(out, static_cast<std::int64_t>(s));
        const auto half = p.detach().to(torch::kCPU).to(torch::kHalf).contiguous();
        out.append(reinterpret_cast<const char*>(half.data_ptr()), half.numel() * 2);
    }
    return out;
}

DigitClassifier DigitClassifier::fromBytes(std::string_view bytes)
{
    if (bytes.size() < sizeof magic || std::memcmp(bytes.data(), magic, sizeof magic) != 0)
        throw ClassifierError("not a GAN Studio digit classifier file");
    bytes.remove_prefix(sizeof magic);
    if (const auto version = take<std::uint32_t>(bytes); version != formatVersion)
        throw ClassifierError("unknown digit classifier format " + std::to_string(version));
    DigitClassifier c(0);
    auto params = c.d->net->parameters();
    if (take<std::uint32_t>(bytes) != params.size())
        throw ClassifierError("the classifier weights belong to another network");
    torch::NoGradGuard noGrad;
    for (auto& p : params) {
        const auto dims = take<std::uint32_t>(bytes);
        if (dims != p.dim())
            throw ClassifierError("the classifier weights belong to another network");
        for (std::uint32_t i = 0; i < dims; ++i)
            if (take<std::int64_t>(bytes) != p.size(i))
                throw ClassifierError("the classifier weights belong to another network");
        const std::size_t n = static_cast<std::size_t>(p.numel()) * 2;
        if (bytes.size() < n)
            throw ClassifierError("the classifier weights are truncated");
        auto half = torch::empty(p.sizes(), torch::kHalf);
        std::memcpy(half.data_ptr(), bytes.data(), n);
        bytes.remove_prefix(n);
        if (!torch::isfinite(half).all().item<bool>())
            throw ClassifierError("the classifier weights hold non-finite values");
        p.copy_(half.to(torch::kFloat));
    }
    if (!bytes.empty())
        throw ClassifierError("the classifier weights file has trailing data");
    return c;
}

DigitClassifier::Result DigitClassifier::classify(const float* images, int count, const BlockRunner& run) const
{
    Result r;
    if (count <= 0)
        return r;
    torch::NoGradGuard noGrad;
    d->net->eval();
    r.labels.resize(count);
    r.features.resize(static_cast<std::size_t>(count) * featureDim);
    const auto block = [&](int b) {
        torch::NoGradGuard noGradHere; // per thread
        const int start = b * chunk, n = std::min(chunk, count - start);
        auto x = torch::from_blob(const_cast<float*>(images) + static_cast<std::size_t>(start) * side * side,
                                  {n, 1, side, side}, torch::kFloat);
        const auto f = d->net->features(x).contiguous();
        const auto labels = d->net->logits(f).argmax(1).to(torch::kInt).contiguous();
        std::copy_n(labels.data_ptr<int>(), n, r.labels.begin() + start);
        std::copy_n(f.data_ptr<float>(), f.numel(), r.features.begin() + std::ptrdiff_t(start) * featureDim);
    };
    const int blocks = (count + chunk - 1) / chunk;
    if (run) {
        run(blocks, block);
    } else {
        for (int b = 0; b < blocks; ++b)
            block(b);
    }
    return r;
}

DigitClassifier::Result DigitClassifier::classify(const DigitDataset& data, int limit, const BlockRunner& run) const
{
    requireDigitSize(data);
    const int count = limit < 0 ? data.count : std::min(limit, data.count);
    if (count <= 0)
        return {};
    const auto images = detail::bytesToImages(data.pixels.data(), count).contiguous();
    return classify(images.data_ptr<float>(), count, run);
}

double DigitClassifier::accuracy(const DigitDataset& data, int limit) const
{
    const Result r = classify(data, limit);
    if (r.labels.empty())
        return 0;
    std::size_t right = 0;
    for (std::size_t i = 0; i < r.labels.size(); ++i)
        right += r.labels[i] == data.labels[i];
    return double(right) / double(r.labels.size());
}

std::int64_t DigitClassifier::parameterCount() const
{
    std::int64_t n = 0;
    for (const auto& p : d->net->parameters())
        n += p.numel();
    return n;
}

} // namespace gan
