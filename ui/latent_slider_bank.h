#pragma once
// The explorer's sliders: one row per slider with what it measures (a dimension of z the
// user picks, or a principal direction), a slider over +-3 and the value it shows.

#include "latent_coordinates.h"

#include <QVector>
#include <QWidget>

class QGridLayout;
class QLabel;
class QSlider;
class QSpinBox;

namespace gan {

class LatentSliderBank : public QWidget {
    Q_OBJECT
public:
    static constexpr int ticksPerUnit = 100; // slider steps of 0.01

    explicit LatentSliderBank(QWidget* parent = nullptr);

    // Shows `c`: rebuilds the rows when their number or the mode changed, then sets every
    // slider, dimension and value without emitting the edit signals.
    void showCoordinates(const LatentCoordinates& c);

    int count() const { return m_rows.size(); }
    QSlider* slider(int i) const { return m_rows.value(i).slider; }
    QSpinBox* dimensionBox(int i) const { return m_rows.value(i).dim; }
    QString valueText(int i) const;

signals:
    void valueEdited(int slider, double value);
    void dimensionEdited(int slider, int dimension);

private:
    struct Row {
        QSpinBox* dim = nullptr;   // Dimensions mode
        QLabel* name = nullptr;    // Directions mode
        QSlider* slider = nullptr;
        QLabel* value = nullptr;
    };
    void rebuild(int count, SliderMode mode, int latentDim);

    QGridLayout* m_grid = nullptr;
    QVector<Row> m_rows;
    SliderMode m_mode = SliderMode::Dimensions;
    int m_latentDim = 0;
};

} // namespace gan
