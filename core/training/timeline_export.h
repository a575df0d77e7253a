#pragma once
// Exports of the training timeline: an animated GIF (giflib) that loops through the
// frames, and a PNG strip of frames side by side, each captioned with its iteration.

#include "grid_timeline.h"

#include <QByteArray>
#include <QImage>
#include <QString>

namespace gan {

// The frames as a looping GIF: greyscale, each frame scaled by `scale` (nearest neighbour)
// with its iteration written beneath, shown for `delayCs` hundredths of a second (the last
// frame four times as long). Empty on failure, with *error set.
QByteArray encodeTimelineGif(const QList<GridTimeline::Frame>& frames, int delayCs = 12, int scale = 2,
                             QString* error = nullptr);
// The same, written atomically to `path`. False on failure, with *error set.
bool writeTimelineGif(const QString& path, const QList<GridTimeline::Frame>& frames, int delayCs = 12,
                      int scale = 2, QString* error = nullptr);

// Frames side by side, left to right, each with its iteration beneath (null when empty).
QImage makeTimelineStrip(const QList<GridTimeline::Frame>& frames, int scale = 1);

// One frame with its caption: greyscale, scaled, "iteration N" in a band below.
QImage captionedFrame(const GridTimeline::Frame& frame, int scale);

} // namespace gan
