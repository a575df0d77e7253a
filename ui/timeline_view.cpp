#include "timeline_view.h"

#include "digit_grid_view.h"
#include "held_size_label.h"
#include "timeline_export.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

namespace gan {
namespace {

QWidget* captioned(DigitGridView* view, QLabel* caption)
{
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(2, 2, 2, 2);
    v->setSpacing(2);
    caption->setAlignment(Qt::AlignCenter);
    QFont f = caption->font();
    f.setBold(true);
    caption->setFont(f);
    v->addWidget(caption, 0, Qt::AlignHCenter); // of fixed size (below)
    v->addWidget(view, 1);
    return box;
}

} // namespace

TimelineView::TimelineView(QWidget* parent)
    : QWidget(parent)
    , m_past(new DigitGridView)
    , m_live(new DigitGridView)
    , m_pastCaption(new QLabel)
    , m_liveCaption(new QLabel)
    , m_info(new QLabel)
    , m_slider(new QSlider(Qt::Horizontal))
    , m_gifButton(new QPushButton(tr("Export GIF…")))
    , m_stripButton(new QPushButton(tr("Export PNG strip…")))
{
    setObjectName(QStringLiteral("timelineView"));
    m_past->setObjectName(QStringLiteral("timelinePastView"));
    m_live->setObjectName(QStringLiteral("timelineLiveView"));
    m_slider->setObjectName(QStringLiteral("timelineScrubber"));
    m_gifButton->setObjectName(QStringLiteral("exportGifButton"));
    m_stripButton->setObjectName(QStringLiteral("exportStripButton"));
    m_past->setToolTip(tr("A past grid from the same fixed noise: drag the scrubber to travel back in training."));
    m_live->setToolTip(tr("The newest grid."));
    m_slider->setToolTip(tr("Every grid G drew from the fixed noise in this run; older stretches are kept more "
                            "sparsely so memory stays bounded. Drag to the right end to follow the live grid."));
    m_gifButton->setToolTip(tr("The whole timeline as a looping animated GIF, each frame captioned with its iteration."));
    m_stripButton->setToolTip(tr("%1 frames spread over the run, side by side, as one PNG image.").arg(stripFrames));
    // The captions and the count change with every grid while training runs (a few times a
    // second): of fixed size, so that they never lay out the window again.
    // Both captions as wide as the widest of either, so that the two grids stay of one size.
    const QStringList widestCaptions{liveCaptionText(99999999), pastCaptionText(99999999)};
    holdSize(m_liveCaption, widestCaptions);
    holdSize(m_pastCaption, widestCaptions);
    holdSize(m_info, {emptyInfoText(), infoText(9999, 9999, 99999999)});

    auto* grids = new QHBoxLayout;
    grids->addWidget(captioned(m_past, m_pastCaption), 1);
    grids->addWidget(captioned(m_live, m_liveCaption), 1);
    auto* controls = new QHBoxLayout;
    controls->addWidget(m_slider, 1);
    controls->addWidget(m_gifButton);
    controls->addWidget(m_stripButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(grids, 1);
    layout->addLayout(controls);
    layout->addWidget(m_info);

    connect(m_slider, &QSlider::valueChanged, this, &TimelineView::updatePast);
    connect(m_gifButton, &QPushButton::clicked, this, [this] { chooseAndExport(true); });
    connect(m_stripButton, &QPushButton::clicked, this, [this] { chooseAndExport(false); });
    clear();
}

void TimelineView::addFrame(const QImage& grid, qint64 iteration)
{
    const bool follow = m_timeline.isEmpty() || m_slider->value() == m_slider->maximum();
    const qint64 keep = shownIteration();
    m_timeline.append(iteration, grid);
    m_live->setImage(grid);
    m_liveCaption->setText(liveCaptionText(iteration));
    syncSlider(keep, follow);
}

void TimelineView::clear()
{
    m_timeline.clear();
    m_live->setImage(QImage());
    m_past->setImage(QImage());
    m_live->setPlaceholderText(tr("No grid yet"));
    m_past->setPlaceholderText(tr("No grid yet"));
    m_liveCaption->setText(tr("Live"));
    syncSlider(-1, true);
}

int TimelineView::shownIndex() const { return m_timeline.isEmpty() ? -1 : m_slider->value(); }

qint64 TimelineView::shownIteration() const
{
    const int i = shownIndex();
    return i < 0 ? -1 : m_timeline.frame(i).iteration;
}

void TimelineView::showFrame(int index) { m_slider->setValue(index); }

void TimelineView::syncSlider(qint64 keepIteration, bool follow)
{
    const QSignalBlocker block(m_slider);
    const int n = m_timeline.size();
    m_slider->setRange(0, qMax(0, n - 1));
    m_slider->setEnabled(n > 1);
    int index = n - 1;
    if (!follow) { // the frame at or before the one shown (thinning may have dropped it)
        index = 0;
        for (int i = 0; i < n; ++i)
            if (m_timeline.frame(i).iteration <= keepIteration)
                index = i;
    }
    m_slider->setValue(qMax(0, index));
    m_gifButton->setEnabled(n > 0);
    m_stripButton->setEnabled(n > 0);
    updatePast();
}

void TimelineView::updatePast()
{
    const int i = shownIndex();
    if (i < 0) {
        m_pastCaption->setText(tr("Past"));
        m_info->setText(emptyInfoText());
        return;
    }
    const auto& f = m_timeline.frame(i);
    m_past->setImage(f.image);
    m_pastCaption->setText(pastCaptionText(f.iteration));
    m_info->setText(infoText(i + 1, m_timeline.size(), m_timeline.droppedCount()));
}

QString TimelineView::liveCaptionText(qint64 iteration) { return tr("Live — iteration %L1").arg(iteration); }

QString TimelineView::pastCaptionText(qint64 iteration) { return tr("Past — iteration %L1").arg(iteration); }

QString TimelineView::emptyInfoText() { return tr("The fixed-noise grids of this run collect here\nas training goes."); }

// Two lines, the second empty until frames are thinned out.
QString TimelineView::infoText(int frame, int kept, qint64 dropped)
{
    return tr("Frame %L1 of the %L2 kept.").arg(frame).arg(kept) + QLatin1Char('\n')
           + (dropped > 0 ? tr("%Ln older frame(s) thinned out to bound memory.", "", int(dropped)) : QString());
}

bool TimelineView::exportGif(const QString& path, QString* error) const
{
    return writeTimelineGif(path, m_timeline.frames(), 12, 2, error);
}

bool TimelineView::exportStrip(const QString& path, QString* error) const
{
    const QImage strip = makeTimelineStrip(m_timeline.evenlySpaced(stripFrames));
    if (strip.isNull()) {
        if (error)
            *error = tr("the timeline has no frames yet");
        return false;
    }
    if (!strip.save(path, "PNG")) {
        if (error)
            *error = tr("cannot write %1").arg(path);
        return false;
    }
    return true;
}

void TimelineView::chooseAndExport(bool gif)
{
    const QString name = gif ? QStringLiteral("gan-timeline.gif") : QStringLiteral("gan-timeline.png");
    const QString path = QFileDialog::getSaveFileName(this, gif ? tr("Export the timeline as a GIF") : tr("Export a PNG strip"),
                                                      QDir::home().filePath(name),
                                                      gif ? tr("GIF images (*.gif)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (gif ? exportGif(path, &error) : exportStrip(path, &error))
        emit exported(path);
    else
        emit exportFailed(tr("Export failed: %1").arg(error));
}

} // namespace gan
