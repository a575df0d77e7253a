#include "done_line.h"

namespace gan {

QByteArray doneLine(qint64 iterations, double seconds, double stepSeconds)
{
    return QByteArray("done: ") + QByteArray::number(iterations) + " iterations in " + QByteArray::number(seconds, 'f', 2)
        + " s (" + QByteArray::number(seconds > 0 ? iterations / seconds : 0.0, 'f', 1) + " it/s); training steps "
        + QByteArray::number(stepSeconds, 'f', 2) + " s (" + QByteArray::number(seconds > 0 ? 100 * stepSeconds / seconds : 0.0, 'f', 1)
        + "%)";
}

} // namespace gan
