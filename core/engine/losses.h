#pragma once
// The three loss variants (settings.h, GanLoss) as LibTorch expressions, plus the value
// function and G's gradient norm that the views plot. gan_theory.h has the same math on
// plain numbers, which the tests compare against. Private to the engine (torch types).

#include "settings.h"

#include <torch/torch.h>

#include <vector>

namespace gan::losses {

// G's loss on D's logits for a generated batch; `prob` is sigmoid(logit), computed once.
inline torch::Tensor generator(GanLoss loss, const torch::Tensor& logit, const torch::Tensor& prob,
                               const torch::Tensor& ones, const torch::Tensor& zeros)
{
    switch (loss) {
    case GanLoss::Minimax: // log(1 - D(G(z))), the paper's; BCE's clamp keeps it finite
        return -torch::binary_cross_entropy(prob, zeros);
    case GanLoss::LeastSquares: // (l - c)^2 / 2 with c = 0
        return logit.square().mean().mul(0.5);
    case GanLoss::NonSaturating:
        break;
    }
    return torch::binary_cross_entropy(prob, ones); // -log D(G(z)), the seed's
}

// D's loss on a real and a generated batch.
inline torch::Tensor discriminator(GanLoss loss, const torch::Tensor& realLogit, const torch::Tensor& realProb,
                                   const torch::Tensor& fakeLogit, const torch::Tensor& fakeProb,
                                   const torch::Tensor& ones, const torch::Tensor& zeros)
{
    if (loss == GanLoss::LeastSquares) // ((l(x) - b)^2 + (l(G(z)) - a)^2) / 2 with b = 1, a = -1
        return (realLogit.sub(1).square().mean() + fakeLogit.add(1).square().mean()).mul(0.5);
    return (torch::binary_cross_entropy(realProb, ones) + torch::binary_cross_entropy(fakeProb, zeros)) / 2;
}

// V(D,G) = mean log D(x) + mean log(1 - D(G(z))); with the BCE D loss it is -2 * D loss.
inline torch::Tensor value(GanLoss loss, const torch::Tensor& dLoss, const torch::Tensor& realProb,
                           const torch::Tensor& fakeProb, const torch::Tensor& ones, const torch::Tensor& zeros)
{
    torch::NoGradGuard noGrad;
    if (loss != GanLoss::LeastSquares)
        return dLoss.detach().mul(-2);
    return -(torch::binary_cross_entropy(realProb.detach(), ones) + torch::binary_cross_entropy(fakeProb.detach(), zeros));
}

// The L2 norm of all gradients of `params` together, as a 0-d tensor (no host sync).
inline torch::Tensor gradientNorm(const std::vector<torch::Tensor>& params)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> norms;
    norms.reserve(params.size());
    for (const auto& p : params)
        if (p.grad().defined())
            norms.push_back(p.grad().norm());
    if (norms.empty())
        return torch::zeros({}, params.empty() ? torch::TensorOptions() : params.front().options());
    return torch::stack(norms).norm();
}

} // namespace gan::losses
