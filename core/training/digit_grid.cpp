#include "digit_grid.h"

#include <algorithm>
#include <cmath>

namespace gan {
namespace {
constexpr int border = 2;

uchar toGrey(float v)
{
    if (!std::isfinite(v))
        return 0;
    const float x = (std::clamp(v, -1.0f, 1.0f) + 1.0f) * 127.5f;
    return static_cast<uchar>(std::lround(x));
}

template <typename PixelAt>
QImage layout(int count, int columns, int rows, int cols, PixelAt pixelAt)
{
    if (count <= 0 || columns <= 0 || rows <= 0 || cols <= 0)
        return {};
    const int gridRows = (count + columns - 1) / columns;
    QImage img(columns * (cols + border) + border, gridRows * (rows + border) + border, QImage::Format_Grayscale8);
    img.fill(0);
    for (int i = 0; i < count; ++i) {
        const int x0 = border + (i % columns) * (cols + border);
        const int y0 = border + (i / columns) * (rows + border);
        for (int y = 0; y < rows; ++y) {
            uchar* line = img.scanLine(y0 + y) + x0;
            for (int x = 0; x < cols; ++x)
                line[x] = pixelAt(i, y * cols + x);
        }
    }
    return img;
}

} // namespace

QImage makeDigitGrid(const std::vector<float>& pixels, int count, int columns, int rows, int cols)
{
    count = std::min<int>(count, static_cast<int>(pixels.size() / std::max(1, rows * cols)));
    return layout(count, columns, rows, cols,
                  [&](int i, int p) { return toGrey(pixels[static_cast<std::size_t>(i) * rows * cols + p]); });
}

QImage makeRealGrid(const DigitDataset& data, int count, int columns)
{
    count = std::min(count, data.count);
    const int n = data.pixelsPerImage();
    return layout(count, columns, data.rows, data.cols,
                  [&](int i, int p) { return data.pixels[static_cast<std::size_t>(i) * n + p]; });
}

int digitGridCellAt(QPoint pixel, int count, int columns, int rows, int cols)
{
    if (count <= 0 || columns <= 0 || rows <= 0 || cols <= 0 || pixel.x() < 0 || pixel.y() < 0)
        return -1;
    const int column = pixel.x() / (cols + border);
    const int row = pixel.y() / (rows + border);
    const int index = row * columns + column;
    return column < columns && index < count ? index : -1;
}

QImage makeDigitImage(const float* pixels, int rows, int cols)
{
    QImage img(cols, rows, QImage::Format_Grayscale8);
    for (int y = 0; y < rows; ++y) {
        uchar* line = img.scanLine(y);
        for (int x = 0; x < cols; ++x)
            line[x] = toGrey(pixels[y * cols + x]);
    }
    return img;
}

} // namespace gan
