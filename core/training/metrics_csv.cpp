#include "metrics_csv.h"

#include "engine/gan_theory.h"

#include <cmath>
#include <cstdio>

namespace gan {

QByteArray metricsCsvHeader()
{
    return QByteArrayLiteral("iteration,epoch,batch,d_loss,g_loss,d_real,d_fake,"
                             "value,jsd_estimate,g_grad_norm,loss,class_entropy,frechet_distance\n");
}

namespace {

// Appends the meter's two columns (empty without a reading) and the newline at line + n.
QByteArray withMeterColumns(char* line, std::size_t size, int n, const MeterReading* reading)
{
    if (reading && reading->available) {
        n += std::snprintf(line + n, size - n, "%.9g,", reading->entropy);
        if (std::isfinite(reading->frechet))
            n += std::snprintf(line + n, size - n, "%.9g", reading->frechet);
    } else {
        line[n++] = ',';
    }
    line[n++] = '\n';
    return QByteArray(line, n);
}

} // namespace

QByteArray metricsCsvRow(const IterationMetrics& m, const MeterReading* reading)
{
    char line[512];
    const int n = std::snprintf(line, sizeof line, "%lld,%d,%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%s,",
                                static_cast<long long>(m.iteration), m.epoch, m.batchInEpoch, m.dLoss, m.gLoss,
                                m.dReal, m.dFake, m.value, theory::jsdEstimate(m.value), m.gGradNorm,
                                toString(m.loss).c_str());
    return withMeterColumns(line, sizeof line, n, reading);
}

QByteArray metricsCsvReadingRow(const MeterReading& reading)
{
    char line[128];
    const int n = std::snprintf(line, sizeof line, "%lld,,,,,,,,,,,", static_cast<long long>(reading.iteration));
    return withMeterColumns(line, sizeof line, n, &reading);
}

} // namespace gan
