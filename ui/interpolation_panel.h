#pragma once
// The explorer's interpolation tab: two latent vectors A and B, a slider t that moves the
// explorer's z from A to B, and a strip of N digits along the path (linear or slerp).

#include "latent_math.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace gan {

class DigitGridView;

class InterpolationPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int tTicks = 100;

    explicit InterpolationPanel(QWidget* parent = nullptr);

    Interpolation mode() const;
    void setMode(Interpolation mode);
    int steps() const;
    double t() const;
    // Shows where A and B came from (e.g. "grid digit 3") and their lengths.
    void showEndpoints(const std::vector<float>& a, const QString& aOrigin, const std::vector<float>& b,
                       const QString& bOrigin);
    void setStrip(const QImage& strip);
    const QImage& strip() const;
    DigitGridView* stripView() const { return m_strip; }
    QSlider* tSlider() const { return m_t; }

signals:
    void setARequested();
    void setBRequested();
    void pathChanged();        // mode or number of steps
    void tChanged(double t);   // the user moved t
    void stripCellClicked(int index);
    void exportRequested();

private:
    QLabel* m_a = nullptr;
    QLabel* m_b = nullptr;
    QComboBox* m_mode = nullptr;
    QSpinBox* m_steps = nullptr;
    QSlider* m_t = nullptr;
    QLabel* m_tValue = nullptr;
    DigitGridView* m_strip = nullptr;
};

} // namespace gan
