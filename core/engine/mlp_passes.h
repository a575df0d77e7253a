#pragma once
// The seed's generator and discriminator (networks.h) as forward and backward passes over
// plain arrays, for CPU training without autograd. The weights stay in LibTorch's tensors;
// the views below point into them (and into gradient buffers of the same shapes).

#include <cstdint>
#include <vector>

namespace gan {
class ThreadTeam; // thread_team.h: runs the passes' matrix products
}

namespace gan::mlp {

struct LinearView {
    const float* weight = nullptr; // [out, in]
    const float* bias = nullptr;   // [out]
    float* weightGrad = nullptr;
    float* biasGrad = nullptr;
    int in = 0, out = 0;
};

struct BatchNormView {
    const float* gamma = nullptr;
    const float* beta = nullptr;
    float* gammaGrad = nullptr;
    float* betaGrad = nullptr;
    float* runningMean = nullptr;
    float* runningVar = nullptr;
    std::int64_t* batchesTracked = nullptr;
    float eps = 1e-5f;
    float momentum = 0.1f;
};

// Linear(latent, 128), LeakyReLU; 3 x (Linear, BatchNorm1d, LeakyReLU); Linear(1024, pixels), Tanh.
struct GeneratorView {
    LinearView fc[5];
    BatchNormView bn[3]; // after fc[1], fc[2], fc[3]
};

// Linear(pixels, 512), LeakyReLU, Linear(512, 256), LeakyReLU, Linear(256, 1) (logits).
struct DiscriminatorView {
    LinearView fc[3];
};

// G's activations for one batch. forward() uses the batch's statistics in BatchNorm and
// moves its running statistics, as a LibTorch module in training mode does.
class GeneratorPass {
public:
    GeneratorPass(ThreadTeam& team, int batch, int latent, int pixels);
    const float* forward(const GeneratorView& g, const float* z); // returns images [batch, pixels]
    const float* images() const { return m_h[5].data(); }
    // From dLoss/dimages [batch, pixels] (overwritten): all of G's parameter gradients.
    void backward(const GeneratorView& g, float* dImages);

private:
    ThreadTeam& m_team;
    int m_batch;
    std::vector<int> m_dims;                 // latent, 128, 256, 512, 1024, pixels
    const float* m_z = nullptr;
    std::vector<float> m_h[6];               // layer outputs after activation; [0] unused
    std::vector<float> m_xhat[3], m_invStd[3];
    std::vector<float> m_grad[5];            // dLoss/d(layer 0..4 output)
};

// D's activations for up to 2 x batch rows: rows [0, batch) hold a generated batch and
// [batch, 2 batch) a real one, so D's step takes its weight gradients in one product each.
class DiscriminatorPass {
public:
    DiscriminatorPass(ThreadTeam& team, int batch, int pixels);
    // D on `rows` images starting at row `first` (the images are copied in); returns logits.
    const float* forward(const DiscriminatorView& d, const float* images, int first, int rows);
    const float* logits() const { return m_logits.data(); }
    // dLoss/dimages for rows [0, batch) given dLoss/dlogits there (a buffer the caller may
    // overwrite); D's gradients untouched.
    float* inputGradient(const DiscriminatorView& d, const float* dLogits);
    // D's parameter gradients over all 2 x batch rows given dLoss/dlogits for each.
    void parameterGradients(const DiscriminatorView& d, const float* dLogits);

private:
    void backToFirstLayer(const DiscriminatorView& d, const float* dLogits, int rows);

    ThreadTeam& m_team;
    int m_batch, m_pixels;
    std::vector<float> m_x, m_h0, m_h1, m_logits;
    std::vector<float> m_dh0, m_dh1, m_dx;
};

} // namespace gan::mlp
