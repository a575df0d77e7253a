// GanEngine::Impl::stepOnCpu: points the hand-written CPU passes (cpu_training_step.h) at the
// networks' tensors and runs one iteration with the engine's own noise, data and Adam.

#include "engine_impl.h"

namespace gan {
namespace {

float* floats(torch::Tensor& t) { return t.data_ptr<float>(); }

mlp::LinearView linearView(torch::nn::Linear& fc, torch::Tensor& weightGrad, torch::Tensor& biasGrad)
{
    return {floats(fc->weight), floats(fc->bias), floats(weightGrad), floats(biasGrad),
            static_cast<int>(fc->weight.size(1)), static_cast<int>(fc->weight.size(0))};
}

mlp::BatchNormView batchNormView(torch::nn::BatchNorm1d& bn, torch::Tensor& gammaGrad, torch::Tensor& betaGrad)
{
    return {floats(bn->weight), floats(bn->bias), floats(gammaGrad), floats(betaGrad), floats(bn->running_mean),
            floats(bn->running_var), bn->num_batches_tracked.data_ptr<std::int64_t>(),
            static_cast<float>(bn->options.eps()), static_cast<float>(bn->options.momentum().value_or(0.1))};
}

// Zero to start with; Adam zeroes them again after each step (adam.h).
std::vector<torch::Tensor> gradientBuffers(const std::vector<torch::Tensor>& params)
{
    std::vector<torch::Tensor> grads;
    for (const auto& p : params)
        grads.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
    return grads;
}

// Adam reads each parameter's .grad(); point them at the buffers the passes wrote.
void attach(std::vector<torch::Tensor>& params, const std::vector<torch::Tensor>& grads)
{
    for (std::size_t i = 0; i < params.size(); ++i)
        if (!params[i].grad().is_same(grads[i]))
            params[i].mutable_grad() = grads[i];
}

} // namespace

void GanEngine::Impl::buildCpuStep()
{
    if (cpuStep)
        return;
    cpuStep = std::make_unique<CpuPasses>(reset.batchSize, reset.latentDim, data.pixelsPerImage(), cpuThreads);
    gGrads = gradientBuffers(G->parameters());
    dGrads = gradientBuffers(D->parameters());
}

ThreadTeam* GanEngine::Impl::cpuTeam()
{
    if (!device.is_cpu() || autogradOnCpu)
        return nullptr;
    buildCpuStep();
    return &cpuStep->step.team();
}

IterationMetrics GanEngine::Impl::stepOnCpu()
{
    torch::NoGradGuard noGrad;
    G->train();
    D->train();
    auto gParams = G->parameters();
    auto dParams = D->parameters();
    buildCpuStep();
    // Parameter order as registered in networks.h: fc0 (w, b), fc1, bn1 (gamma, beta), fc2, bn2, fc3, bn3, out.
    auto& gg = gGrads;
    mlp::GeneratorView g;
    g.fc[0] = linearView(G->fc0, gg[0], gg[1]);
    g.fc[1] = linearView(G->fc1, gg[2], gg[3]);
    g.bn[0] = batchNormView(G->bn1, gg[4], gg[5]);
    g.fc[2] = linearView(G->fc2, gg[6], gg[7]);
    g.bn[1] = batchNormView(G->bn2, gg[8], gg[9]);
    g.fc[3] = linearView(G->fc3, gg[10], gg[11]);
    g.bn[2] = batchNormView(G->bn3, gg[12], gg[13]);
    g.fc[4] = linearView(G->out, gg[14], gg[15]);
    mlp::DiscriminatorView d;
    d.fc[0] = linearView(D->fc0, dGrads[0], dGrads[1]);
    d.fc[1] = linearView(D->fc1, dGrads[2], dGrads[3]);
    d.fc[2] = linearView(D->out, dGrads[4], dGrads[5]);
    attach(gParams, gGrads);
    attach(dParams, dGrads);

    torch::Tensor z, real; // kept alive while the passes read them
    CpuStepHooks hooks;
    hooks.noise = [&] {
        z = noise();
        return z.data_ptr<float>();
    };
    hooks.realBatch = [&] {
        real = nextRealBatch().contiguous();
        return real.data_ptr<float>();
    };
    hooks.stepGenerator = [&] {
        ++gStepCount;
        return optG->step(live.lrG, live.beta1, live.beta2, &cpuStep->step.team());
    };
    hooks.stepDiscriminator = [&] {
        optD->step(live.lrD, live.beta1, live.beta2, &cpuStep->step.team());
        ++dStepCount;
    };
    const CpuStepResult r = cpuStep->step.run(g, d, live, hooks, captureOutputs);
    ++iteration;

    IterationMetrics m;
    m.iteration = iteration;
    m.epoch = epoch;
    m.batchInEpoch = lastBatchInEpoch;
    m.dLoss = r.dLoss;
    m.gLoss = r.gLoss;
    m.dReal = r.dReal;
    m.dFake = r.dFake;
    m.value = r.value;
    m.gGradNorm = r.gGradNorm;
    m.loss = live.loss;
    if (captureOutputs) {
        captured.iteration = iteration;
        captured.real.assign(r.realProbs.begin(), r.realProbs.end());
        captured.fake.assign(r.fakeProbs.begin(), r.fakeProbs.end());
        captureOutputs = false;
    }
    return m;
}

} // namespace gan
