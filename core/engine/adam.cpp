#include "adam.h"

#include "helper_thread.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gan {
namespace {

// p, m, v, g contiguous float32 on the CPU; the arithmetic of torch.optim.Adam:
// m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
// Compiled for AVX-512, AVX2 and baseline x86-64, chosen at load time; with -fno-math-errno
// (set for this file) the square root and division vectorise.
// Not in sanitizer builds: the clones' load-time resolver runs before the sanitizer
// runtime is set up, and ThreadSanitizer's instrumentation of it crashes at start.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void fusedAdamCpu(float* __restrict p, float* __restrict m, float* __restrict v, const float* __restrict g,
                  std::int64_t n, float beta1, float beta2, float stepSize, float invSqrtBc2, float eps)
{
    const float oneMinusB1 = 1.0f - beta1;
    const float oneMinusB2 = 1.0f - beta2;
    for (std::int64_t i = 0; i < n; ++i) {
        const float gi = g[i];
        const float mi = beta1 * m[i] + oneMinusB1 * gi;
        const float vi = beta2 * v[i] + oneMinusB2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= stepSize * mi / (std::sqrt(vi) * invSqrtBc2 + eps);
    }
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

void Adam::step(double lr, double beta1, double beta2, double eps)
{
    torch::NoGradGuard noGrad;
    ++m_steps;
    const double bc1 = 1.0 - std::pow(beta1, static_cast<double>(m_steps));
    const double bc2 = 1.0 - std::pow(beta2, static_cast<double>(m_steps));
    const double stepSize = lr / bc1;
    std::vector<torch::Tensor> ps, gs, ms, vs; // tensors off the CPU, updated together
    struct Span {
        float *p, *m, *v;
        const float* g;
        std::int64_t n;
    };
    std::vector<Span> spans; // CPU tensors, updated by the fused loop
    std::vector<torch::Tensor> keep; // contiguous copies of gradients, alive until the loop ran
    std::int64_t total = 0;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        auto& p = m_params[i];
        const auto& grad = p.grad();
        if (!grad.defined())
            continue;
        auto& m = m_expAvg[i];
        auto& v = m_expAvgSq[i];
        if (p.device().is_cpu() && p.scalar_type() == torch::kFloat && p.is_contiguous()) {
            keep.push_back(grad.contiguous());
            spans.push_back({p.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(), keep.back().data_ptr<float>(),
                             p.numel()});
            total += p.numel();
        } else {
            ps.push_back(p);
            gs.push_back(grad);
            ms.push_back(m);
            vs.push_back(v);
        }
    }
    if (!spans.empty()) {
        // Elementwise, so the result is the same however the elements are shared out: the
        // first half of all elements on this thread, the second on the helper thread (small
        // updates, where waking it would cost more than it saves, all on this one).
        const auto b1 = static_cast<float>(beta1), b2 = static_cast<float>(beta2);
        const auto lrc = static_cast<float>(stepSize), inv = static_cast<float>(1.0 / std::sqrt(bc2));
        const auto e = static_cast<float>(eps);
        auto update = [&](std::int64_t from, std::int64_t to) { // element range [from, to) over all spans
            std::int64_t offset = 0;
            for (const Span& s : spans) {
                const std::int64_t a = std::max(from, offset), b = std::min(to, offset + s.n);
                if (a < b) {
                    const std::int64_t k = a - offset;
                    fusedAdamCpu(s.p + k, s.m + k, s.v + k, s.g + k, b - a, b1, b2, lrc, inv, e);
                }
                offset += s.n;
            }
        };
        constexpr std::int64_t worthSharing = 1 << 16;
        if (total < worthSharing)
            update(0, total);
        else
            runOnTwoThreads([&](int part) { part == 0 ? update(0, total / 2) : update(total / 2, total); });
    }
    if (ps.empty())
        return;
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
