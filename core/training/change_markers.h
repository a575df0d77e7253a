#pragma once
// The list behind the change markers: every live hyperparameter change during a run
// becomes a labelled point on the iteration axis ("lr D 2e-4 → 1e-3"), drawn as a vertical
// line on every plot so cause and effect line up. Fed by the worker's
// liveSettingsApplied(live, atIteration); plain value class, unit-testable.

#include "engine/settings.h"

#include <QString>
#include <QVector>

namespace gan {

struct ChangeMarker {
    qint64 iteration = 0;   // the last iteration with the old settings; the change acts from the next
    QString label;          // e.g. "lr D 2e-4 → 1e-3, k 1 → 5"
};

class ChangeMarkerList {
public:
    // Changes less than `mergeWindow` iterations after the previous marker join it (one
    // marker for a spin box dragged through several values); 0 merges only equal iterations.
    explicit ChangeMarkerList(qint64 mergeWindow = 10, int capacity = 500);

    // The settings a run starts with (reset, checkpoint load): clears the markers.
    void setBaseline(const LiveSettings& live);
    // Live settings took effect after `atIteration`. Returns true when the markers changed.
    // Without a baseline the first call only sets it.
    bool apply(const LiveSettings& live, qint64 atIteration);
    void clear();

    const QVector<ChangeMarker>& markers() const { return m_markers; }
    bool hasBaseline() const { return m_haveBaseline; }

    // "lr D 2e-4 → 1e-3, k 1 → 5"; empty when nothing differs.
    static QString describe(const LiveSettings& before, const LiveSettings& after);
    // 2e-4, 1.5e-3, 0.5: short numbers for labels.
    static QString compactNumber(double v, bool scientific);
    static QString lossName(GanLoss loss); // "non-saturating", "minimax", "LSGAN"

private:
    qint64 m_mergeWindow;
    int m_capacity;
    bool m_haveBaseline = false;
    LiveSettings m_current;
    QVector<ChangeMarker> m_markers;
    QVector<LiveSettings> m_before; // the settings before each marker, for merging
};

} // namespace gan
