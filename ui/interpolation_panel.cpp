#include "interpolation_panel.h"

#include "digit_grid.h"
#include "digit_grid_view.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace gan {

InterpolationPanel::InterpolationPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* setA = new QPushButton(tr("A = current z"));
    setA->setObjectName(QStringLiteral("setAButton"));
    setA->setToolTip(tr("Use the digit shown above as the start A"));
    auto* setB = new QPushButton(tr("B = current z"));
    setB->setObjectName(QStringLiteral("setBButton"));
    setB->setToolTip(tr("Use the digit shown above as the end B"));
    m_a = new QLabel;
    m_a->setObjectName(QStringLiteral("endpointA"));
    m_b = new QLabel;
    m_b->setObjectName(QStringLiteral("endpointB"));

    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("interpolationMode"));
    m_mode->addItem(tr("Spherical (slerp)"), static_cast<int>(Interpolation::Spherical));
    m_mode->addItem(tr("Linear"), static_cast<int>(Interpolation::Linear));
    m_mode->setToolTip(
        tr("Why slerp suits Gaussian z: in 100 dimensions a z drawn from N(0, I) almost always has a length "
           "close to sqrt(100) = 10, so G only ever sees z on a thin shell. A straight line between two such z "
           "cuts through the inside of the shell (halfway between two independent z its length is about 7), "
           "where G was never trained, and the middle digits come out faint or blurred. Spherical "
           "interpolation follows the arc along the shell, so every step looks like a z G knows."));
    m_steps = new QSpinBox;
    m_steps->setObjectName(QStringLiteral("interpolationSteps"));
    m_steps->setRange(3, 16);
    m_steps->setValue(10);
    m_steps->setSuffix(tr(" digits"));
    m_steps->setToolTip(tr("Digits in the strip from A to B"));

    m_t = new QSlider(Qt::Horizontal);
    m_t->setObjectName(QStringLiteral("interpolationT"));
    m_t->setRange(0, tTicks);
    m_t->setToolTip(tr("t = 0 is A, t = 1 is B: the digit above follows"));
    m_tValue = new QLabel(QStringLiteral("t = 0.00"));

    m_strip = new DigitGridView;
    m_strip->setObjectName(QStringLiteral("interpolationStrip"));
    m_strip->setMinimumSize(120, 40);
    m_strip->setMaximumHeight(96);
    m_strip->setPlaceholderText(tr("The strip from A to B appears here."));
    m_strip->setToolTip(tr("Digits along the path from A (left) to B (right). Click one to show it above."));
    auto* exportStrip = new QPushButton(tr("Export strip…"));
    exportStrip->setObjectName(QStringLiteral("exportStripButton"));

    auto* grid = new QGridLayout;
    grid->addWidget(setA, 0, 0);
    grid->addWidget(m_a, 0, 1);
    grid->addWidget(setB, 1, 0);
    grid->addWidget(m_b, 1, 1);
    grid->setColumnStretch(1, 1);
    auto* options = new QHBoxLayout;
    options->addWidget(m_mode, 1);
    options->addWidget(m_steps);
    auto* tRow = new QHBoxLayout;
    tRow->addWidget(m_t, 1);
    tRow->addWidget(m_tValue);
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 4);
    v->addLayout(grid);
    v->addLayout(options);
    v->addLayout(tRow);
    v->addWidget(m_strip, 1);
    v->addWidget(exportStrip, 0, Qt::AlignRight);
    v->addStretch(1);

    connect(setA, &QPushButton::clicked, this, &InterpolationPanel::setARequested);
    connect(setB, &QPushButton::clicked, this, &InterpolationPanel::setBRequested);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &InterpolationPanel::pathChanged);
    connect(m_steps, &QSpinBox::valueChanged, this, &InterpolationPanel::pathChanged);
    connect(m_t, &QSlider::valueChanged, this, [this](int ticks) {
        m_tValue->setText(QStringLiteral("t = %1").arg(static_cast<double>(ticks) / tTicks, 0, 'f', 2));
        emit tChanged(static_cast<double>(ticks) / tTicks);
    });
    connect(exportStrip, &QPushButton::clicked, this, &InterpolationPanel::exportRequested);
    connect(m_strip, &DigitGridView::imageClicked, this, [this](QPoint p) {
        const QImage& img = m_strip->image();
        const int n = steps(); // a one-row grid: n tiles with 2-pixel borders
        const int cell = digitGridCellAt(p, n, n, img.height() - 4, (img.width() - 2) / n - 2);
        if (cell >= 0)
            emit stripCellClicked(cell);
    });
}

Interpolation InterpolationPanel::mode() const { return static_cast<Interpolation>(m_mode->currentData().toInt()); }

void InterpolationPanel::setMode(Interpolation mode)
{
    m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(mode)));
}

int InterpolationPanel::steps() const { return m_steps->value(); }
double InterpolationPanel::t() const { return static_cast<double>(m_t->value()) / tTicks; }

void InterpolationPanel::showEndpoints(const std::vector<float>& a, const QString& aOrigin, const std::vector<float>& b,
                                       const QString& bOrigin)
{
    auto text = [](const QString& name, const QString& origin, const std::vector<float>& z) {
        return z.empty() ? tr("%1: not set").arg(name)
                         : tr("%1: %2, |z| = %3").arg(name, origin).arg(latentNorm(z), 0, 'f', 1);
    };
    m_a->setText(text(QStringLiteral("A"), aOrigin, a));
    m_b->setText(text(QStringLiteral("B"), bOrigin, b));
}

void InterpolationPanel::setStrip(const QImage& strip) { m_strip->setImage(strip); }
const QImage& InterpolationPanel::strip() const { return m_strip->image(); }

} // namespace gan

