#pragma once
// `gan-studio --headless --load CKPT --export-interpolation FILE.png`: draws the strip of
// digits from latent vector A to B with a checkpoint's generator and exits without
// training, so a teacher can prepare material without a window. A and B are drawn from
// seeds (the explorer shows the seed of each "Random z"), the same z on every machine.

#include "latent_math.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>

class QCommandLineParser;

namespace gan {

struct HeadlessOptions;

struct InterpolationExportOptions {
    QString path;               // empty: no export (train as usual)
    quint64 seedA = 1;
    quint64 seedB = 2;
    int steps = 10;             // digits in the strip, A first and B last
    Interpolation mode = Interpolation::Spherical;
};

// The options above, for the headless parser.
QList<QCommandLineOption> interpolationExportOptions();
// Reads them after parsing; returns why they are unusable (empty when fine). Training
// options cannot be combined with an export, and an export needs --load.
QString readInterpolationExportOptions(const QCommandLineParser& parser, InterpolationExportOptions* out);

// Writes the strip; returns the exit status (0 done, 2 bad input with one "error:" line
// and nothing written, 1 when writing failed at the end).
int exportInterpolation(const HeadlessOptions& options);

} // namespace gan
