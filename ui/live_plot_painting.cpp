#include "live_plot_painting.h"

#include <qcustomplot.h>

namespace gan {

void paintWithWindow(QCustomPlot* plot)
{
    plot->setAttribute(Qt::WA_OpaquePaintEvent);
    plot->setPlottingHint(QCP::phImmediateRefresh, false);
}

} // namespace gan
