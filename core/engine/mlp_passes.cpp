#include "mlp_passes.h"

#include "mlp_kernels.h"

#include <algorithm>
#include <cstring>

namespace gan::mlp {
namespace {
constexpr float slope = 0.2f; // the seed's LeakyReLU(0.2)
}

GeneratorPass::GeneratorPass(ThreadTeam& team, int batch, int latent, int pixels)
    : m_team(team)
    , m_batch(batch)
    , m_dims{latent, 128, 256, 512, 1024, pixels}
{
    for (int k = 1; k <= 5; ++k)
        m_h[k].resize(static_cast<std::size_t>(batch) * m_dims[k]);
    for (int k = 1; k <= 4; ++k)
        m_grad[k].resize(static_cast<std::size_t>(batch) * m_dims[k]);
    for (int l = 0; l < 3; ++l) {
        m_xhat[l].resize(static_cast<std::size_t>(batch) * m_dims[l + 2]);
        m_invStd[l].resize(m_dims[l + 2]);
    }
}

const float* GeneratorPass::forward(const GeneratorView& g, const float* z)
{
    const int b = m_batch;
    m_z = z;
    // Each layer's BatchNorm and activation run in the blocks of its product, column by column.
    float* h1 = m_h[1].data();
    linearForward(m_team, z, b, m_dims[0], g.fc[0].weight, g.fc[0].bias, m_dims[1], h1,
                  [&](int first, int end) { leakyReluForward(h1, b, m_dims[1], first, end, slope); });
    for (int l = 1; l <= 3; ++l) {
        const BatchNormView& bn = g.bn[l - 1];
        const int cols = m_dims[l + 1];
        float* xhat = m_xhat[l - 1].data();
        float* y = m_h[l + 1].data();
        float* invStd = m_invStd[l - 1].data();
        linearForward(m_team, m_h[l].data(), b, m_dims[l], g.fc[l].weight, g.fc[l].bias, cols, xhat,
                      [&](int first, int end) {
                          batchNormForward(xhat, b, cols, first, end, bn.gamma, bn.beta, bn.eps, bn.momentum,
                                           bn.runningMean, bn.runningVar, invStd, y);
                          leakyReluForward(y, b, cols, first, end, slope);
                      });
        ++*bn.batchesTracked;
    }
    float* images = m_h[5].data();
    linearForward(m_team, m_h[4].data(), b, m_dims[4], g.fc[4].weight, g.fc[4].bias, m_dims[5], images,
                  [&](int first, int end) { tanhForward(images, b, m_dims[5], first, end); });
    return images;
}

void GeneratorPass::backward(const GeneratorView& g, float* dImages)
{
    const int b = m_batch;
    tanhBackward(dImages, m_h[5].data(), m_h[5].size());
    float* upstream = dImages; // dLoss/d(pre-activation of the layer being handled)
    for (int l = 4; l >= 1; --l) {
        const LinearView& fc = g.fc[l];
        linearParamGrad(m_team, upstream, m_h[l].data(), b, m_dims[l], m_dims[l + 1], fc.weightGrad, fc.biasGrad);
        float* down = m_grad[l].data();
        const int cols = m_dims[l];
        linearInputGrad(m_team, upstream, b, m_dims[l + 1], fc.weight, cols, down, [&](int first, int end) {
            leakyReluBackward(down, m_h[l].data(), b, cols, first, end, slope);
            if (l >= 2) { // layers 1..3 of G end in BatchNorm
                const BatchNormView& bn = g.bn[l - 2];
                batchNormBackward(down, m_xhat[l - 2].data(), b, cols, first, end, bn.gamma, m_invStd[l - 2].data(),
                                  bn.gammaGrad, bn.betaGrad);
            }
        });
        upstream = down;
    }
    linearParamGrad(m_team, upstream, m_z, b, m_dims[0], m_dims[1], g.fc[0].weightGrad, g.fc[0].biasGrad);
}

DiscriminatorPass::DiscriminatorPass(ThreadTeam& team, int batch, int pixels)
    : m_team(team)
    , m_batch(batch)
    , m_pixels(pixels)
    , m_x(static_cast<std::size_t>(2) * batch * pixels)
    , m_h0(static_cast<std::size_t>(2) * batch * 512)
    , m_h1(static_cast<std::size_t>(2) * batch * 256)
    , m_logits(static_cast<std::size_t>(2) * batch)
    , m_dh0(m_h0.size())
    , m_dh1(m_h1.size())
    , m_dx(static_cast<std::size_t>(batch) * pixels)
{
}

const float* DiscriminatorPass::forward(const DiscriminatorView& d, const float* images, int first, int rows)
{
    float* x = m_x.data() + static_cast<std::size_t>(first) * m_pixels;
    if (images != x)
        std::memcpy(x, images, sizeof(float) * rows * m_pixels);
    float* h0 = m_h0.data() + static_cast<std::size_t>(first) * 512;
    float* h1 = m_h1.data() + static_cast<std::size_t>(first) * 256;
    linearForward(m_team, x, rows, m_pixels, d.fc[0].weight, d.fc[0].bias, 512, h0,
                  [&](int first, int end) { leakyReluForward(h0, rows, 512, first, end, slope); });
    linearForward(m_team, h0, rows, 512, d.fc[1].weight, d.fc[1].bias, 256, h1,
                  [&](int first, int end) { leakyReluForward(h1, rows, 256, first, end, slope); });
    linearForward(m_team, h1, rows, 256, d.fc[2].weight, d.fc[2].bias, 1, m_logits.data() + first);
    return m_logits.data() + first;
}

void DiscriminatorPass::backToFirstLayer(const DiscriminatorView& d, const float* dLogits, int rows)
{
    linearInputGrad(m_team, dLogits, rows, 1, d.fc[2].weight, 256, m_dh1.data(), [&](int first, int end) {
        leakyReluBackward(m_dh1.data(), m_h1.data(), rows, 256, first, end, slope);
    });
    linearInputGrad(m_team, m_dh1.data(), rows, 256, d.fc[1].weight, 512, m_dh0.data(), [&](int first, int end) {
        leakyReluBackward(m_dh0.data(), m_h0.data(), rows, 512, first, end, slope);
    });
}

float* DiscriminatorPass::inputGradient(const DiscriminatorView& d, const float* dLogits)
{
    backToFirstLayer(d, dLogits, m_batch);
    linearInputGrad(m_team, m_dh0.data(), m_batch, 512, d.fc[0].weight, m_pixels, m_dx.data());
    return m_dx.data();
}

void DiscriminatorPass::parameterGradients(const DiscriminatorView& d, const float* dLogits)
{
    const int rows = 2 * m_batch;
    backToFirstLayer(d, dLogits, rows);
    linearParamGrad(m_team, dLogits, m_h1.data(), rows, 256, 1, d.fc[2].weightGrad, d.fc[2].biasGrad);
    linearParamGrad(m_team, m_dh1.data(), m_h0.data(), rows, 512, 256, d.fc[1].weightGrad, d.fc[1].biasGrad);
    linearParamGrad(m_team, m_dh0.data(), m_x.data(), rows, m_pixels, 512, d.fc[0].weightGrad, d.fc[0].biasGrad);
}

} // namespace gan::mlp
