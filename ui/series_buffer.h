#pragma once
// A bounded (x, y) series for live plots. However long training runs, it holds at most
// capacity() points: when full, neighbouring points are merged pairwise (their means),
// and from then on each stored point stands for twice as many samples. Resolution stays
// uniform over the whole run. Non-finite samples (NaN, inf) are skipped, not stored.
// Plain value class, no widgets, so it is unit-testable.

#include <QVector>

namespace gan {

class SeriesBuffer {
public:
    explicit SeriesBuffer(int capacity = 4000); // at least 4
    void append(double x, double y);            // skipped (and counted) when x or y is not finite
    void clear();

    int size() const;          // points keys()/values() return; never above capacity()
    bool isEmpty() const { return size() == 0; }
    int capacity() const { return m_capacity; }
    int samplesPerPoint() const { return m_binSize; }
    qint64 skippedCount() const { return m_skipped; }
    qint64 sampleCount() const { return m_samples; } // finite samples appended since clear()

    // The points, oldest first (keys ascend when samples were appended in key order).
    // The newest point may be a partly filled bin.
    QVector<double> keys() const;
    QVector<double> values() const;
    // The newest sample's key (a bin's point sits at its mean key); 0 when empty.
    double lastSampleKey() const { return m_lastKey; }
    // Smallest and largest value among the points; false when empty.
    bool valueRange(double* lo, double* hi) const;

private:
    struct Bin {
        double sumX = 0;
        double sumY = 0;
        int n = 0;
    };
    void compact();
    template <typename F> QVector<double> collect(F field) const;

    QVector<Bin> m_bins; // completed bins
    Bin m_open;          // the bin being filled, up to m_binSize samples
    int m_capacity;
    int m_binSize = 1;
    qint64 m_skipped = 0;
    qint64 m_samples = 0;
    double m_lastKey = 0;
};

} // namespace gan
