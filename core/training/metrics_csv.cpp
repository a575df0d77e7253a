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

QByteArray metricsCsvRow(const IterationMetrics& m, const MeterReading* reading)
{
    char line[512];
    int n = std::snprintf(line, sizeof line, "%lld,%d,%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%s,",
                          static_cast<long long>(m.iteration), m.epoch, m.batchInEpoch, m.dLoss, m.gLoss, m.dReal,
                          m.dFake, m.value, theory::jsdEstimate(m.value), m.gGradNorm, toString(m.loss).c_str());
    if (reading && reading->available) {
        n += std::snprintf(line + n, sizeof line - n, "%.9g,", reading->entropy);
        if (std::isfinite(reading->frechet))
            n += std::snprintf(line + n, sizeof line - n, "%.9g", reading->frechet);
    } else {
        line[n++] = ',';
    }
    line[n++] = '\n';
    return QByteArray(line, n);
}

} // namespace gan
