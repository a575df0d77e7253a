#include "digit_grid_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QRegion>

#include <vector>

namespace gan {

DigitGridView::DigitGridView(QWidget* parent)
    : QWidget(parent)
    , m_placeholder(tr("Preparing the networks…"))
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

namespace {

// Nearest-neighbour scaling into RGB32, each target pixel taking the source pixel under its
// centre (as Qt::FastTransformation does), in plain loops on this thread.
QImage scaledNearest(const QImage& image, QSize size)
{
    const QImage src = image.format() == QImage::Format_RGB32 ? image : image.convertToFormat(QImage::Format_RGB32);
    QImage out(size, QImage::Format_RGB32);
    if (src.isNull() || out.isNull())
        return {};
    std::vector<int> column(size_t(size.width()));
    for (int x = 0; x < size.width(); ++x)
        column[size_t(x)] = int((2 * qint64(x) + 1) * src.width() / (2 * qint64(size.width())));
    for (int y = 0; y < size.height(); ++y) {
        const int sy = int((2 * qint64(y) + 1) * src.height() / (2 * qint64(size.height())));
        const auto* from = reinterpret_cast<const QRgb*>(src.constScanLine(sy));
        auto* to = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < size.width(); ++x)
            to[x] = from[column[size_t(x)]];
    }
    return out;
}

} // namespace

void DigitGridView::setImage(const QImage& image)
{
    m_image = image;
    m_scaled = {};
    update();
}

void DigitGridView::resizeEvent(QResizeEvent* event)
{
    m_scaled = {};
    QWidget::resizeEvent(event);
}

void DigitGridView::setPlaceholderText(const QString& text)
{
    m_placeholder = text;
    update();
}

QRect DigitGridView::imageRect() const
{
    if (m_image.isNull())
        return {};
    const QSize fitted = m_image.size().scaled(size(), Qt::KeepAspectRatio);
    const QPoint topLeft((width() - fitted.width()) / 2, (height() - fitted.height()) / 2);
    return {topLeft, fitted};
}

void DigitGridView::mousePressEvent(QMouseEvent* event)
{
    const QRect target = imageRect();
    if (event->button() != Qt::LeftButton || !target.contains(event->position().toPoint())) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QPointF local = event->position() - target.topLeft();
    emit imageClicked(QPoint(static_cast<int>(local.x() * m_image.width() / target.width()),
                             static_cast<int>(local.y() * m_image.height() / target.height())));
}

void DigitGridView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QColor background = palette().color(QPalette::Window).darker(112);
    if (m_image.isNull()) {
        p.fillRect(rect(), background);
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const QRect target = imageRect();
    for (const QRect& margin : QRegion(rect()).subtracted(target))
        p.fillRect(margin, background);
    // In device pixels, so that a high-DPI screen shows every pixel sharp too.
    const qreal ratio = devicePixelRatioF();
    const QSize pixels = (QSizeF(target.size()) * ratio).toSize();
    if (m_scaled.size() != pixels || m_scaled.devicePixelRatio() != ratio) {
        m_scaled = scaledNearest(m_image, pixels);
        m_scaled.setDevicePixelRatio(ratio);
    }
    p.drawImage(target.topLeft(), m_scaled);
}

} // namespace gan
