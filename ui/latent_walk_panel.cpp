#include "latent_walk_panel.h"

#include "digit_grid.h"
#include "digit_grid_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace gan {

LatentWalkPanel::LatentWalkPanel(QWidget* parent)
    : QWidget(parent)
{
    m_x = new QComboBox;
    m_x->setObjectName(QStringLiteral("walkXAxis"));
    m_x->setToolTip(tr("What changes from left to right"));
    m_y = new QComboBox;
    m_y->setObjectName(QStringLiteral("walkYAxis"));
    m_y->setToolTip(tr("What changes from bottom to top"));
    m_span = new QDoubleSpinBox;
    m_span->setObjectName(QStringLiteral("walkSpan"));
    m_span->setRange(0.25, 3.0);
    m_span->setSingleStep(0.25);
    m_span->setValue(2.0);
    m_span->setPrefix(QStringLiteral("± "));
    m_span->setToolTip(tr("How far the grid reaches from the current z along each axis"));

    m_view = new DigitGridView;
    m_view->setObjectName(QStringLiteral("walkView"));
    m_view->setMinimumSize(160, 160);
    m_view->setPlaceholderText(tr("The 8x8 walk around the current z appears here."));
    m_view->setToolTip(tr("The current z sits between the middle four digits. Click a digit to go there."));
    auto* exportWalk = new QPushButton(tr("Export walk…"));
    exportWalk->setObjectName(QStringLiteral("exportWalkButton"));

    auto* axes = new QHBoxLayout;
    axes->addWidget(new QLabel(tr("x:")));
    axes->addWidget(m_x, 1);
    axes->addWidget(new QLabel(tr("y:")));
    axes->addWidget(m_y, 1);
    axes->addWidget(m_span);
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 4);
    v->addLayout(axes);
    v->addWidget(m_view, 1);
    v->addWidget(exportWalk, 0, Qt::AlignRight);

    connect(m_x, &QComboBox::currentIndexChanged, this, &LatentWalkPanel::walkChanged);
    connect(m_y, &QComboBox::currentIndexChanged, this, &LatentWalkPanel::walkChanged);
    connect(m_span, &QDoubleSpinBox::valueChanged, this, &LatentWalkPanel::walkChanged);
    connect(exportWalk, &QPushButton::clicked, this, &LatentWalkPanel::exportRequested);
    connect(m_view, &DigitGridView::imageClicked, this, [this](QPoint p) {
        const QImage& img = m_view->image();
        const int cell = digitGridCellAt(p, side * side, side, (img.height() - 2) / side - 2, (img.width() - 2) / side - 2);
        if (cell >= 0)
            emit cellClicked(cell);
    });
}

void LatentWalkPanel::setAxes(const LatentCoordinates& c)
{
    QStringList names;
    for (int i = 0; i < c.sliderCount(); ++i)
        names << (c.mode() == SliderMode::Dimensions ? QStringLiteral("z[%1]").arg(c.dimension(i)) : tr("PC %1").arg(i + 1));
    const int x = m_x->currentIndex(), y = m_y->currentIndex();
    {
        const QSignalBlocker bx(m_x), by(m_y);
        m_x->clear();
        m_y->clear();
        m_x->addItems(names);
        m_y->addItems(names);
        m_x->setCurrentIndex(x >= 0 && x < names.size() ? x : 0);
        m_y->setCurrentIndex(y >= 0 && y < names.size() ? y : qMin(1, names.size() - 1));
    }
    emit walkChanged();
}

int LatentWalkPanel::xAxis() const { return m_x->currentIndex(); }
int LatentWalkPanel::yAxis() const { return m_y->currentIndex(); }
double LatentWalkPanel::span() const { return m_span->value(); }
void LatentWalkPanel::setWalk(const QImage& grid) { m_view->setImage(grid); }
const QImage& LatentWalkPanel::walk() const { return m_view->image(); }

} // namespace gan
