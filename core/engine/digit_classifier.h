#pragma once
// A small convolutional MNIST digit classifier: the mode-collapse meter labels generated
// digits with it and compares real and generated digits in its 64-number feature space.
// Trained by `gan-train-classifier` on the embedded training digits; the weights ship
// under resources/classifier/ in a compact float16 file. LibTorch stays in the .cpp files.
//
// Not thread-safe: one thread uses an instance at a time (classify() may hand its blocks
// to other threads meanwhile).

#include "digit_dataset.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gan {

class ClassifierError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ClassifierTraining {
    int epochs = 15;
    int batchSize = 64;
    double learningRate = 1e-3; // Adam; halved at 60% and again at 80% of the epochs
    int maxShift = 2;           // augmentation: each digit moved by up to this many pixels
    std::uint64_t seed = 1;
    // Called after each epoch with the epoch (1-based), the mean training loss and the
    // accuracy on the test set.
    std::function<void(int epoch, double trainLoss, double testAccuracy)> progress;
};

class DigitClassifier {
public:
    static constexpr int side = 28;        // 28 x 28 images
    static constexpr int classes = 10;
    static constexpr int featureDim = 64;  // the penultimate layer, used for the Fréchet distance

    explicit DigitClassifier(std::uint64_t seed = 1); // untrained
    ~DigitClassifier();
    DigitClassifier(DigitClassifier&&) noexcept;
    DigitClassifier& operator=(DigitClassifier&&) noexcept;

    // The weights file: magic "GSDC", a version, then each tensor's shape and float16 values
    // (little-endian). fromBytes throws ClassifierError on anything that does not fit.
    static DigitClassifier fromBytes(std::string_view bytes);
    std::string toBytes() const;

    struct Result {
        std::vector<int> labels;      // count predicted classes 0-9
        std::vector<float> features;  // count * featureDim
    };
    // Runs block(i) for each i in [0, blocks), on several threads at once where it can
    // (GanEngine::runOnCpuThreads); empty: on the calling thread.
    using BlockRunner = std::function<void(int blocks, const std::function<void(int)>& block)>;
    // `images`: count images of 28 x 28 floats in [-1, 1] (the generator's range), labelled
    // in blocks of 250 through `run`. The results do not depend on the runner.
    Result classify(const float* images, int count, const BlockRunner& run = {}) const;
    // The same for a data set's images (0-255); `limit` caps how many (from the start).
    Result classify(const DigitDataset& data, int limit = -1, const BlockRunner& run = {}) const;
    // Fraction of `data` (up to `limit` images) whose predicted class equals its label.
    double accuracy(const DigitDataset& data, int limit = -1) const;

    // Trains on `train` and returns the accuracy on `test`. Throws ClassifierError when the
    // images are not 28 x 28 or a set is empty.
    double train(const DigitDataset& train, const DigitDataset& test, const ClassifierTraining& options);

    std::int64_t parameterCount() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace gan
