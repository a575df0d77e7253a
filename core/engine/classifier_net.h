#pragma once
// The digit classifier's network. Private to the engine: include only from
// core/engine/*.cpp, never from a header that Qt code sees.

#include "digit_classifier.h"

#include <torch/torch.h>

namespace gan {

// 2x2 max pooling with stride 2 (floor mode), the same numbers as torch::max_pool2d(x, 2).
// Without autograd it takes the elementwise maximum of the four strided quarters: LibTorch
// 1.13's CPU max_pool2d also works out the argmax indices in scalar code, and was the
// largest single cost of a mode-collapse reading (about a third of it).
inline torch::Tensor maxPool2(const torch::Tensor& x)
{
    if (torch::GradMode::is_enabled() && x.requires_grad())
        return torch::max_pool2d(x, 2); // training: its gradient goes to one maximum per window
    const std::int64_t h = x.size(2) / 2 * 2, w = x.size(3) / 2 * 2;
    const auto even = x.slice(2, 0, h, 2), odd = x.slice(2, 1, h, 2);
    return torch::maximum(torch::maximum(even.slice(3, 0, w, 2), even.slice(3, 1, w, 2)),
                          torch::maximum(odd.slice(3, 0, w, 2), odd.slice(3, 1, w, 2)));
}

// Three 3x3 convolutions (16, 32, 64 channels), each with ReLU and 2x2 max pooling
// (28 -> 14 -> 7 -> 3), then Linear(576 -> 64) + ReLU (the features) and Linear(64 -> 10).
// About 61,000 parameters: 120 KB as float16.
struct ClassifierNetImpl : torch::nn::Module {
    ClassifierNetImpl()
        : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 16, 3).padding(1))))
        , conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 32, 3).padding(1))))
        , conv3(register_module("conv3", torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3).padding(1))))
        , fc1(register_module("fc1", torch::nn::Linear(64 * 3 * 3, DigitClassifier::featureDim)))
        , fc2(register_module("fc2", torch::nn::Linear(DigitClassifier::featureDim, DigitClassifier::classes)))
    {
    }

    // x: [n, 1, 28, 28] in [-1, 1]. Returns the features [n, 64]; logits via classify().
    torch::Tensor features(torch::Tensor x)
    {
        x = maxPool2(torch::relu(conv1(x)));
        x = maxPool2(torch::relu(conv2(x)));
        x = maxPool2(torch::relu(conv3(x)));
        return torch::relu(fc1(x.flatten(1)));
    }

    torch::Tensor logits(const torch::Tensor& features) { return fc2(features); }

    torch::nn::Conv2d conv1, conv2, conv3;
    torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(ClassifierNet);

} // namespace gan

namespace gan {

struct DigitClassifier::Impl {
    ClassifierNet net;
};

namespace detail {

// count images of 0-255 bytes as a [count, 1, 28, 28] float tensor in [-1, 1].
inline torch::Tensor bytesToImages(const std::uint8_t* pixels, std::int64_t count)
{
    return torch::from_blob(const_cast<std::uint8_t*>(pixels), {count, 1, DigitClassifier::side, DigitClassifier::side},
                            torch::kUInt8)
        .to(torch::kFloat)
        .div_(127.5)
        .sub_(1.0);
}

} // namespace detail
} // namespace gan
