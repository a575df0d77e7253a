#pragma once
// Adam (Kingma & Ba), the same update as torch.optim.Adam without weight decay or
// amsgrad, with its state held here so that one fused pass per tensor updates the
// weights on the CPU (LibTorch's Adam makes about nine passes with temporaries), and
// so that checkpoints store it in a LibTorch-version-independent way.
// Private to the engine (torch types): include only from core/engine/*.cpp.

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gan {

class ThreadTeam;

// A copy of `t` in host memory, cut off from autograd: what the engine's in-memory
// restore points keep (a plain copy, where a checkpoint's archive also writes checksums).
inline torch::Tensor hostCopy(const torch::Tensor& t)
{
    return t.detach().to(torch::TensorOptions().device(torch::kCPU), /*non_blocking=*/false, /*copy=*/true);
}

class Adam {
public:
    explicit Adam(std::vector<torch::Tensor> params);

    // Drops every gradient, so the next backward allocates fresh ones (no zeroing pass).
    void clearGradients();
    // One Adam step over the parameters that have a gradient. On the CPU it also leaves
    // those gradients zero (the CPU passes add into them) and returns the sum of their
    // squares; gradients on other devices are left as they are and not counted.
    // With a team (thread_team.h), its threads share the CPU tensors' update, in blocks that
    // follow from the tensors' sizes alone: the results are the same with or without it.
    double step(double lr, double beta1, double beta2, ThreadTeam* team = nullptr);

    std::int64_t steps() const { return m_steps; }
    // Whether the last step updated every parameter on the CPU, and so checked them all:
    // then lastStepFinite() says whether every weight it wrote is finite.
    bool lastStepChecked() const { return m_lastStepChecked; }
    bool lastStepFinite() const { return m_lastStepFinite; }
    void save(torch::serialize::OutputArchive& archive) const;
    // Throws std::runtime_error when the stored state does not fit these parameters.
    void load(torch::serialize::InputArchive& archive);

    // The state as plain copies in host memory (an in-memory restore point), and back.
    struct State {
        std::vector<torch::Tensor> expAvg, expAvgSq;
        std::int64_t steps = 0;
    };
    State copyState() const;
    // Throws std::runtime_error when the state does not fit these parameters (nothing changes).
    void restoreState(const State& state);

private:
    // Checks m and v against the parameters and takes them over, on the parameters' devices.
    void adopt(std::vector<torch::Tensor> m, std::vector<torch::Tensor> v, std::int64_t steps);

    std::vector<torch::Tensor> m_params;
    std::vector<torch::Tensor> m_expAvg;
    std::vector<torch::Tensor> m_expAvgSq;
    std::int64_t m_steps = 0;
    bool m_lastStepChecked = false;
    bool m_lastStepFinite = true;

    // The CPU update's blocks, kept between steps to spare allocations.
    struct CpuTensor {
        float *p, *m, *v, *g;
        std::int64_t firstChunk; // its first entry in m_chunkSquares
        std::int64_t chunks;
    };
    struct CpuBlock {
        std::size_t tensor;
        std::int64_t start, end;
    };
    std::vector<CpuTensor> m_cpuTensors;
    std::vector<CpuBlock> m_cpuBlocks;
    std::vector<float> m_chunkSquares;  // each chunk's sum of g^2
    std::vector<char> m_blockFinite;
};

} // namespace gan
