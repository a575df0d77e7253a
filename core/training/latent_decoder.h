#pragma once
// Decodes latent vectors for the explorer on a thread of its own, so that dragging a
// slider never waits for training and never blocks the GUI. It works on the newest frame
// (a frozen copy of G and D from the training thread) and keeps one standing request per
// kind (digit, strip, walk): a newer request of a kind replaces an older one that has not
// started, so only the newest is ever rendered. A new frame renders the standing requests
// again, which is how the images follow the live generator.
//
// All methods are called from the thread that owns the object; results come back as
// signals from the decoder thread (queued to receivers elsewhere).

#include "explorer_types.h"

#include <QObject>

#include <array>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace gan {

class LatentDecoder : public QObject {
    Q_OBJECT
public:
    static constexpr int directionSamples = 3000;

    explicit LatentDecoder(QObject* parent = nullptr);
    ~LatentDecoder() override;

    // The models to decode with from now on; standing requests are rendered again.
    void setFrame(const ExplorerFrame& frame);
    ExplorerFrame frame() const;

    // Replaces the standing request of its kind; returns its id (increasing).
    quint64 request(DecodeRequest request);
    // Forgets the standing request of a kind (e.g. its view is hidden): no more renders.
    void cancel(DecodeKind kind);
    bool isStanding(DecodeKind kind) const; // a request of this kind is kept for redrawing

    // Principal directions of the current frame's G (computed in pieces between decodes).
    void requestDirections(int count, int samples = directionSamples);

signals:
    void decoded(const gan::DecodeResult& result);
    void directionsReady(const gan::LatentDirections& directions);
    void failed(const QString& message);

private:
    struct Channel {
        std::optional<DecodeRequest> request;
        bool dirty = false;
    };
    void loop();
    bool decodeOne();                 // renders the most urgent dirty request; false if none
    bool hasWorkLocked() const;
    void findDirections();

    mutable std::mutex m_mutex; // std:: so ThreadSanitizer sees the waits (Qt is not instrumented)
    std::condition_variable m_wake;
    ExplorerFrame m_frame;
    std::array<Channel, decodeKindCount> m_channels;
    quint64 m_nextId = 0;
    int m_directionsCount = 0;        // > 0: a directions request is waiting
    int m_directionsSamples = directionSamples;
    quint64 m_directionsGeneration = 0;
    bool m_stop = false;
    std::thread m_thread; // std:: so ThreadSanitizer sees the join; started last in the constructor
};

} // namespace gan
