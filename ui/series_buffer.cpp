#include "series_buffer.h"

#include <QtGlobal>

#include <cmath>

namespace gan {

SeriesBuffer::SeriesBuffer(int capacity)
    : m_capacity(qMax(4, capacity))
{
    m_bins.reserve(m_capacity);
}

void SeriesBuffer::append(double x, double y)
{
    if (!std::isfinite(x) || !std::isfinite(y)) {
        ++m_skipped;
        return;
    }
    ++m_samples;
    m_lastKey = x;
    m_open.sumX += x;
    m_open.sumY += y;
    ++m_open.n;
    if (m_open.n < m_binSize)
        return;
    m_bins.append(m_open);
    m_open = Bin{};
    // Completed bins plus one open bin must fit the capacity.
    if (m_bins.size() > m_capacity - 1)
        compact();
}

void SeriesBuffer::compact()
{
    QVector<Bin> merged;
    merged.reserve(m_capacity);
    for (int i = 0; i + 1 < m_bins.size(); i += 2) {
        const Bin& a = m_bins[i];
        const Bin& b = m_bins[i + 1];
        merged.append(Bin{a.sumX + b.sumX, a.sumY + b.sumY, a.n + b.n});
    }
    if (m_bins.size() % 2 == 1)
        merged.append(m_bins.last());
    m_bins = std::move(merged);
    m_binSize *= 2;
}

void SeriesBuffer::clear()
{
    m_bins.clear();
    m_open = Bin{};
    m_binSize = 1;
    m_skipped = 0;
    m_samples = 0;
    m_lastKey = 0;
}

int SeriesBuffer::size() const
{
    return int(m_bins.size()) + (m_open.n > 0 ? 1 : 0);
}

template <typename F>
QVector<double> SeriesBuffer::collect(F field) const
{
    QVector<double> out;
    out.reserve(size());
    for (const Bin& b : m_bins)
        out.append(field(b) / b.n);
    if (m_open.n > 0)
        out.append(field(m_open) / m_open.n);
    return out;
}

QVector<double> SeriesBuffer::keys() const
{
    return collect([](const Bin& b) { return b.sumX; });
}

QVector<double> SeriesBuffer::values() const
{
    return collect([](const Bin& b) { return b.sumY; });
}

bool SeriesBuffer::valueRange(double* lo, double* hi) const
{
    const QVector<double> v = values();
    if (v.isEmpty())
        return false;
    double a = v.first(), b = v.first();
    for (double y : v) {
        a = qMin(a, y);
        b = qMax(b, y);
    }
    *lo = a;
    *hi = b;
    return true;
}

} // namespace gan
