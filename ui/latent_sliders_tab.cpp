#include "latent_sliders_tab.h"

#include "latent_slider_bank.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gan {

LatentSlidersTab::LatentSlidersTab(QWidget* parent)
    : QWidget(parent)
{
    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("sliderMode"));
    m_mode->addItem(tr("Raw dimensions of z"));
    m_mode->addItem(tr("Principal directions"));
    m_mode->setToolTip(tr("Raw dimensions: each slider sets one of z's numbers; many change the digit little.\n"
                          "Principal directions (as GANSpace does): the directions in z along which G's digits "
                          "vary most, found by PCA of 3,000 of G's digits and mapped back to z."));
    m_count = new QSpinBox;
    m_count->setObjectName(QStringLiteral("sliderCount"));
    m_count->setRange(LatentCoordinates::minSliders, LatentCoordinates::maxSliders);
    m_count->setSuffix(tr(" sliders"));
    m_count->setToolTip(tr("How many sliders (8 to 16)"));
    m_recompute = new QToolButton;
    m_recompute->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_recompute->setText(tr("Recompute"));
    m_recompute->setObjectName(QStringLiteral("recomputeDirections"));
    m_recompute->setToolTip(tr("Find the principal directions again from the current G (they change as G learns)"));
    m_recompute->setEnabled(false);
    m_modeText = new QLabel;
    m_modeText->setObjectName(QStringLiteral("sliderModeText"));
    m_modeText->setWordWrap(true);
    m_bank = new LatentSliderBank;
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_bank);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* row = new QHBoxLayout;
    row->addWidget(m_mode, 1);
    row->addWidget(m_count);
    row->addWidget(m_recompute);
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 4);
    v->addLayout(row);
    v->addWidget(m_modeText);
    v->addWidget(scroll, 1);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_recompute->setEnabled(i == 1);
        emit directionsChosenChanged(i == 1);
    });
    connect(m_count, &QSpinBox::valueChanged, this, &LatentSlidersTab::countChanged);
    connect(m_recompute, &QToolButton::clicked, this, &LatentSlidersTab::recomputeRequested);
}

bool LatentSlidersTab::directionsChosen() const { return m_mode->currentIndex() == 1; }

void LatentSlidersTab::setDirectionsChosen(bool on)
{
    const QSignalBlocker block(m_mode);
    m_mode->setCurrentIndex(on ? 1 : 0);
    m_recompute->setEnabled(on);
}

int LatentSlidersTab::count() const { return m_count->value(); }

void LatentSlidersTab::setCount(int count)
{
    const QSignalBlocker block(m_count);
    m_count->setValue(count);
}

void LatentSlidersTab::showMode(const LatentCoordinates& c, bool searching, int samples)
{
    const auto& d = c.directions();
    if (searching) {
        m_modeText->setText(tr("Finding the directions that change G's digits most (PCA of %L1 digits)…").arg(samples));
    } else if (c.mode() == SliderMode::Directions) {
        m_modeText->setText(tr("Mode: principal directions of G's digits at iteration %L1 (as GANSpace "
                               "does); PC 1 carries %2% of their variation.")
                                .arg(d.iteration)
                                .arg(d.explained.empty() ? 0.0 : d.explained[0] * 100, 0, 'f', 1));
    } else {
        m_modeText->setText(tr("Mode: raw dimensions of z (%1 of %2). Each changes the digit only a little; "
                               "try principal directions.")
                                .arg(c.sliderCount())
                                .arg(c.latentDim()));
    }
}
QString LatentSlidersTab::modeText() const { return m_modeText->text(); }

} // namespace gan
