#include "adam.h"

#include "thread_team.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gan {
namespace {

constexpr std::int64_t chunk = 4096;         // float partial sums of g^2 per chunk, added up in double
constexpr std::int64_t chunksPerBlock = 32;  // a block of the team's work: 128 Ki weights, about 0.1 ms

// Elements [start, end) of p, m, v, g: contiguous float32 on the CPU; start is a multiple of
// `chunk`. The arithmetic of torch.optim.Adam:
// m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
// The same pass sums g^2 per chunk into `squares` (for the gradient norm the views plot),
// checks that the new weights are finite (returned; for the divergence check, at no extra
// pass), and zeroes g, so that the CPU passes add the next gradients into it without BLAS's
// zeroing pass: the loop is bound by memory traffic, and this spares two more passes over
// the gradients.
// Compiled for AVX-512, AVX2 and baseline x86-64, chosen at load time; with -fno-math-errno
// (set for this file) the square root and division vectorise.
// Not in sanitizer builds: the clones' load-time resolver runs before the sanitizer
// runtime is set up, and ThreadSanitizer's instrumentation of it crashes at start.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
bool fusedAdamCpu(float* __restrict p, float* __restrict m, float* __restrict v, float* __restrict g,
                  std::int64_t start, std::int64_t end, float beta1, float beta2, float stepSize, float invSqrtBc2,
                  float eps, float* __restrict squares)
{
    const float oneMinusB1 = 1.0f - beta1;
    const float oneMinusB2 = 1.0f - beta2;
    float notFinite = 0; // p - p is 0 for every finite p and NaN for an infinite or NaN one
    for (std::int64_t first = start; first < end; first += chunk) {
        const std::int64_t last = first + chunk < end ? first + chunk : end;
        float partial = 0;
#pragma omp simd reduction(+ : partial, notFinite)
        for (std::int64_t i = first; i < last; ++i) {
            const float gi = g[i];
            const float mi = beta1 * m[i] + oneMinusB1 * gi;
            const float vi = beta2 * v[i] + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            const float pi = p[i] - stepSize * mi / (std::sqrt(vi) * invSqrtBc2 + eps);
            p[i] = pi;
            g[i] = 0.0f;
            partial += gi * gi;
            notFinite += pi - pi;
        }
        *squares++ = partial;
    }
    return notFinite == 0.0f;
}

} // namespace

Adam::Adam(std::vector<torch::Tensor> params)
    : m_params(std::move(params))
{
    for (const auto& p : m_params) {
        m_expAvg.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
        m_expAvgSq.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
    }
}

void Adam::clearGradients()
{
    for (auto& p : m_params)
        p.mutable_grad() = torch::Tensor();
}

double Adam::step(double lr, double beta1, double beta2, ThreadTeam* team)
{
    constexpr double eps = 1e-8; // torch.optim.Adam's default, which the seed uses
    torch::NoGradGuard noGrad;
    ++m_steps;
    const double bc1 = 1.0 - std::pow(beta1, static_cast<double>(m_steps));
    const double bc2 = 1.0 - std::pow(beta2, static_cast<double>(m_steps));
    const double stepSize = lr / bc1;
    std::vector<torch::Tensor> ps, gs, ms, vs; // tensors off the CPU, updated together
    m_cpuTensors.clear();
    m_cpuBlocks.clear();
    std::int64_t chunks = 0;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        auto& p = m_params[i];
        const auto& grad = p.grad();
        if (!grad.defined())
            continue;
        auto& m = m_expAvg[i];
        auto& v = m_expAvgSq[i];
        if (p.device().is_cpu() && p.scalar_type() == torch::kFloat && p.is_contiguous() && grad.is_contiguous()) {
            const std::int64_t n = p.numel();
            m_cpuTensors.push_back({p.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(), grad.data_ptr<float>(),
                                    chunks, (n + chunk - 1) / chunk});
            chunks += m_cpuTensors.back().chunks;
            for (std::int64_t start = 0; start < n; start += chunk * chunksPerBlock)
                m_cpuBlocks.push_back({m_cpuTensors.size() - 1, start, std::min(n, start + chunk * chunksPerBlock)});
        } else {
            ps.push_back(p);
            gs.push_back(grad);
            ms.push_back(m);
            vs.push_back(v);
        }
    }
    m_chunkSquares.assign(static_cast<std::size_t>(chunks), 0.0f);
    m_blockFinite.assign(m_cpuBlocks.size(), 1);
    const float b1 = static_cast<float>(beta1), b2 = static_cast<float>(beta2);
    const float size = static_cast<float>(stepSize), invSqrtBc2 = static_cast<float>(1.0 / std::sqrt(bc2));
    const auto updateBlock = [&](int b) {
        const CpuBlock& k = m_cpuBlocks[static_cast<std::size_t>(b)];
        const CpuTensor& t = m_cpuTensors[k.tensor];
        m_blockFinite[static_cast<std::size_t>(b)] =
            fusedAdamCpu(t.p, t.m, t.v, t.g, k.start, k.end, b1, b2, size, invSqrtBc2, static_cast<float>(eps),
                         m_chunkSquares.data() + t.firstChunk + k.start / chunk);
    };
    const int blocks = static_cast<int>(m_cpuBlocks.size());
    if (team)
        team->run(blocks, updateBlock);
    else
        for (int b = 0; b < blocks; ++b)
            updateBlock(b);
    // Summed per tensor in chunk order, whichever thread computed which block.
    double squares = 0;
    for (const CpuTensor& t : m_cpuTensors) {
        double tensorSquares = 0;
        for (std::int64_t c = 0; c < t.chunks; ++c)
            tensorSquares += m_chunkSquares[static_cast<std::size_t>(t.firstChunk + c)];
        squares += tensorSquares;
    }
    m_lastStepFinite = std::all_of(m_blockFinite.begin(), m_blockFinite.end(), [](char f) { return f != 0; });
    const std::size_t fused = m_cpuTensors.size();
    m_lastStepChecked = fused == m_params.size();
    if (ps.empty())
        return squares;
    // Other devices (CUDA): LibTorch's Adam arithmetic as multi-tensor operations, a handful
    // of kernel launches for the whole network instead of eight per tensor.
    at::_foreach_mul_(ms, beta1);
    at::_foreach_add_(ms, gs, 1.0 - beta1);
    at::_foreach_mul_(vs, beta2);
    at::_foreach_addcmul_(vs, gs, gs, 1.0 - beta2);
    auto denom = at::_foreach_sqrt(vs);
    at::_foreach_div_(denom, std::sqrt(bc2));
    at::_foreach_add_(denom, eps);
    at::_foreach_addcdiv_(ps, ms, denom, -stepSize);
    return squares;
}

void Adam::save(torch::serialize::OutputArchive& archive) const
{
    archive.write("steps", c10::IValue(m_steps));
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        archive.write("exp_avg." + std::to_string(i), m_expAvg[i]);
        archive.write("exp_avg_sq." + std::to_string(i), m_expAvgSq[i]);
    }
}

void Adam::load(torch::serialize::InputArchive& archive)
{
    c10::IValue steps;
    if (!archive.try_read("steps", steps) || !steps.isInt() || steps.toInt() < 0)
        throw std::runtime_error("optimiser state without a valid step count");
    std::vector<torch::Tensor> m(m_params.size()), v(m_params.size());
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        if (!archive.try_read("exp_avg." + std::to_string(i), m[i]) || !archive.try_read("exp_avg_sq." + std::to_string(i), v[i]))
            throw std::runtime_error("optimiser state is incomplete");
    }
    adopt(std::move(m), std::move(v), steps.toInt());
}

Adam::State Adam::copyState() const
{
    State s;
    s.steps = m_steps;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        s.expAvg.push_back(hostCopy(m_expAvg[i]));
        s.expAvgSq.push_back(hostCopy(m_expAvgSq[i]));
    }
    return s;
}

void Adam::restoreState(const State& state)
{
    if (state.expAvg.size() != m_params.size() || state.expAvgSq.size() != m_params.size() || state.steps < 0)
        throw std::runtime_error("optimiser state does not fit the network");
    // Copies, so that the same state restored twice starts from it twice.
    std::vector<torch::Tensor> m, v;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        if (!state.expAvg[i].defined() || !state.expAvgSq[i].defined())
            throw std::runtime_error("optimiser state is incomplete");
        const auto on = torch::TensorOptions().device(m_params[i].device());
        m.push_back(state.expAvg[i].to(on, /*non_blocking=*/false, /*copy=*/true));
        v.push_back(state.expAvgSq[i].to(on, /*non_blocking=*/false, /*copy=*/true));
    }
    adopt(std::move(m), std::move(v), state.steps);
}

void Adam::adopt(std::vector<torch::Tensor> m, std::vector<torch::Tensor> v, std::int64_t steps)
{
    if (m.size() != m_params.size() || v.size() != m_params.size())
        throw std::runtime_error("optimiser state is incomplete");
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        for (const auto* t : {&m[i], &v[i]}) {
            if (!t->defined() || !t->sizes().equals(m_params[i].sizes()) || t->scalar_type() != m_params[i].scalar_type())
                throw std::runtime_error("optimiser state does not fit the network");
        }
        m[i] = m[i].to(m_params[i].device()).contiguous();
        v[i] = v[i].to(m_params[i].device()).contiguous();
    }
    m_expAvg = std::move(m);
    m_expAvgSq = std::move(v);
    m_steps = steps;
}

} // namespace gan
