#pragma once
// "D's outputs": histograms of the discriminator's probability on every digit of one
// real and one generated batch, the image-data counterpart of the D curve in the paper's
// Figure 1. Early on the two humps sit apart (D tells real from fake); as G improves they
// move together; at the optimum p_g = p_data both pile up at D = 1/2.

#include "analysis_types.h"

#include <QVector>
#include <QWidget>

class QCPGraph;
class QCustomPlot;
class QLabel;

namespace gan {

class DOutputsView : public QWidget {
    Q_OBJECT
public:
    static constexpr int bins = 20; // over [0, 1]

    explicit DOutputsView(QWidget* parent = nullptr);

    void setOutputs(const DiscriminatorOutputs& outputs);
    void clear();
    void setLogY(bool on);

    qint64 iteration() const { return m_iteration; }  // -1 before the first outputs
    const QVector<int>& realCounts() const { return m_real; }
    const QVector<int>& fakeCounts() const { return m_fake; }
    QCustomPlot* plot() const { return m_plot; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    void redraw();
    static QString batchIterationText(qint64 iteration);
    static QString noBatchText();

    QCustomPlot* m_plot;
    QCPGraph* m_realGraph;
    QCPGraph* m_fakeGraph;
    QLabel* m_title;
    QLabel* m_batchIteration;
    qint64 m_iteration = -1;
    QVector<int> m_real, m_fake;
    int m_realTotal = 0, m_fakeTotal = 0;
    bool m_logY = false;
    bool m_dirty = false;
};

} // namespace gan
