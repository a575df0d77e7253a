#include "held_size_label.h"

#include <QFontMetrics>
#include <QEvent>
#include <QLabel>

#include <algorithm>

namespace gan {
namespace {

// Sets the label's fixed size from its font, and again whenever the font can have changed:
// at construction a label does not yet have the font of the window it goes into (seen: lines
// of 14 pixels there, of 17 in the window), and a size from then cut its text off.
class HeldSize : public QObject {
public:
    HeldSize(QLabel* label, QStringList widest)
        : QObject(label)
        , m_label(label)
        , m_widest(std::move(widest))
    {
        label->installEventFilter(this);
        apply();
    }

    void apply()
    {
        const QFontMetrics metrics(m_label->font());
        int width = 0, height = 0;
        for (const QString& text : m_widest) {
            for (const QString& line : text.split(QLatin1Char('\n')))
                width = std::max(width, metrics.horizontalAdvance(line));
            height = std::max(height, metrics.boundingRect(QRect(0, 0, 1 << 20, 1 << 20), Qt::AlignLeft | Qt::AlignTop, text).height());
        }
        const QMargins m = m_label->contentsMargins();
        const int frame = 2 * m_label->margin();
        m_label->setFixedSize(width + m.left() + m.right() + frame + 4,
                              std::max(m_label->sizeHint().height(), height + m.top() + m.bottom() + frame));
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_label
            && (event->type() == QEvent::Polish || event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange))
            apply();
        return false;
    }

private:
    QLabel* m_label;
    QStringList m_widest;
};

} // namespace

void holdSize(QLabel* l, const QStringList& widest) { new HeldSize(l, widest); }

} // namespace gan
