#pragma once
// Every iteration's metrics and every meter reading of the current run, for the window's
// CSV export (the same columns as `--headless --metrics`). Bounded: past capacity() rows,
// every other row of the older half is dropped (the first row always stays), so a very
// long run keeps all recent iterations and an ever coarser record of older ones.

#include "analysis_types.h"

#include <QIODevice>
#include <QMap>
#include <QVector>

namespace gan {

class MetricsLog {
public:
    explicit MetricsLog(int capacity = 500000); // at least 4 rows

    void append(const QVector<IterationMetrics>& items);
    void addReading(const MeterReading& reading); // unavailable readings are not kept
    void clear();

    int size() const { return int(m_rows.size()); }
    int capacity() const { return m_capacity; }
    qint64 droppedCount() const { return m_dropped; }
    const QVector<IterationMetrics>& rows() const { return m_rows; }
    int readingCount() const { return int(m_readings.size()); }

    // Header and one row per kept iteration, readings joined by iteration. False when the
    // device refuses a write.
    bool writeCsv(QIODevice* device) const;

private:
    QVector<IterationMetrics> m_rows;
    QMap<qint64, MeterReading> m_readings;
    int m_capacity;
    qint64 m_dropped = 0;
};

} // namespace gan
