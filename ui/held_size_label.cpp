#include "held_size_label.h"

#include <QFontMetrics>
#include <QLabel>

#include <algorithm>

namespace gan {

void holdSize(QLabel* l, const QStringList& widest)
{
    const QFontMetrics metrics(l->font());
    int width = 0;
    for (const QString& text : widest)
        width = std::max(width, metrics.horizontalAdvance(text));
    const QMargins m = l->contentsMargins();
    l->setFixedSize(width + m.left() + m.right() + 2 * l->margin() + 4, l->sizeHint().height());
}

} // namespace gan
