#pragma once
// Finds the training digit closest to a generated one (sum of squared grey-level
// differences over all pixels), so a class can ask whether G copies its data.
// Plain C++; fast enough for every frame of a slider drag on MNIST's 60,000 digits.

#include "engine/digit_dataset.h"

#include <cstdint>

namespace gan {

struct NearestDigit {
    int index = -1;         // into the data set; -1 when there is none
    int label = -1;
    double rmsGrey = 0;     // root-mean-square difference per pixel, in grey levels (0..255)
};

class NearestDigitFinder {
public:
    explicit NearestDigitFinder(DigitDataset data);

    // `image` holds rows*cols values in [-1, 1] (G's range), compared as the grey levels
    // they are shown with.
    NearestDigit find(const float* image) const;
    const DigitDataset& data() const { return m_data; }

private:
    DigitDataset m_data;
};

} // namespace gan
