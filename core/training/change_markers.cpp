#include "change_markers.h"

#include <QStringList>

#include <cmath>

namespace gan {

ChangeMarkerList::ChangeMarkerList(qint64 mergeWindow, int capacity)
    : m_mergeWindow(qMax<qint64>(0, mergeWindow))
    , m_capacity(qMax(1, capacity))
{
}

void ChangeMarkerList::setBaseline(const LiveSettings& live)
{
    clear();
    m_current = live;
    m_haveBaseline = true;
}

void ChangeMarkerList::clear()
{
    m_markers.clear();
    m_before.clear();
    m_haveBaseline = false;
}

bool ChangeMarkerList::apply(const LiveSettings& live, qint64 atIteration)
{
    if (!m_haveBaseline) {
        setBaseline(live);
        return false;
    }
    if (live == m_current)
        return false;
    const LiveSettings before = m_current;
    m_current = live;
    if (!m_markers.isEmpty() && atIteration >= m_markers.last().iteration
        && atIteration - m_markers.last().iteration <= m_mergeWindow) {
        const QString merged = describe(m_before.last(), live);
        if (merged.isEmpty()) { // changed back: nothing to mark
            m_markers.removeLast();
            m_before.removeLast();
        } else {
            m_markers.last().label = merged;
        }
        return true;
    }
    m_markers.append({atIteration, describe(before, live)});
    m_before.append(before);
    if (m_markers.size() > m_capacity) {
        m_markers.removeFirst();
        m_before.removeFirst();
    }
    return true;
}

QString ChangeMarkerList::compactNumber(double v, bool scientific)
{
    if (!std::isfinite(v))
        return QString::number(v);
    if (!scientific || v == 0)
        return QString::number(v, 'g', 4);
    int exponent = int(std::floor(std::log10(std::abs(v))));
    double mantissa = v / std::pow(10.0, exponent);
    mantissa = std::round(mantissa * 100) / 100; // three significant digits
    if (std::abs(mantissa) >= 10) {
        mantissa /= 10;
        ++exponent;
    }
    if (exponent >= -2 && exponent <= 2)
        return QString::number(v, 'g', 3);
    return QStringLiteral("%1e%2").arg(QString::number(mantissa, 'g', 3)).arg(exponent);
}

QString ChangeMarkerList::lossName(GanLoss loss)
{
    switch (loss) {
    case GanLoss::Minimax: return QStringLiteral("minimax");
    case GanLoss::LeastSquares: return QStringLiteral("LSGAN");
    case GanLoss::NonSaturating: break;
    }
    return QStringLiteral("non-saturating");
}

QString ChangeMarkerList::describe(const LiveSettings& a, const LiveSettings& b)
{
    const QString arrow = QStringLiteral(" → ");
    QStringList parts;
    auto number = [&](const char* name, double x, double y, bool scientific) {
        if (x != y)
            parts << QLatin1String(name) + QLatin1Char(' ') + compactNumber(x, scientific) + arrow + compactNumber(y, scientific);
    };
    number("lr G", a.lrG, b.lrG, true);
    number("lr D", a.lrD, b.lrD, true);
    number("k", a.k, b.k, false);
    number("G steps", a.gSteps, b.gSteps, false);
    if (a.beta1 != b.beta1)
        parts << QStringLiteral("β1 %1%2%3").arg(compactNumber(a.beta1, false), arrow, compactNumber(b.beta1, false));
    if (a.beta2 != b.beta2)
        parts << QStringLiteral("β2 %1%2%3").arg(compactNumber(a.beta2, false), arrow, compactNumber(b.beta2, false));
    if (a.loss != b.loss)
        parts << QStringLiteral("loss %1%2%3").arg(lossName(a.loss), arrow, lossName(b.loss));
    return parts.join(QStringLiteral(", "));
}

} // namespace gan
