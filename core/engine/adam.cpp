#include "adam.h"

#include <cmath>
#include <stdexcept>

namespace gan {
namespace {

struct FusedResult {
    double squares = 0;
    bool finite = true;
};

// p, m, v, g contiguous float32 on the CPU; the arithmetic of torch.optim.Adam:
// m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
// The same pass sums g^2 (for the gradient norm the views plot), checks that the new
// weights are finite (for the divergence check, at no extra pass), and zeroes g, so that the
// CPU passes add the next gradients into it without BLAS's zeroing pass: the loop is
// bound by memory traffic, and this spares two more passes over the gradients.
// Compiled for AVX-512, AVX2 and baseline x86-64, chosen at load time; with -fno-math-errno
// (set for this file) the square root and division vectorise.
// Not in sanitizer builds: the clones' load-time resolver runs before the sanitizer
// runtime is set up, and ThreadSanitizer's instrumentation of it crashes at start.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
FusedResult fusedAdamCpu(float* __restrict p, float* __restrict m, float* __restrict v, float* __restrict g,
                         std::int64_t n, float beta1, float beta2, float stepSize, float invSqrtBc2, float eps)
{
    const float oneMinusB1 = 1.0f - beta1;
    const float oneMinusB2 = 1.0f - beta2;
    FusedResult r;
    float notFinite = 0; // p - p is 0 for every finite p and NaN for an infinite or NaN one
    constexpr std::int64_t chunk = 4096; // float partial sums per chunk, added up in double
    for (std::int64_t start = 0; start < n; start += chunk) {
        const std::int64_t end = start + chunk < n ? start + chunk : n;
        float partial = 0;
#pragma omp simd reduction(+ : partial, notFinite)
        for (std::int64_t i = start; i < end; ++i) {
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
        r.squares += partial;
    }
    r.finite = notFinite == 0.0f;
    return r;
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

double Adam::step(double lr, double beta1, double beta2, double eps)
{
    torch::NoGradGuard noGrad;
    ++m_steps;
    const double bc1 = 1.0 - std::pow(beta1, static_cast<double>(m_steps));
    const double bc2 = 1.0 - std::pow(beta2, static_cast<double>(m_steps));
    const double stepSize = lr / bc1;
    std::vector<torch::Tensor> ps, gs, ms, vs; // tensors off the CPU, updated together
    double squares = 0;
    std::size_t fused = 0;
    m_lastStepFinite = true;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        auto& p = m_params[i];
        const auto& grad = p.grad();
        if (!grad.defined())
            continue;
        auto& m = m_expAvg[i];
        auto& v = m_expAvgSq[i];
        if (p.device().is_cpu() && p.scalar_type() == torch::kFloat && p.is_contiguous() && grad.is_contiguous()) {
            const FusedResult r = fusedAdamCpu(p.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(), grad.data_ptr<float>(), p.numel(),
                         static_cast<float>(beta1), static_cast<float>(beta2), static_cast<float>(stepSize),
                         static_cast<float>(1.0 / std::sqrt(bc2)), static_cast<float>(eps));
            squares += r.squares;
            m_lastStepFinite = m_lastStepFinite && r.finite;
            ++fused;
        } else {
            ps.push_back(p);
            gs.push_back(grad);
            ms.push_back(m);
            vs.push_back(v);
        }
    }
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
        for (const auto* t : {&m[i], &v[i]}) {
            if (!t->sizes().equals(m_params[i].sizes()) || t->scalar_type() != m_params[i].scalar_type())
                throw std::runtime_error("optimiser state does not fit the network");
        }
        m[i] = m[i].to(m_params[i].device()).contiguous();
        v[i] = v[i].to(m_params[i].device()).contiguous();
    }
    m_expAvg = std::move(m);
    m_expAvgSq = std::move(v);
    m_steps = steps.toInt();
}

} // namespace gan
