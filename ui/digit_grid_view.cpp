#include "digit_grid_view.h"

#include <QMouseEvent>
#include <QPainter>

namespace gan {

DigitGridView::DigitGridView(QWidget* parent)
    : QWidget(parent)
    , m_placeholder(tr("Preparing the networks…"))
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void DigitGridView::setImage(const QImage& image)
{
    m_image = image;
    update();
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
    p.fillRect(rect(), palette().color(QPalette::Window).darker(112));
    if (m_image.isNull()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    // Nearest neighbour (Qt::FastTransformation): no smoothing, pixels stay sharp.
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const QRect target = imageRect();
    p.drawImage(target, m_image.scaled(target.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation));
}

} // namespace gan
