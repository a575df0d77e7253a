#pragma once
// Values for the latent-space explorer that cross threads over queued signals: the
// models the training thread hands over, and what the decoder thread is asked and answers.

#include "engine/model_snapshot.h"
#include "nearest_digit.h"

#include <QImage>
#include <QMetaType>

#include <memory>
#include <vector>

namespace gan {

// What the explorer decodes with: a frozen copy of G and D (taken at most a few times a
// second while training runs, and after every reset, load, step and pause) and the
// training digits for the nearest-neighbour search. Cheap to copy: both are shared.
struct ExplorerFrame {
    std::shared_ptr<const ModelSnapshot> model;
    std::shared_ptr<const NearestDigitFinder> realDigits;

    bool isValid() const { return model != nullptr; }
    qint64 iteration() const { return model ? model->iteration() : -1; }
};

// The decoder keeps one standing request per kind and renders only the newest of each.
enum class DecodeKind { Digit, Strip, Walk };
inline constexpr int decodeKindCount = 3;

struct DecodeRequest {
    DecodeKind kind = DecodeKind::Digit;
    std::vector<float> z;   // count x latentDim values
    int count = 1;
    int columns = 1;        // Strip and Walk: the grid's columns
    int focus = 0;          // Digit: the row that is the digit; the others only share its batch
                            // (so a digit picked from the 5x5 grid is computed exactly as there)
    quint64 id = 0;         // set by LatentDecoder::request()
};

struct DecodeResult {
    DecodeKind kind = DecodeKind::Digit;
    quint64 id = 0;
    qint64 iteration = -1;          // of the snapshot that drew it
    QImage image;                   // Digit: one rows x cols image; Strip/Walk: a grid
    std::vector<float> pixels;      // Digit: its rows*cols values in [-1, 1]
    double realProbability = -1;    // Digit: D's probability that the digit is real
    NearestDigit nearest;           // Digit: the closest training digit
    QImage nearestImage;            // ... as an image
};

void registerExplorerMetaTypes();

} // namespace gan

Q_DECLARE_METATYPE(gan::ExplorerFrame)
Q_DECLARE_METATYPE(gan::DecodeResult)
Q_DECLARE_METATYPE(gan::LatentDirections)
