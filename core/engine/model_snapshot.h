#pragma once
// A frozen copy of the generator and the discriminator, taken from a GanEngine between
// iterations (GanEngine::snapshot()), so that another thread can decode latent vectors
// while the engine goes on training. The copy lives on the CPU and is used in eval mode
// (BatchNorm with its running statistics, so a batch of one works) without gradients.
//
// Torch-free handle: LibTorch stays in model_snapshot.cpp. A snapshot never changes after
// it is made; its const methods only read it and may run on any thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace gan {

// Latent directions that change G's output most (GANSpace-like): principal components of
// G's outputs over many random z, each mapped back to z by linear regression, then made
// orthonormal (most important first).
struct LatentDirections {
    int latentDim = 0;
    std::vector<float> vectors;    // count() x latentDim, orthonormal rows
    std::vector<double> explained; // share of G's output variance along each component
    std::int64_t iteration = -1;   // the snapshot's iteration they were computed from

    int count() const { return latentDim > 0 ? static_cast<int>(vectors.size() / latentDim) : 0; }
    bool empty() const { return vectors.empty(); }
};

class ModelSnapshot {
public:
    struct Impl;
    explicit ModelSnapshot(std::unique_ptr<Impl> impl); // made by GanEngine::snapshot()
    ~ModelSnapshot();
    ModelSnapshot(const ModelSnapshot&) = delete;
    ModelSnapshot& operator=(const ModelSnapshot&) = delete;

    std::int64_t iteration() const; // the engine's finished iterations when it was taken
    int latentDim() const;
    int rows() const;
    int cols() const;
    int pixelsPerImage() const { return rows() * cols(); }
    // The engine's fixed noise (GanEngine::fixedGridCount x latentDim) at that moment.
    const std::vector<float>& fixedNoise() const;

    // `count` images of rows*cols floats in [-1, 1] for `count` latent vectors; the same
    // computation as GanEngine::generate() on the CPU. Throws EngineError on a size mismatch.
    std::vector<float> generate(const float* z, int count) const;
    std::vector<float> generate(const std::vector<float>& z, int count) const;
    // D's probability that each of `count` images (rows*cols floats in [-1, 1]) is real.
    std::vector<float> discriminate(const float* images, int count) const;

    // PCA of G's outputs over `samples` latent draws from `seed`, regressed back onto z.
    // `keepGoing` is called between chunks of work (the caller may do other work there);
    // when it returns false the search stops and an empty result comes back.
    LatentDirections principalDirections(int count, int samples, std::uint64_t seed,
                                         const std::function<bool()>& keepGoing = {}) const;

private:
    std::unique_ptr<Impl> d;
};

} // namespace gan
