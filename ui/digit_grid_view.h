#pragma once
// Shows a small digit grid image as large as the widget allows, keeping its aspect
// ratio and scaling with nearest-neighbour sampling so every pixel stays a crisp square.
//
// The scaled picture is made once per image and size, in the window's own pixel format,
// so a repaint only copies it. Scaling or converting in paintEvent made Qt hand each
// repaint's rows to its thread pool: dozens of thread wake-ups a second while training,
// each taking a core from the training threads for a moment.

#include <QImage>
#include <QWidget>

namespace gan {

class DigitGridView : public QWidget {
    Q_OBJECT
public:
    explicit DigitGridView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    void setPlaceholderText(const QString& text);

    // Where the image is drawn now, in widget coordinates (empty without an image).
    QRect imageRect() const;

    QSize sizeHint() const override { return {320, 320}; }
    QSize minimumSizeHint() const override { return {152, 152}; }

signals:
    // A left click on the image, at this pixel of the image (not of the widget).
    void imageClicked(QPoint imagePixel);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

    void resizeEvent(QResizeEvent* event) override;

private:
    QImage m_image;
    QImage m_scaled; // m_image at imageRect()'s size in device pixels, as RGB32; made by paintEvent
    QString m_placeholder;
};

} // namespace gan
