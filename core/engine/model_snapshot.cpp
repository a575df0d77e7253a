// Snapshots of G and D for decoding on another thread. The copy keeps each network's
// parameters and buffers by name and runs the same operations as the modules in
// networks.h in eval mode (tests compare it bit for bit with GanEngine::generate()).

#include "model_snapshot.h"

#include "engine_impl.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace gan {
namespace {

using TensorMap = std::unordered_map<std::string, torch::Tensor>;

// Deep copies on the CPU, detached from autograd.
TensorMap copyOf(torch::nn::Module& module)
{
    TensorMap out;
    for (const auto& p : module.named_parameters())
        out[p.key()] = p.value().detach().to(torch::kCPU, /*non_blocking=*/false, /*copy=*/true);
    for (const auto& b : module.named_buffers())
        out[b.key()] = b.value().detach().to(torch::kCPU, /*non_blocking=*/false, /*copy=*/true);
    return out;
}

const torch::Tensor& get(const TensorMap& m, const std::string& name)
{
    const auto it = m.find(name);
    if (it == m.end())
        throw EngineError("the model snapshot lacks the tensor '" + name + "'");
    return it->second;
}

torch::Tensor linear(const TensorMap& m, const std::string& layer, const torch::Tensor& x)
{
    return torch::linear(x, get(m, layer + ".weight"), get(m, layer + ".bias"));
}

} // namespace

struct ModelSnapshot::Impl {
    TensorMap g;
    TensorMap d;
    double bnEps = 0.8;
    int latentDim = 0;
    int rows = 0;
    int cols = 0;
    std::int64_t iteration = 0;
    std::vector<float> fixedNoise;

    // GeneratorImpl::forward in eval mode: BatchNorm uses its running statistics.
    torch::Tensor forwardG(const torch::Tensor& z) const
    {
        auto bn = [&](const std::string& name, const torch::Tensor& x) {
            return torch::batch_norm(x, get(g, name + ".weight"), get(g, name + ".bias"), get(g, name + ".running_mean"),
                                     get(g, name + ".running_var"), /*training=*/false, /*momentum=*/0.1, bnEps,
                                     /*cudnn_enabled=*/false);
        };
        auto x = torch::leaky_relu(linear(g, "fc0", z), 0.2);
        x = torch::leaky_relu(bn("bn1", linear(g, "fc1", x)), 0.2);
        x = torch::leaky_relu(bn("bn2", linear(g, "fc2", x)), 0.2);
        x = torch::leaky_relu(bn("bn3", linear(g, "fc3", x)), 0.2);
        return torch::tanh(linear(g, "out", x));
    }

    // DiscriminatorImpl::forward.
    torch::Tensor forwardD(const torch::Tensor& images) const
    {
        auto x = torch::leaky_relu(linear(d, "fc0", images), 0.2);
        x = torch::leaky_relu(linear(d, "fc1", x), 0.2);
        return torch::sigmoid(linear(d, "out", x));
    }
};

std::shared_ptr<const ModelSnapshot> GanEngine::snapshot() const
{
    try {
        auto s = std::make_unique<ModelSnapshot::Impl>();
        s->g = copyOf(*d->G);
        s->d = copyOf(*d->D);
        s->bnEps = d->reset.bnEps;
        s->latentDim = d->reset.latentDim;
        s->rows = d->data.rows;
        s->cols = d->data.cols;
        s->iteration = d->iteration;
        s->fixedNoise = d->fixedNoiseValues;
        return std::make_shared<const ModelSnapshot>(std::move(s));
    } catch (const c10::Error& e) {
        throw EngineError(std::string("copying the networks failed: ") + e.what_without_backtrace());
    }
}

ModelSnapshot::ModelSnapshot(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{
}

ModelSnapshot::~ModelSnapshot() = default;

std::int64_t ModelSnapshot::iteration() const { return d->iteration; }
int ModelSnapshot::latentDim() const { return d->latentDim; }
int ModelSnapshot::rows() const { return d->rows; }
int ModelSnapshot::cols() const { return d->cols; }
const std::vector<float>& ModelSnapshot::fixedNoise() const { return d->fixedNoise; }

std::vector<float> ModelSnapshot::generate(const std::vector<float>& z, int count) const
{
    if (count > 0 && z.size() != static_cast<std::size_t>(count) * d->latentDim)
        throw EngineError("latent vectors have the wrong size for latent dimension " + std::to_string(d->latentDim));
    return generate(z.data(), count);
}

std::vector<float> ModelSnapshot::generate(const float* z, int count) const
{
    if (count <= 0)
        return {};
    try {
        torch::NoGradGuard noGrad; // thread-local: on the thread that runs the model
        const auto zt = torch::from_blob(const_cast<float*>(z), {count, d->latentDim}, torch::kFloat);
        const auto out = d->forwardG(zt).contiguous();
        return {out.data_ptr<float>(), out.data_ptr<float>() + out.numel()};
    } catch (const c10::Error& e) {
        throw EngineError(std::string("decoding latent vectors failed: ") + e.what_without_backtrace());
    }
}

std::vector<float> ModelSnapshot::discriminate(const float* images, int count) const
{
    if (count <= 0)
        return {};
    try {
        torch::NoGradGuard noGrad;
        const auto x = torch::from_blob(const_cast<float*>(images), {count, d->rows * d->cols}, torch::kFloat);
        const auto out = d->forwardD(x).contiguous();
        return {out.data_ptr<float>(), out.data_ptr<float>() + out.numel()};
    } catch (const c10::Error& e) {
        throw EngineError(std::string("evaluating D failed: ") + e.what_without_backtrace());
    }
}

LatentDirections ModelSnapshot::principalDirections(int count, int samples, std::uint64_t seed,
                                                    const std::function<bool()>& keepGoing) const
{
    const int pixels = d->rows * d->cols;
    count = std::clamp(count, 1, std::min(d->latentDim, pixels));
    samples = std::max(samples, count + 2);
    auto goOn = [&] { return !keepGoing || keepGoing(); };
    try {
        torch::NoGradGuard noGrad;
        auto rng = at::make_generator<at::CPUGeneratorImpl>(seed);
        const auto z = torch::randn({samples, d->latentDim}, rng);
        auto y = torch::empty({samples, pixels});
        constexpr int chunk = 250; // small pieces, so the caller can serve other work in between
        for (int start = 0; start < samples; start += chunk) {
            const int end = std::min(samples, start + chunk);
            y.slice(0, start, end).copy_(d->forwardG(z.slice(0, start, end)));
            if (!goOn())
                return {};
        }
        const auto yc = y - y.mean(0, /*keepdim=*/true);
        const auto cov = yc.t().mm(yc).div_(samples - 1);
        if (!goOn())
            return {};
        auto [values, vectors] = at::linalg_eigh(cov.to(torch::kDouble), "L"); // ascending
        const auto top = torch::arange(pixels - 1, pixels - 1 - count, -1, torch::kLong);
        const auto v = vectors.index_select(1, top).to(torch::kFloat); // pixels x count
        const auto scores = yc.mm(v);                                    // samples x count (orthogonal columns)
        const auto zc = z - z.mean(0, /*keepdim=*/true);
        // Least squares z ~ scores * U: with orthogonal score columns, each row of U alone.
        const auto u = scores.t().mm(zc).div_(scores.pow(2).sum(0).clamp_min(1e-12).unsqueeze(1)); // count x latent
        // Orthonormal rows, most important first, each pointing the way its PC grows.
        auto [q, r] = at::linalg_qr(u.t().to(torch::kDouble), "reduced");
        const auto signs = torch::sign(torch::diagonal(r)).where(torch::diagonal(r) != 0, torch::ones({count}, torch::kDouble));
        const auto basis = (q * signs.unsqueeze(0)).t().contiguous().to(torch::kFloat); // count x latent
        const double total = std::max(values.sum().item<double>(), 1e-30);

        LatentDirections out;
        out.latentDim = d->latentDim;
        out.iteration = d->iteration;
        out.vectors.assign(basis.data_ptr<float>(), basis.data_ptr<float>() + basis.numel());
        const auto topValues = values.index_select(0, top).contiguous();
        for (int i = 0; i < count; ++i)
            out.explained.push_back(std::max(0.0, topValues[i].item<double>()) / total);
        return out;
    } catch (const c10::Error& e) {
        throw EngineError(std::string("finding principal directions failed: ") + e.what_without_backtrace());
    }
}

} // namespace gan
