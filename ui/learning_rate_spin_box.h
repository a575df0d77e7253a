#pragma once
// A spin box for learning rates: shows values like 0.0002 or 1e-07 instead of a row of
// zeros, accepts typed scientific notation, and steps along the 1-2-5 ladder
// (0.0001, 0.0002, 0.0005, 0.001, ...), the values people actually try.

#include <QDoubleSpinBox>

namespace gan {

class LearningRateSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit LearningRateSpinBox(QWidget* parent = nullptr);

    void stepBy(int steps) override;
    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;

    // The next value on the 1-2-5 ladder above (up) or below (down) `value`.
    static double ladderStep(double value, bool up);

protected:
    StepEnabled stepEnabled() const override;
};

} // namespace gan
