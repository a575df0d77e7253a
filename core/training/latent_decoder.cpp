#include "latent_decoder.h"

#include "digit_grid.h"

#include <pthread.h>

#include <algorithm>
#include <cstring>

namespace gan {
namespace {

constexpr std::uint64_t directionSeed = 20140610; // fixed: the same G gives the same directions

QImage realDigitImage(const DigitDataset& data, int index)
{
    if (index < 0 || index >= data.count)
        return {};
    QImage img(data.cols, data.rows, QImage::Format_Grayscale8);
    const std::uint8_t* src = data.pixels.data() + static_cast<std::size_t>(index) * data.pixelsPerImage();
    for (int y = 0; y < data.rows; ++y)
        std::memcpy(img.scanLine(y), src + y * data.cols, data.cols);
    return img;
}

DecodeResult render(const DecodeRequest& request, const ExplorerFrame& frame)
{
    const ModelSnapshot& model = *frame.model;
    const int n = model.pixelsPerImage();
    const auto pixels = model.generate(request.z, request.count);
    DecodeResult r;
    r.kind = request.kind;
    r.id = request.id;
    r.iteration = model.iteration();
    if (request.kind != DecodeKind::Digit) {
        r.image = makeDigitGrid(pixels, request.count, std::max(1, request.columns), model.rows(), model.cols());
        return r;
    }
    const float* digit = pixels.data() + static_cast<std::size_t>(std::clamp(request.focus, 0, request.count - 1)) * n;
    r.pixels.assign(digit, digit + n);
    r.image = makeDigitImage(digit, model.rows(), model.cols());
    r.realProbability = model.discriminate(digit, 1).at(0);
    if (frame.realDigits) {
        r.nearest = frame.realDigits->find(digit);
        r.nearestImage = realDigitImage(frame.realDigits->data(), r.nearest.index);
    }
    return r;
}

} // namespace

LatentDecoder::LatentDecoder(QObject* parent)
    : QObject(parent)
{
    registerExplorerMetaTypes();
    m_thread = std::thread([this] {
        pthread_setname_np(pthread_self(), "latent decoder");
        loop();
    });
}

LatentDecoder::~LatentDecoder()
{
    {
        std::unique_lock lock(m_mutex);
        m_stop = true;
        m_wake.notify_all();
    }
    m_thread.join();
}

void LatentDecoder::setFrame(const ExplorerFrame& frame)
{
    std::unique_lock lock(m_mutex);
    m_frame = frame;
    for (Channel& c : m_channels)
        c.dirty = c.request.has_value();
    m_wake.notify_all();
}

ExplorerFrame LatentDecoder::frame() const
{
    std::unique_lock lock(m_mutex);
    return m_frame;
}

quint64 LatentDecoder::request(DecodeRequest request)
{
    std::unique_lock lock(m_mutex);
    request.id = ++m_nextId;
    request.count = std::max(1, request.count);
    Channel& c = m_channels[static_cast<int>(request.kind)];
    c.request = std::move(request);
    c.dirty = true;
    m_wake.notify_all();
    return m_nextId;
}

void LatentDecoder::cancel(DecodeKind kind)
{
    std::unique_lock lock(m_mutex);
    m_channels[static_cast<int>(kind)] = Channel{};
}

bool LatentDecoder::isStanding(DecodeKind kind) const
{
    std::unique_lock lock(m_mutex);
    return m_channels[static_cast<int>(kind)].request.has_value();
}

void LatentDecoder::requestDirections(int count, int samples)
{
    std::unique_lock lock(m_mutex);
    m_directionsCount = std::max(1, count);
    m_directionsSamples = samples;
    ++m_directionsGeneration; // a search under way for an older request stops
    m_wake.notify_all();
}

bool LatentDecoder::hasWorkLocked() const
{
    if (!m_frame.isValid())
        return false;
    if (m_directionsCount > 0)
        return true;
    return std::any_of(m_channels.begin(), m_channels.end(), [](const Channel& c) { return c.dirty; });
}

void LatentDecoder::loop()
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            while (!m_stop && !hasWorkLocked())
                m_wake.wait(lock);
            if (m_stop)
                return;
        }
        if (!decodeOne())
            findDirections();
    }
}

bool LatentDecoder::decodeOne()
{
    DecodeRequest request;
    ExplorerFrame frame;
    {
        std::unique_lock lock(m_mutex);
        if (m_stop || !m_frame.isValid())
            return false;
        auto it = std::find_if(m_channels.begin(), m_channels.end(), [](const Channel& c) { return c.dirty; });
        if (it == m_channels.end())
            return false;
        it->dirty = false;
        request = *it->request;
        frame = m_frame;
    }
    // A request made for another latent size (just before a reset) is dropped.
    if (request.z.size() != static_cast<std::size_t>(request.count) * frame.model->latentDim())
        return true;
    try {
        emit decoded(render(request, frame));
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
    }
    return true;
}

void LatentDecoder::findDirections()
{
    ExplorerFrame frame;
    int count = 0, samples = 0;
    quint64 generation = 0;
    {
        std::unique_lock lock(m_mutex);
        if (m_stop || !m_frame.isValid() || m_directionsCount <= 0)
            return;
        frame = m_frame;
        count = std::exchange(m_directionsCount, 0);
        samples = m_directionsSamples;
        generation = m_directionsGeneration;
    }
    // Between chunks of the search, serve the sliders first: they must stay responsive.
    auto keepGoing = [&] {
        while (decodeOne()) {
        }
        std::unique_lock lock(m_mutex);
        return !m_stop && generation == m_directionsGeneration;
    };
    try {
        const LatentDirections found = frame.model->principalDirections(count, samples, directionSeed, keepGoing);
        if (!found.empty())
            emit directionsReady(found);
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
    }
}

} // namespace gan
