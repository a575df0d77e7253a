#include "metrics_log.h"

#include "metrics_csv.h"

namespace gan {

MetricsLog::MetricsLog(int capacity)
    : m_capacity(qMax(4, capacity))
{
}

void MetricsLog::append(const QVector<IterationMetrics>& items)
{
    for (const IterationMetrics& m : items) {
        m_rows.append(m);
        if (m_rows.size() <= m_capacity)
            continue;
        const int olderHalf = int(m_rows.size()) / 2;
        QVector<IterationMetrics> kept;
        kept.reserve(m_capacity);
        for (int i = 0; i < m_rows.size(); ++i) {
            if (i < olderHalf && i % 2 == 1) {
                ++m_dropped;
                continue;
            }
            kept.append(m_rows[i]);
        }
        m_rows = std::move(kept);
    }
}

void MetricsLog::addReading(const MeterReading& reading)
{
    if (reading.available)
        m_readings.insert(reading.iteration, reading);
}

void MetricsLog::clear()
{
    m_rows.clear();
    m_readings.clear();
    m_dropped = 0;
}

bool MetricsLog::writeCsv(QIODevice* device) const
{
    // Rows in iteration order; a reading with no row of its own (taken at a reset, or at an
    // iteration the log no longer keeps) gets a row with only the meter's columns.
    QByteArray chunk = metricsCsvHeader();
    auto reading = m_readings.constBegin();
    for (const IterationMetrics& m : m_rows) {
        for (; reading != m_readings.constEnd() && reading.key() < m.iteration; ++reading)
            chunk += metricsCsvReadingRow(reading.value());
        const bool joined = reading != m_readings.constEnd() && reading.key() == m.iteration;
        chunk += metricsCsvRow(m, joined ? &reading.value() : nullptr);
        if (joined)
            ++reading;
        if (chunk.size() > (1 << 20)) {
            if (device->write(chunk) != chunk.size())
                return false;
            chunk.clear();
        }
    }
    for (; reading != m_readings.constEnd(); ++reading)
        chunk += metricsCsvReadingRow(reading.value());
    return device->write(chunk) == chunk.size();
}

} // namespace gan
