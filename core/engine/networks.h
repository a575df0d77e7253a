#pragma once
// The seed's two networks, as LibTorch modules. Private to the engine: include only
// from core/engine/*.cpp, never from a header that Qt code sees.

#include <torch/torch.h>

namespace gan {

// G: Linear(latent->128), LeakyReLU(0.2); three blocks Linear -> BatchNorm1d(out, eps) ->
// LeakyReLU(0.2) for 128->256->512->1024; Linear(1024->pixels), Tanh. The seed passes 0.8
// as BatchNorm1d's second positional argument, which is eps (not momentum): kept as is.
struct GeneratorImpl : torch::nn::Module {
    GeneratorImpl(int latentDim, int pixels, double bnEps)
        : fc0(register_module("fc0", torch::nn::Linear(latentDim, 128)))
        , fc1(register_module("fc1", torch::nn::Linear(128, 256)))
        , bn1(register_module("bn1", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(256).eps(bnEps))))
        , fc2(register_module("fc2", torch::nn::Linear(256, 512)))
        , bn2(register_module("bn2", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(512).eps(bnEps))))
        , fc3(register_module("fc3", torch::nn::Linear(512, 1024)))
        , bn3(register_module("bn3", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(1024).eps(bnEps))))
        , out(register_module("out", torch::nn::Linear(1024, pixels)))
    {
    }

    torch::Tensor forward(torch::Tensor z)
    {
        auto x = torch::leaky_relu(fc0(z), 0.2);
        x = torch::leaky_relu(bn1(fc1(x)), 0.2);
        x = torch::leaky_relu(bn2(fc2(x)), 0.2);
        x = torch::leaky_relu(bn3(fc3(x)), 0.2);
        return torch::tanh(out(x));
    }

    torch::nn::Linear fc0, fc1;
    torch::nn::BatchNorm1d bn1;
    torch::nn::Linear fc2;
    torch::nn::BatchNorm1d bn2;
    torch::nn::Linear fc3;
    torch::nn::BatchNorm1d bn3;
    torch::nn::Linear out;
};
TORCH_MODULE(Generator);

// D: Linear(pixels->512), LeakyReLU(0.2), Linear(512->256), LeakyReLU(0.2), Linear(256->1), Sigmoid.
struct DiscriminatorImpl : torch::nn::Module {
    explicit DiscriminatorImpl(int pixels)
        : fc0(register_module("fc0", torch::nn::Linear(pixels, 512)))
        , fc1(register_module("fc1", torch::nn::Linear(512, 256)))
        , out(register_module("out", torch::nn::Linear(256, 1)))
    {
    }

    torch::Tensor forward(torch::Tensor x) { return torch::sigmoid(logits(std::move(x))); }

    // The output before the sigmoid (LSGAN's loss works on it).
    torch::Tensor logits(torch::Tensor x)
    {
        x = torch::leaky_relu(fc0(x), 0.2);
        x = torch::leaky_relu(fc1(x), 0.2);
        return out(x);
    }

    torch::nn::Linear fc0, fc1, out;
};
TORCH_MODULE(Discriminator);

} // namespace gan
