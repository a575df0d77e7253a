// Divergence checks on the engine's weights: a loss can stay finite (BCE clamps its
// logarithms) while weights have already overflowed, so the weights are checked too.

#include "engine_impl.h"

namespace gan {

bool GanEngine::weightsFinite() const
{
    try {
        torch::NoGradGuard noGrad;
        std::vector<torch::Tensor> sums;
        // Adam checked every weight as it wrote them in this iteration's steps (on the CPU):
        // then only the few BatchNorm statistics are left to sum.
        const bool checked = d->weightsCheckedAt == d->iteration;
        if (checked && !d->weightsCheckedFinite)
            return false;
        for (const torch::nn::Module* m : {static_cast<const torch::nn::Module*>(d->G.get()),
                                           static_cast<const torch::nn::Module*>(d->D.get())}) {
            // A sum in double is NaN or infinite exactly when an element is (floats cannot overflow it).
            for (const auto& p : m->parameters())
                if (!checked)
                    sums.push_back(p.sum(torch::kDouble));
            for (const auto& b : m->buffers())
                if (b.is_floating_point())
                    sums.push_back(b.sum(torch::kDouble));
        }
        return sums.empty() || torch::stack(sums).isfinite().all().item<bool>();
    } catch (const c10::Error& e) {
        throw EngineError(std::string("checking the weights failed: ") + e.what_without_backtrace());
    }
}

} // namespace gan
