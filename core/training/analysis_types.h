#pragma once
// Values behind the theory views that cross from the training thread to the GUI over
// queued signals: D's outputs on one batch pair, and the mode-collapse meter's readings.

#include "engine/gan_engine.h"

#include <QMetaType>
#include <QString>
#include <QVector>

#include <limits>

namespace gan {

// What the mode-collapse meter measured on G's digits at one iteration.
struct MeterReading {
    qint64 iteration = 0;
    bool available = false;      // false: the classifier does not fit this data set (see reason)
    QString reason;              // why not, for the user
    QVector<int> classCounts;    // how many generated digits the classifier put in each class 0-9
    int samples = 0;             // digits labelled
    double entropy = 0;          // of the class histogram, nats (log 10 when all ten are equally common)
    double frechet = std::numeric_limits<double>::quiet_NaN(); // real vs generated, classifier features
    double seconds = 0;          // what the reading cost on the training thread
};

// Registers the types above (and DiscriminatorOutputs) for queued connections.
void registerAnalysisMetaTypes();

} // namespace gan

Q_DECLARE_METATYPE(gan::DiscriminatorOutputs)
Q_DECLARE_METATYPE(gan::MeterReading)
