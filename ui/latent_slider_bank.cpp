#include "latent_slider_bank.h"

#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <cmath>

namespace gan {

LatentSliderBank::LatentSliderBank(QWidget* parent)
    : QWidget(parent)
    , m_grid(new QGridLayout(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(6);
    m_grid->setVerticalSpacing(2);
    m_grid->setColumnStretch(1, 1);
}

QString LatentSliderBank::valueText(int i) const
{
    return i >= 0 && i < m_rows.size() ? m_rows[i].value->text() : QString();
}

void LatentSliderBank::rebuild(int count, SliderMode mode, int latentDim)
{
    for (const Row& r : std::as_const(m_rows)) {
        for (QWidget* w : {static_cast<QWidget*>(r.dim), static_cast<QWidget*>(r.name), static_cast<QWidget*>(r.slider),
                           static_cast<QWidget*>(r.value)})
            delete w;
    }
    m_rows.clear();
    m_mode = mode;
    m_latentDim = latentDim;
    const int limit = static_cast<int>(LatentCoordinates::range * ticksPerUnit);
    for (int i = 0; i < count; ++i) {
        Row r;
        if (mode == SliderMode::Dimensions) {
            r.dim = new QSpinBox;
            r.dim->setObjectName(QStringLiteral("latentDimension%1").arg(i));
            r.dim->setRange(0, latentDim - 1);
            r.dim->setPrefix(QStringLiteral("z["));
            r.dim->setSuffix(QStringLiteral("]"));
            r.dim->setToolTip(tr("Which of the %1 numbers in z this slider sets").arg(latentDim));
            connect(r.dim, &QSpinBox::valueChanged, this, [this, i](int d) { emit dimensionEdited(i, d); });
            m_grid->addWidget(r.dim, i, 0);
        } else {
            r.name = new QLabel;
            r.name->setObjectName(QStringLiteral("latentDirection%1").arg(i));
            m_grid->addWidget(r.name, i, 0);
        }
        r.slider = new QSlider(Qt::Horizontal);
        r.slider->setObjectName(QStringLiteral("latentSlider%1").arg(i));
        r.slider->setRange(-limit, limit);
        r.slider->setPageStep(ticksPerUnit / 2);
        r.slider->setToolTip(mode == SliderMode::Dimensions
                                 ? tr("Sets this number of z, from -3 to +3 (z is drawn from N(0, 1), so most "
                                      "values lie within +-2)")
                                 : tr("Moves z along this direction, from -3 to +3 (z . direction); the other "
                                      "sliders keep their values, as the directions are orthonormal"));
        connect(r.slider, &QSlider::valueChanged, this,
                [this, i](int ticks) { emit valueEdited(i, static_cast<double>(ticks) / ticksPerUnit); });
        m_grid->addWidget(r.slider, i, 1);
        r.value = new QLabel;
        r.value->setObjectName(QStringLiteral("latentValue%1").arg(i));
        r.value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        r.value->setMinimumWidth(r.value->fontMetrics().horizontalAdvance(QStringLiteral("-0.00 ")));
        m_grid->addWidget(r.value, i, 2);
        m_rows.append(r);
    }
}

void LatentSliderBank::showCoordinates(const LatentCoordinates& c)
{
    if (c.sliderCount() != m_rows.size() || c.mode() != m_mode || c.latentDim() != m_latentDim)
        rebuild(c.sliderCount(), c.mode(), c.latentDim());
    const auto& dirs = c.directions();
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row& r = m_rows[i];
        const double exact = c.coordinate(i);
        {
            const QSignalBlocker block(r.slider);
            r.slider->setValue(static_cast<int>(std::lround(c.sliderValue(i) * ticksPerUnit)));
        }
        // The exact value, which may lie beyond the slider's +-3.
        r.value->setText(QString::number(exact, 'f', 2));
        if (r.dim) {
            const QSignalBlocker block(r.dim);
            r.dim->setValue(c.dimension(i));
        } else if (r.name) {
            const double share = i < static_cast<int>(dirs.explained.size()) ? dirs.explained[i] * 100 : 0;
            r.name->setText(tr("PC %1").arg(i + 1));
            r.name->setToolTip(tr("Principal direction %1 of G's output: %2% of the variance of G's digits "
                                  "lies along it").arg(i + 1).arg(share, 0, 'f', 1));
        }
    }
}

} // namespace gan
