#pragma once
// The metrics CSV, shared by `gan-studio --headless --metrics` and the window's export:
// the first seven columns are the original ones (iteration,epoch,batch,d_loss,g_loss,
// d_real,d_fake); then value (V(D,G)), jsd_estimate ((V + log 4) / 2), g_grad_norm, loss
// (the variant), class_entropy and frechet_distance (the mode-collapse meter's, empty on
// iterations without a reading).

#include "analysis_types.h"

#include <QByteArray>

namespace gan {

QByteArray metricsCsvHeader(); // ends with a newline
// One row, newline-terminated; `reading` (may be null) fills the meter's columns.
QByteArray metricsCsvRow(const IterationMetrics& m, const MeterReading* reading = nullptr);
// A meter reading taken where no iteration ran (at a reset, a load or a roll-back): its
// iteration and the meter's columns, the others empty.
QByteArray metricsCsvReadingRow(const MeterReading& reading);

} // namespace gan
