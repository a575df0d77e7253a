#pragma once
// "Timeline": every fixed-noise grid G drew during the run (bounded: older frames are
// thinned), a scrubber to show any past grid beside the live one, and exports of the
// whole timeline as an animated GIF or a PNG strip.

#include "grid_timeline.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace gan {

class DigitGridView;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(QWidget* parent = nullptr);

    void addFrame(const QImage& grid, qint64 iteration);
    void clear();

    const GridTimeline& timeline() const { return m_timeline; }
    int shownIndex() const;               // the frame the scrubber shows; -1 when empty
    void showFrame(int index);            // as dragging the scrubber there
    qint64 shownIteration() const;

    // Exports (also behind the buttons, which ask for a file). False with *error on failure.
    bool exportGif(const QString& path, QString* error = nullptr) const;
    bool exportStrip(const QString& path, QString* error = nullptr) const;
    static constexpr int stripFrames = 12;

    QSlider* scrubber() const { return m_slider; }
    DigitGridView* pastView() const { return m_past; }
    DigitGridView* liveView() const { return m_live; }

signals:
    void exported(const QString& path);
    void exportFailed(const QString& message);

private:
    void syncSlider(qint64 keepIteration, bool follow);
    void updatePast();
    void chooseAndExport(bool gif);
    static QString liveCaptionText(qint64 iteration);
    static QString pastCaptionText(qint64 iteration);
    static QString emptyInfoText();
    static QString infoText(int frame, int kept, qint64 dropped);

    GridTimeline m_timeline;
    DigitGridView* m_past;
    DigitGridView* m_live;
    QLabel* m_pastCaption;
    QLabel* m_liveCaption;
    QLabel* m_info;
    QSlider* m_slider;
    QPushButton* m_gifButton;
    QPushButton* m_stripButton;
};

} // namespace gan
