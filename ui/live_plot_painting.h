#pragma once
// How every plot of the window paints while training runs.

class QCustomPlot;

namespace gan {

// A plot that redraws many times a second paints with the rest of the window:
// - opaque: its white background covers it, so its parents are not painted behind it;
// - in the window's next paint, not at once. QCustomPlot's default (phImmediateRefresh) made
//   each replot paint its own part of the window and send it to the display server straight
//   away, each time waiting for the server's answer: with four plots, four round trips per
//   refresh, each waiting in turn for a core that training keeps busy.
void paintWithWindow(QCustomPlot* plot);

} // namespace gan
