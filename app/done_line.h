#pragma once
// The line the window (with --quit-when-done) and --headless print when a run reaches its
// iteration limit, e.g.
//   done: 2000 iterations in 16.40 s (122.0 it/s); training steps 16.31 s (99.5%)
// The steps' time leaves out what the program does between steps (grids, the meter, restore
// points, hand-overs to the window): scripts/bench.sh compares both runs' steps to tell the
// window's work between steps from its threads slowing the steps down.

#include <QByteArray>
#include <QtGlobal>

namespace gan {

QByteArray doneLine(qint64 iterations, double seconds, double stepSeconds);

} // namespace gan
