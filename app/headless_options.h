#pragma once
// The command line of `gan-studio --headless`: parsed and checked completely before
// anything is written, so bad arguments never leave half-made output behind.

#include "engine/settings.h"
#include "interpolation_export.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace gan {

struct HeadlessOptions {
    QString dataFolder;          // empty: the embedded digits
    qint64 iterations = 0;       // 0: use epochs
    int epochs = 50;             // the seed's default
    LiveSettings live;
    ResetSettings reset;
    int sampleInterval = 400;    // OUT/images/<iteration>.png every N iterations; 0: none
    int logInterval = 1;         // seed-style line every N iterations; 0: none
    int meterInterval = 0;       // mode-collapse meter reading every N iterations (CSV columns); 0: none
    QString outDir = QStringLiteral(".");
    QString metricsPath;         // CSV, one row per iteration
    QString savePath;            // checkpoint at the end
    qint64 autosaveInterval = 0; // also save savePath every N iterations (a killed run resumes); 0: only at the end
    QString loadPath;            // resume from a checkpoint
    QStringList liveOptionsGiven; // which live options were set explicitly (they override a checkpoint's)
    InterpolationExportOptions interpolation; // --export-interpolation: draw a strip instead of training
};

struct ParsedHeadless {
    std::optional<HeadlessOptions> options;
    QString error;               // set when options is empty and the program must exit 2
    bool helpShown = false;      // --help printed: exit 0
};

// `arguments` is the full argv (program name first).
ParsedHeadless parseHeadlessOptions(const QStringList& arguments);

} // namespace gan
