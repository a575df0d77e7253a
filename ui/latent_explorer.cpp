#include "latent_explorer.h"

#include "digit_grid.h"
#include "digit_grid_view.h"
#include "explorer_digit_card.h"
#include "held_size_label.h"
#include "interpolation_panel.h"
#include "latent_decoder.h"
#include "latent_math.h"
#include "latent_slider_bank.h"
#include "latent_sliders_tab.h"
#include "latent_walk_panel.h"
#include "training_session.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSlider>
#include <QTabWidget>
#include <QVBoxLayout>

namespace gan {
namespace {

QPushButton* button(const QString& text, const char* name, const QString& tip)
{
    auto* b = new QPushButton(text);
    b->setObjectName(QLatin1String(name));
    b->setToolTip(tip);
    return b;
}

std::uint64_t freshSeed() { return QRandomGenerator::global()->bounded(1, 1000000); }

} // namespace

LatentExplorer::LatentExplorer(QWidget* parent)
    : QWidget(parent)
    , m_decoder(new LatentDecoder(this))
{
    setObjectName(QStringLiteral("latentExplorer"));
    m_follow = new QLabel(tr("Waiting for the generator…"));
    m_follow->setObjectName(QStringLiteral("explorerFollows"));
    m_follow->setWordWrap(true);
    m_follow->setToolTip(tr("A copy of G and D is taken about every 0.6 s while training runs, and after "
                            "every step, pause, reset and checkpoint load; the digits are drawn from the newest "
                            "copy on a thread of their own, so dragging never pauses training. G runs in eval "
                            "mode: BatchNorm uses its running statistics, so one z gives one digit."));

    // The copy's iteration changes about every 0.6 s while training runs: on a line of its own
    // and of fixed size, so that it never lays out the window again (the sentence above it,
    // wrapped, would take a line more or less as the number grew).
    m_copyIteration = new QLabel;
    m_copyIteration->setObjectName(QStringLiteral("explorerCopyIteration"));
    holdSize(m_copyIteration, {copyIterationText(99999999)});

    m_card = new ExplorerDigitCard;

    auto* random = button(tr("Random"), "randomZButton", tr("A fresh z drawn from N(0, I); its seed is shown"));
    auto* zero = button(tr("Zero"), "zeroZButton", tr("z = 0, the centre of the noise distribution"));
    auto* nudge = button(tr("Nudge"), "nudgeZButton", tr("A small random step: z + 0.25 * N(0, I)"));
    auto* exportDigit = button(tr("Export…"), "exportDigitButton", tr("Save the digit as a PNG image"));

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {random, zero, nudge, exportDigit})
        buttons->addWidget(b);

    m_interpolation = new InterpolationPanel;
    m_walk = new LatentWalkPanel;
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("explorerTabs"));
    m_sliders = new LatentSlidersTab;
    m_bank = m_sliders->bank();
    m_tabs->addTab(m_sliders, tr("Sliders"));
    m_tabs->addTab(m_interpolation, tr("Interpolate A↔B"));
    m_tabs->addTab(m_walk, tr("2-D walk"));

    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 4);
    v->addWidget(m_follow);
    v->addWidget(m_copyIteration);
    v->addWidget(m_card);
    v->addLayout(buttons);
    v->addWidget(m_tabs, 1);

    connect(m_decoder, &LatentDecoder::decoded, this, &LatentExplorer::showResult);
    connect(m_decoder, &LatentDecoder::directionsReady, this, &LatentExplorer::showDirections);
    connect(m_decoder, &LatentDecoder::failed, this,
            [this](const QString& why) { m_follow->setText(tr("Could not draw: %1").arg(why)); });
    connect(random, &QPushButton::clicked, this, &LatentExplorer::randomZ);
    connect(zero, &QPushButton::clicked, this, &LatentExplorer::zeroZ);
    connect(nudge, &QPushButton::clicked, this, &LatentExplorer::nudgeZ);
    connect(exportDigit, &QPushButton::clicked, this, [this] { exportImage(digitImage(), QStringLiteral("digit")); });
    connect(m_bank, &LatentSliderBank::valueEdited, this, &LatentExplorer::setSliderValue);
    connect(m_bank, &LatentSliderBank::dimensionEdited, this, [this](int slider, int dim) {
        m_coords.setDimension(slider, dim);
        m_bank->showCoordinates(m_coords);
        useDirections(false); // refreshes the walk's axis names
    });
    connect(m_sliders, &LatentSlidersTab::directionsChosenChanged, this, &LatentExplorer::useDirections);
    connect(m_sliders, &LatentSlidersTab::countChanged, this, &LatentExplorer::setSliderCount);
    connect(m_sliders, &LatentSlidersTab::recomputeRequested, this, [this] { useDirections(true); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { refreshRequests(); });
    connect(m_interpolation, &InterpolationPanel::setARequested, this, &LatentExplorer::setA);
    connect(m_interpolation, &InterpolationPanel::setBRequested, this, &LatentExplorer::setB);
    connect(m_interpolation, &InterpolationPanel::pathChanged, this, &LatentExplorer::requestStrip);
    connect(m_interpolation, &InterpolationPanel::tChanged, this, &LatentExplorer::applyT);
    connect(m_interpolation, &InterpolationPanel::stripCellClicked, this,
            [this](int i) { setT(static_cast<double>(i) / (m_interpolation->steps() - 1)); });
    connect(m_interpolation, &InterpolationPanel::exportRequested, this,
            [this] { exportImage(stripImage(), QStringLiteral("interpolation")); });
    connect(m_walk, &LatentWalkPanel::walkChanged, this, &LatentExplorer::requestWalk);
    connect(m_walk, &LatentWalkPanel::exportRequested, this, [this] { exportImage(walkImage(), QStringLiteral("walk")); });
    connect(m_walk, &LatentWalkPanel::cellClicked, this, [this](int i) {
        const int dim = m_coords.latentDim();
        const auto all = m_coords.walk(m_walk->xAxis(), m_walk->yAxis(), m_walk->span(), LatentWalkPanel::side);
        m_coords.setZ(std::vector<float>(all.begin() + i * dim, all.begin() + (i + 1) * dim));
        zChanged(tr("a step of the walk"));
    });

    m_bank->showCoordinates(m_coords);
    useDirections(false);
}

LatentExplorer::~LatentExplorer() = default;

QString LatentExplorer::copyIterationText(qint64 iteration) { return tr("Digits drawn by G of iteration %L1").arg(iteration); }

void LatentExplorer::attach(TrainingSession* session, DigitGridView* grid)
{
    connect(session, &TrainingSession::snapshotReady, this, &LatentExplorer::setFrame);
    grid->setCursor(Qt::PointingHandCursor);
    grid->setToolTip(grid->toolTip() + tr("\nClick a digit to explore its z in the latent-space explorer."));
    connect(grid, &DigitGridView::imageClicked, this, [this](QPoint p) {
        const int rows = m_frame.isValid() ? m_frame.model->rows() : 28;
        const int cols = m_frame.isValid() ? m_frame.model->cols() : 28;
        const int cell = digitGridCellAt(p, GanEngine::fixedGridCount, 5, rows, cols);
        if (cell >= 0) {
            pickGridCell(cell);
            emit gridCellPicked(cell);
        }
    });
}

void LatentExplorer::setFrame(const ExplorerFrame& frame)
{
    if (!frame.isValid())
        return;
    const bool resized = !m_frame.isValid() || frame.model->latentDim() != m_coords.latentDim();
    m_frame = frame;
    m_decoder->setFrame(frame); // renders the standing requests again: the images follow G
    m_follow->setText(tr("Follows the live generator: G and D are copied about every 0.6 s while training runs; "
                         "training never waits."));
    m_copyIteration->setText(copyIterationText(frame.iteration()));
    if (resized) {
        m_coords.setLatentDim(frame.model->latentDim());
        const int dim = m_coords.latentDim();
        const auto& noise = frame.model->fixedNoise();
        m_a.assign(noise.begin(), noise.begin() + dim);
        m_b.assign(noise.begin() + dim, noise.begin() + 2 * dim);
        m_aOrigin = tr("grid digit 1");
        m_bOrigin = tr("grid digit 2");
        m_interpolation->showEndpoints(m_a, m_aOrigin, m_b, m_bOrigin);
        setSliderCount(m_sliders->count());
        pickGridCell(0);
    }
}

void LatentExplorer::pickGridCell(int index)
{
    if (!m_frame.isValid() || index < 0 || index >= GanEngine::fixedGridCount)
        return;
    const int dim = m_coords.latentDim();
    const auto& noise = m_frame.model->fixedNoise();
    m_coords.setZ(std::vector<float>(noise.begin() + index * dim, noise.begin() + (index + 1) * dim));
    m_context = noise; // decoded in the grid's batch, so the digit is exactly the grid's
    m_focus = index;
    m_origin = tr("grid digit %1").arg(index + 1);
    m_bank->showCoordinates(m_coords);
    requestDigit();
    requestWalk();
}

void LatentExplorer::zChanged(const QString& origin)
{
    m_context.clear();
    m_origin = origin;
    m_bank->showCoordinates(m_coords);
    requestDigit();
    requestWalk();
}

void LatentExplorer::setSliderValue(int slider, double value)
{
    m_coords.setSliderValue(slider, value);
    zChanged(tr("edited"));
}

void LatentExplorer::randomZ()
{
    const std::uint64_t seed = freshSeed();
    m_coords.setZ(randomLatent(m_coords.latentDim(), seed));
    zChanged(tr("seed %1").arg(seed));
}

void LatentExplorer::zeroZ()
{
    m_coords.setZ(std::vector<float>(m_coords.latentDim(), 0.0f));
    zChanged(tr("zero"));
}

void LatentExplorer::nudgeZ()
{
    m_coords.setZ(nudgedLatent(m_coords.z(), 0.25, freshSeed()));
    zChanged(tr("nudged"));
}

void LatentExplorer::setZ(const std::vector<float>& z)
{
    m_coords.setZ(z);
    zChanged(tr("edited"));
}

void LatentExplorer::setA()
{
    m_a = m_coords.z();
    m_aOrigin = m_origin;
    m_interpolation->showEndpoints(m_a, m_aOrigin, m_b, m_bOrigin);
    requestStrip();
}

void LatentExplorer::setB()
{
    m_b = m_coords.z();
    m_bOrigin = m_origin;
    m_interpolation->showEndpoints(m_a, m_aOrigin, m_b, m_bOrigin);
    requestStrip();
}

void LatentExplorer::setT(double t)
{
    {
        const QSignalBlocker block(m_interpolation->tSlider());
        m_interpolation->tSlider()->setValue(qRound(t * InterpolationPanel::tTicks));
    }
    applyT(t);
}

void LatentExplorer::applyT(double t)
{
    if (m_a.size() != m_b.size() || static_cast<int>(m_a.size()) != m_coords.latentDim())
        return;
    m_coords.setZ(interpolate(m_a, m_b, t, m_interpolation->mode()));
    zChanged(tr("t = %1 from A to B").arg(t, 0, 'f', 2));
}

void LatentExplorer::useDirections(bool on)
{
    m_sliders->setDirectionsChosen(on);
    m_wantDirections = on;
    if (on && m_frame.isValid())
        m_decoder->requestDirections(m_sliders->count());
    if (!on) {
        m_coords.useDimensions(m_sliders->count());
        m_bank->showCoordinates(m_coords);
        m_walk->setAxes(m_coords);
    }
    m_sliders->showMode(m_coords, m_wantDirections && m_coords.mode() != SliderMode::Directions, LatentDecoder::directionSamples);
}

void LatentExplorer::setSliderCount(int count)
{
    m_sliders->setCount(count);
    useDirections(m_wantDirections);
}

void LatentExplorer::showDirections(const LatentDirections& directions)
{
    if (!m_wantDirections || !m_coords.useDirections(directions))
        return;
    m_bank->showCoordinates(m_coords);
    m_walk->setAxes(m_coords);
    m_sliders->showMode(m_coords, m_wantDirections && m_coords.mode() != SliderMode::Directions, LatentDecoder::directionSamples);
    emit directionsShown();
}

QString LatentExplorer::modeText() const { return m_sliders->modeText(); }
LatentSliderBank* LatentExplorer::sliderBank() const { return m_bank; }

void LatentExplorer::requestDigit()
{
    if (!m_active || !m_frame.isValid())
        return;
    DecodeRequest r;
    r.kind = DecodeKind::Digit;
    if (m_context.empty()) {
        r.z = m_coords.z();
    } else {
        r.z = m_context;
        r.count = static_cast<int>(m_context.size()) / m_coords.latentDim();
        r.focus = m_focus;
    }
    m_requestedDigit = m_decoder->request(std::move(r));
}

void LatentExplorer::requestStrip()
{
    if (!m_active || !m_frame.isValid() || m_tabs->currentIndex() != InterpolationTab || m_a.size() != m_b.size()
        || m_a.empty()) {
        m_decoder->cancel(DecodeKind::Strip);
        return;
    }
    DecodeRequest r;
    r.kind = DecodeKind::Strip;
    r.count = r.columns = m_interpolation->steps();
    r.z = interpolationPath(m_a, m_b, r.count, m_interpolation->mode());
    m_decoder->request(std::move(r));
}

void LatentExplorer::requestWalk()
{
    if (!m_active || !m_frame.isValid() || m_tabs->currentIndex() != WalkTab) {
        m_decoder->cancel(DecodeKind::Walk);
        return;
    }
    DecodeRequest r;
    r.kind = DecodeKind::Walk;
    r.columns = LatentWalkPanel::side;
    r.count = r.columns * r.columns;
    r.z = m_coords.walk(m_walk->xAxis(), m_walk->yAxis(), m_walk->span(), LatentWalkPanel::side);
    m_decoder->request(std::move(r));
}

void LatentExplorer::refreshRequests()
{
    requestDigit();
    requestStrip();
    requestWalk();
}

void LatentExplorer::showTab(Tab tab) { m_tabs->setCurrentIndex(tab); }

void LatentExplorer::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_active = true;
    refreshRequests();
}

void LatentExplorer::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_active = false; // nothing is drawn for a hidden explorer
    for (DecodeKind k : {DecodeKind::Digit, DecodeKind::Strip, DecodeKind::Walk})
        m_decoder->cancel(k);
}

void LatentExplorer::showResult(const DecodeResult& r)
{
    switch (r.kind) {
    case DecodeKind::Digit:
        m_card->showDigit(r);
        m_shownDigit = r.id;
        m_shownIteration = r.iteration;
        m_realProbability = r.realProbability;
        emit digitShown(r.iteration);
        break;
    case DecodeKind::Strip:
        m_interpolation->setStrip(r.image);
        emit stripShown(r.iteration);
        break;
    case DecodeKind::Walk:
        m_walk->setWalk(r.image);
        emit walkShown(r.iteration);
        break;
    }
}

const QImage& LatentExplorer::digitImage() const { return m_card->digitImage(); }
const QImage& LatentExplorer::nearestImage() const { return m_card->nearestImage(); }
const QImage& LatentExplorer::stripImage() const { return m_interpolation->strip(); }
const QImage& LatentExplorer::walkImage() const { return m_walk->walk(); }

void LatentExplorer::exportImage(const QImage& image, const QString& what)
{
    if (image.isNull())
        return;
    QString path = QFileDialog::getSaveFileName(this, tr("Export as PNG"),
                                                QDir::home().filePath(QStringLiteral("gan-%1.png").arg(what)),
                                                tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        path += QStringLiteral(".png");
    if (!image.save(path, "PNG"))
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(path));
}

} // namespace gan
