#include "learning_rate_spin_box.h"

#include <cmath>

namespace gan {

LearningRateSpinBox::LearningRateSpinBox(QWidget* parent)
    : QDoubleSpinBox(parent)
{
    setDecimals(12); // keep tiny rates exact; textFromValue decides what is shown
    setKeyboardTracking(false);
    setAccelerated(false);
}

double LearningRateSpinBox::ladderStep(double value, bool up)
{
    static constexpr double mantissas[] = {1.0, 2.0, 5.0};
    if (!(value > 0))
        return up ? 1e-7 : value;
    const int decade = int(std::floor(std::log10(value)));
    // Candidates from the decade below to the decade above, ascending.
    double best = value;
    for (int d = decade - 1; d <= decade + 1; ++d) {
        for (double m : mantissas) {
            const double c = m * std::pow(10.0, d);
            const bool beyond = up ? c > value * (1 + 1e-9) : c < value * (1 - 1e-9);
            if (!beyond)
                continue;
            if (best == value || (up ? c < best : c > best))
                best = c;
        }
    }
    return best;
}

void LearningRateSpinBox::stepBy(int steps)
{
    double v = value();
    for (int i = 0; i < std::abs(steps); ++i)
        v = ladderStep(v, steps > 0);
    setValue(qBound(minimum(), v, maximum()));
    selectAll();
}

QAbstractSpinBox::StepEnabled LearningRateSpinBox::stepEnabled() const
{
    StepEnabled e = StepNone;
    if (value() < maximum())
        e |= StepUpEnabled;
    if (value() > minimum())
        e |= StepDownEnabled;
    return e;
}

QString LearningRateSpinBox::textFromValue(double value) const
{
    return QString::number(value, 'g', 6);
}

double LearningRateSpinBox::valueFromText(const QString& text) const
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    return ok ? v : value();
}

QValidator::State LearningRateSpinBox::validate(QString& text, int& pos) const
{
    Q_UNUSED(pos)
    const QString t = text.trimmed();
    if (t.isEmpty())
        return QValidator::Intermediate;
    for (QChar c : t) {
        if (!(c.isDigit() || c == QLatin1Char('.') || c == QLatin1Char('e') || c == QLatin1Char('E')
              || c == QLatin1Char('-') || c == QLatin1Char('+')))
            return QValidator::Invalid;
    }
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (ok && v >= minimum() && v <= maximum())
        return QValidator::Acceptable;
    return QValidator::Intermediate; // e.g. "1e-" while typing, or out of range
}

} // namespace gan
