#pragma once
// A readout that changes while training runs gets a fixed size, wide enough for its widest
// text: Qt re-runs the layouts above a label whose size may change at every setText, and
// these labels change several times a second. A label of fixed size tells no layout.

#include <QStringList>

class QLabel;

namespace gan {

void holdSize(QLabel* label, const QStringList& widest);

} // namespace gan
