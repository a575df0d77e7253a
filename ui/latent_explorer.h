#pragma once
// The latent-space explorer: the digit G draws for one latent vector z, what D thinks of
// it and the nearest real digit; sliders over chosen dimensions of z or over principal
// directions; interpolation from A to B; a 2-D walk; PNG export. It decodes on its own
// thread (LatentDecoder) from copies of G and D that training hands over a few times a
// second, so the images follow the live generator and training never waits for them.

#include "latent_coordinates.h"
#include "explorer_types.h"

#include <QWidget>

class QLabel;
class QTabWidget;

namespace gan {

class DigitGridView;
class ExplorerDigitCard;
class InterpolationPanel;
class LatentDecoder;
class LatentSliderBank;
class LatentSlidersTab;
class LatentWalkPanel;
class TrainingSession;

class LatentExplorer : public QWidget {
    Q_OBJECT
public:
    enum Tab { SlidersTab, InterpolationTab, WalkTab };

    explicit LatentExplorer(QWidget* parent = nullptr);
    ~LatentExplorer() override;

    // Follows `session`'s snapshots; clicks on `grid` (the 5x5 fixed-noise grid) pick its z.
    void attach(TrainingSession* session, DigitGridView* grid);
    void setFrame(const ExplorerFrame& frame);

    // What the UI does, for tests and scripts.
    void pickGridCell(int index);          // loads fixed-noise row `index` (0..24)
    void setSliderValue(int slider, double value); // clamped to +-3, like the slider
    void randomZ();
    void zeroZ();
    void nudgeZ();
    void setZ(const std::vector<float>& z);
    void setA();                           // A = current z
    void setB();
    void setT(double t);                   // z = interpolation between A and B at t
    void useDirections(bool on);           // principal directions instead of raw dimensions
    void showTab(Tab tab);

    const LatentCoordinates& coordinates() const { return m_coords; }
    const QImage& digitImage() const;
    const QImage& nearestImage() const;
    const QImage& stripImage() const;
    const QImage& walkImage() const;
    double realProbability() const { return m_realProbability; }
    qint64 shownIteration() const { return m_shownIteration; } // of the G that drew the digit shown
    qint64 frameIteration() const { return m_frame.iteration(); }
    // Decoder ids of the newest digit asked for and of the digit on screen (for latency checks).
    quint64 requestedDigitId() const { return m_requestedDigit; }
    quint64 shownDigitId() const { return m_shownDigit; }
    QString modeText() const;
    LatentSliderBank* sliderBank() const;
    LatentSlidersTab* slidersTab() const { return m_sliders; }
    ExplorerDigitCard* digitCard() const { return m_card; }
    InterpolationPanel* interpolation() const { return m_interpolation; }
    LatentWalkPanel* walk() const { return m_walk; }
    LatentDecoder* decoder() const { return m_decoder; }

signals:
    void digitShown(qint64 iteration);
    void stripShown(qint64 iteration);
    void walkShown(qint64 iteration);
    void directionsShown();
    void gridCellPicked(int index);        // a click on the attached grid picked a digit

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void zChanged(const QString& origin);  // after any change of z: redraw what depends on it
    void requestDigit();
    void requestStrip();
    void requestWalk();
    void refreshRequests();
    void applyT(double t);
    void setSliderCount(int count);
    void showResult(const DecodeResult& result);
    void showDirections(const LatentDirections& directions);
    void exportImage(const QImage& image, const QString& what);

    LatentDecoder* m_decoder = nullptr;
    LatentCoordinates m_coords;
    ExplorerFrame m_frame;
    std::vector<float> m_context;          // a batch the digit is decoded in (the grid's, after a pick)
    int m_focus = 0;
    QString m_origin;                      // where the current z came from
    std::vector<float> m_a, m_b;
    QString m_aOrigin, m_bOrigin;
    quint64 m_requestedDigit = 0;          // decoder ids: the newest digit asked for and shown
    quint64 m_shownDigit = 0;
    double m_realProbability = -1;
    qint64 m_shownIteration = -1;
    bool m_wantDirections = false;
    bool m_active = true;                  // false while hidden: nothing is decoded

    static QString copyIterationText(qint64 iteration);

    QLabel* m_follow = nullptr;
    QLabel* m_copyIteration = nullptr;
    ExplorerDigitCard* m_card = nullptr;
    QTabWidget* m_tabs = nullptr;
    LatentSlidersTab* m_sliders = nullptr;
    LatentSliderBank* m_bank = nullptr;
    InterpolationPanel* m_interpolation = nullptr;
    LatentWalkPanel* m_walk = nullptr;
};

} // namespace gan
