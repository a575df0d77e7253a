#pragma once
// The explorer's sliders tab: which mode the sliders are in (raw dimensions of z or
// principal directions), how many there are, and the sliders themselves.

#include "latent_coordinates.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;
class QSpinBox;

namespace gan {

class LatentSliderBank;

class LatentSlidersTab : public QWidget {
    Q_OBJECT
public:
    explicit LatentSlidersTab(QWidget* parent = nullptr);

    LatentSliderBank* bank() const { return m_bank; }
    bool directionsChosen() const;
    void setDirectionsChosen(bool on);  // no signal
    int count() const;
    void setCount(int count);           // no signal
    // Says which mode the sliders are in (or that the directions are being searched for).
    void showMode(const LatentCoordinates& c, bool searching, int samples);
    QString modeText() const;

signals:
    void directionsChosenChanged(bool on);
    void countChanged(int count);
    void recomputeRequested();

private:
    QComboBox* m_mode = nullptr;
    QSpinBox* m_count = nullptr;
    QToolButton* m_recompute = nullptr;
    QLabel* m_modeText = nullptr;
    LatentSliderBank* m_bank = nullptr;
};

} // namespace gan
