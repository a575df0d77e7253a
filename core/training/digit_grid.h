#pragma once
// Turns generated or real images into one greyscale grid image, the way the seed's
// save_image(nrow=5) lays them out: tiles with a 2-pixel border, row by row.

#include "engine/digit_dataset.h"

#include <QImage>

#include <vector>

namespace gan {

// `pixels` holds `count` images of rows*cols values in [-1, 1] (the generator's range).
QImage makeDigitGrid(const std::vector<float>& pixels, int count, int columns, int rows, int cols);

// The first `count` images of a data set, in the same layout.
QImage makeRealGrid(const DigitDataset& data, int count, int columns);

// One image of rows*cols values in [-1, 1] as a greyscale QImage.
QImage makeDigitImage(const float* pixels, int rows, int cols);

// Which of the `count` tiles of a grid laid out as above holds the pixel `pixel` of the
// grid image (the borders count with the tile to their right and below); -1 outside.
int digitGridCellAt(QPoint pixel, int count, int columns, int rows, int cols);

} // namespace gan
