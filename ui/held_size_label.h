#pragma once
// A readout that changes while training runs gets a fixed size, wide enough for its widest
// text. Qt lays out again the widgets above a label whose size may change, at every setText,
// and these labels change several times a second; a label of fixed size leaves them alone.

#include <QStringList>

class QLabel;

namespace gan {

// `widest`: the texts that take the most room, each of one line or of several split at '\n'.
void holdSize(QLabel* label, const QStringList& widest);

} // namespace gan
