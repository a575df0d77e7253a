#pragma once
// The explorer's 2-D walk tab: two of the sliders' vectors (dimensions or directions) on
// the axes and an 8x8 grid of digits around the current z.

#include "latent_coordinates.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;

namespace gan {

class DigitGridView;

class LatentWalkPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int side = 8;

    explicit LatentWalkPanel(QWidget* parent = nullptr);

    // One axis per slider of `c`, named "z[3]" or "PC 1"; keeps the chosen axes where possible.
    void setAxes(const LatentCoordinates& c);
    int xAxis() const;
    int yAxis() const;
    double span() const;
    void setWalk(const QImage& grid);
    const QImage& walk() const;
    DigitGridView* view() const { return m_view; }

signals:
    void walkChanged();        // axes or span
    void cellClicked(int index);
    void exportRequested();

private:
    QComboBox* m_x = nullptr;
    QComboBox* m_y = nullptr;
    QDoubleSpinBox* m_span = nullptr;
    DigitGridView* m_view = nullptr;
};

} // namespace gan
