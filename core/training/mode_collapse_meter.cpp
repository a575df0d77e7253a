#include "mode_collapse_meter.h"

#include "engine/gan_theory.h"

#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cmath>
#include <random>

namespace gan {
namespace {

constexpr std::uint64_t meterNoiseSeed = 20140610; // fixed: every reading sees the same z

} // namespace

ModeCollapseMeter::ModeCollapseMeter(int samples)
    : m_samples(std::max(2, samples))
{
}

ModeCollapseMeter::~ModeCollapseMeter() = default;

DigitClassifier ModeCollapseMeter::loadEmbeddedClassifier()
{
    QFile f(QStringLiteral(":/classifier/mnist-classifier.bin"));
    if (!f.open(QIODevice::ReadOnly))
        throw ClassifierError("the digit classifier is missing from this build");
    const QByteArray bytes = f.readAll();
    return DigitClassifier::fromBytes(std::string_view(bytes.constData(), std::size_t(bytes.size())));
}

void ModeCollapseMeter::setClassifier(DigitClassifier classifier)
{
    m_classifier = std::move(classifier);
    m_prepared = false;
}

void ModeCollapseMeter::setData(const DigitDataset& data)
{
    const int n = std::min(data.count, referenceCount);
    const std::size_t pixels = static_cast<std::size_t>(n) * data.pixelsPerImage();
    m_reference = DigitDataset{};
    m_reference.name = data.name;
    m_reference.count = n;
    m_reference.rows = data.rows;
    m_reference.cols = data.cols;
    m_reference.pixels.assign(data.pixels.begin(), data.pixels.begin() + std::ptrdiff_t(std::min(pixels, data.pixels.size())));
    m_reference.labels.assign(data.labels.begin(), data.labels.begin() + std::min<std::ptrdiff_t>(n, std::ptrdiff_t(data.labels.size())));
    m_prepared = false;
}

bool ModeCollapseMeter::available(const DigitClassifier::BlockRunner& run)
{
    if (!m_prepared)
        m_available = prepare(run);
    return m_available;
}

bool ModeCollapseMeter::prepare(const DigitClassifier::BlockRunner& run)
{
    m_prepared = true;
    m_reason.clear();
    if (!m_classifier) {
        try {
            m_classifier = loadEmbeddedClassifier();
        } catch (const std::exception& e) {
            m_reason = QStringLiteral("Not available: %1.").arg(QString::fromStdString(e.what()));
            return false;
        }
    }
    if (m_reference.count < 2) {
        m_reason = QStringLiteral("Not available: no real digits to compare with yet.");
        return false;
    }
    if (m_reference.rows != DigitClassifier::side || m_reference.cols != DigitClassifier::side) {
        m_reason = QStringLiteral("Not available for this data set: the digit classifier reads 28 × 28 MNIST digits.");
        return false;
    }
    try {
        const DigitClassifier::Result real = m_classifier->classify(m_reference, -1, run);
        int right = 0;
        const int labelled = std::min<int>(int(m_reference.labels.size()), int(real.labels.size()));
        for (int i = 0; i < labelled; ++i)
            right += real.labels[i] == m_reference.labels[i];
        const double accuracy = labelled > 0 ? double(right) / labelled : 0.0;
        if (accuracy < minAccuracy) {
            m_reason = QStringLiteral("Not available for this data set: the meter's classifier knows MNIST digits "
                                      "only (it labels just %1% of these images right).")
                           .arg(100 * accuracy, 0, 'f', 0);
            return false;
        }
        m_realStats = gaussianStats(real.features.data(), int(real.labels.size()), DigitClassifier::featureDim);
    } catch (const std::exception& e) {
        m_reason = QStringLiteral("Not available: %1.").arg(QString::fromStdString(e.what()));
        return false;
    }
    return true;
}

const std::vector<float>& ModeCollapseMeter::noiseFor(int latentDim)
{
    if (m_noiseLatent != latentDim || m_noise.empty()) {
        std::mt19937_64 rng(meterNoiseSeed);
        std::normal_distribution<float> normal(0.0f, 1.0f);
        m_noise.resize(static_cast<std::size_t>(m_samples) * latentDim);
        for (float& v : m_noise)
            v = normal(rng);
        m_noiseLatent = latentDim;
    }
    return m_noise;
}

MeterReading ModeCollapseMeter::measure(const GanEngine& engine)
{
    const DigitClassifier::BlockRunner run = [&engine](int blocks, const std::function<void(int)>& block) {
        engine.runOnCpuThreads(blocks, block);
    };
    if (!available(run)) {
        MeterReading r;
        r.iteration = engine.iteration();
        r.reason = m_reason;
        return r;
    }
    QElapsedTimer clock;
    clock.start();
    const int latent = engine.resetSettings().latentDim;
    const std::vector<float> images = engine.generate(noiseFor(latent), m_samples);
    MeterReading r = measureImages(images, m_samples, engine.iteration(), run);
    r.seconds = clock.nsecsElapsed() / 1e9;
    return r;
}

MeterReading ModeCollapseMeter::measureImages(const std::vector<float>& images, int count, qint64 iteration,
                                              const DigitClassifier::BlockRunner& run)
{
    MeterReading r;
    r.iteration = iteration;
    if (!available(run)) {
        r.reason = m_reason;
        return r;
    }
    const std::size_t pixels = std::size_t(DigitClassifier::side) * DigitClassifier::side;
    if (count <= 0 || images.size() < static_cast<std::size_t>(count) * pixels) {
        r.reason = QStringLiteral("Not available: no generated digits of 28 × 28 pixels.");
        return r;
    }
    const auto end = images.begin() + std::ptrdiff_t(count * pixels);
    if (!std::all_of(images.begin(), end, [](float v) { return std::isfinite(v); })) {
        r.reason = QStringLiteral("Not available: G draws non-finite pixels (NaN), so there is nothing to classify.");
        return r;
    }
    QElapsedTimer clock;
    clock.start();
    const DigitClassifier::Result labelled = m_classifier->classify(images.data(), count, run);
    r.available = true;
    r.samples = count;
    r.classCounts = QVector<int>(DigitClassifier::classes, 0);
    for (int label : labelled.labels)
        if (label >= 0 && label < DigitClassifier::classes)
            ++r.classCounts[label];
    r.entropy = theory::entropy(std::vector<double>(r.classCounts.begin(), r.classCounts.end()));
    r.frechet = frechetDistance(m_realStats, gaussianStats(labelled.features.data(), count, DigitClassifier::featureDim));
    r.seconds = clock.nsecsElapsed() / 1e9;
    return r;
}

} // namespace gan
