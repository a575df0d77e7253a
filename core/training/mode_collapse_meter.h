#pragma once
// The mode-collapse meter: every N iterations G draws 1,000 digits from the same noise,
// the embedded digit classifier labels them, and the meter reports the class histogram,
// its entropy (log 10 when G draws all ten digits equally often, 0 when it draws one) and
// the Fréchet distance between real and generated digits in the classifier's features.
// Runs on the training thread, between iterations (torch inside, behind plain interfaces),
// and shares its work with the threads of the engine's CPU passes.

#include "analysis_types.h"
#include "engine/digit_classifier.h"
#include "engine/frechet.h"

#include <memory>
#include <optional>

namespace gan {

class ModeCollapseMeter {
public:
    static constexpr int defaultInterval = 1000; // iterations between readings: one costs about 0.07 s on 2 cores, ~1% of training
    static constexpr int defaultSamples = 1000;  // generated digits per reading
    static constexpr int referenceCount = 1000;  // real digits the Fréchet distance compares with
    static constexpr double minAccuracy = 0.9;   // on the data's own labels, else "not available"

    explicit ModeCollapseMeter(int samples = defaultSamples);
    ~ModeCollapseMeter();

    // The classifier shipped in the app's resources; throws ClassifierError when missing or broken.
    static DigitClassifier loadEmbeddedClassifier();

    // Uses `classifier` instead of the embedded one (tests).
    void setClassifier(DigitClassifier classifier);

    // The real digits to compare with. Decides (lazily, at the next reading) whether the
    // classifier fits them: 28 x 28 images whose labels it predicts at least 90% right.
    void setData(const DigitDataset& data);

    // True when the next reading can measure (prepares on first use, labelling the real
    // digits through `run`; may take 0.1 s).
    bool available(const DigitClassifier::BlockRunner& run = {});
    QString unavailableReason() const { return m_reason; }

    // A reading of `engine`'s generator at its current iteration, on the threads of the
    // engine's CPU passes (GanEngine::runOnCpuThreads): the other cores do not idle meanwhile.
    MeterReading measure(const GanEngine& engine);
    // A reading of given images (count x rows*cols floats in [-1, 1]), the classifier's
    // blocks through `run` (empty: on this thread).
    MeterReading measureImages(const std::vector<float>& images, int count, qint64 iteration,
                               const DigitClassifier::BlockRunner& run = {});

    int samples() const { return m_samples; }

private:
    bool prepare(const DigitClassifier::BlockRunner& run);
    const std::vector<float>& noiseFor(int latentDim);

    int m_samples;
    std::optional<DigitClassifier> m_classifier;
    DigitDataset m_reference;       // up to referenceCount real digits with labels
    bool m_prepared = false;
    bool m_available = false;
    QString m_reason;
    GaussianStats m_realStats;
    std::vector<float> m_noise;     // samples x latent, fixed so readings compare
    int m_noiseLatent = 0;
};

} // namespace gan
