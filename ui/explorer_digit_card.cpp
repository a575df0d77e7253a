#include "explorer_digit_card.h"

#include "digit_grid_view.h"
#include "held_size_label.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace gan {

ExplorerDigitCard::ExplorerDigitCard(QWidget* parent)
    : QWidget(parent)
{
    m_digit = new DigitGridView;
    m_digit->setObjectName(QStringLiteral("explorerDigit"));
    m_digit->setFixedSize(140, 140); // 5 screen pixels per pixel of a 28x28 digit
    m_digit->setPlaceholderText(tr("Waiting for the generator…"));
    m_digit->setToolTip(tr("G's drawing of the current z"));
    m_dText = new QLabel;
    m_dText->setObjectName(QStringLiteral("explorerD"));
    m_dText->setText(QStringLiteral("\n")); // two lines tall before the first digit too
    // Both texts are set lines, not wrapped: wrapped, they took a line more or less as the
    // numbers changed, and the card then moved the explorer's tabs up and down by a line,
    // repainting them all, twice a second while training ran.
    m_dBar = new QProgressBar;
    m_dBar->setObjectName(QStringLiteral("explorerDBar"));
    m_dBar->setRange(0, 100);
    m_dBar->setValue(0);
    m_dBar->setFormat(tr("D: %p% real"));
    m_dBar->setToolTip(tr("D's probability that this digit is a real one. At the optimum of the game D says 1/2 "
                          "everywhere: it can no longer tell G's digits from real ones."));
    m_nearest = new DigitGridView;
    m_nearest->setObjectName(QStringLiteral("explorerNearest"));
    m_nearest->setFixedSize(84, 84);
    m_nearest->setPlaceholderText(QString());
    m_nearest->setToolTip(tr("The training digit closest to G's, pixel by pixel. If the two are nearly the same "
                             "for many z, G may be copying its training data instead of generalising."));
    m_nearestText = new QLabel;
    m_nearestText->setObjectName(QStringLiteral("explorerNearestText"));
    m_nearestText->setText(QStringLiteral("\n\n\n")); // four lines tall before the first digit too
    // Both texts change at every digit drawn, about every 0.6 s while training runs: a fixed
    // size, wide enough for the widest of them, spares the whole window a layout pass each time.
    holdSize(m_dText, {judgementText(0.5), judgementText(0.05), judgementText(0.95)});
    holdSize(m_nearestText, {nearestText(999999, 8, 255)});

    auto* judge = new QVBoxLayout;
    judge->setSpacing(3);
    judge->addWidget(m_dText);
    judge->addWidget(m_dBar);
    auto* nearestRow = new QHBoxLayout;
    nearestRow->addWidget(m_nearest, 0, Qt::AlignTop);
    nearestRow->addWidget(m_nearestText, 1, Qt::AlignTop);
    judge->addLayout(nearestRow);
    judge->addStretch(1);
    auto* h = new QHBoxLayout(this);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(m_digit, 0, Qt::AlignTop);
    h->addLayout(judge, 1);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ExplorerDigitCard::showDigit(const DecodeResult& r)
{
    m_digit->setImage(r.image);
    m_dBar->setValue(qRound(r.realProbability * 100));
    m_dText->setText(judgementText(r.realProbability));
    m_nearest->setImage(r.nearestImage);
    m_nearestText->setText(r.nearest.index < 0 ? QStringLiteral("\n\n\n")
                                               : nearestText(r.nearest.index, r.nearest.label, r.nearest.rmsGrey));
}

QString ExplorerDigitCard::judgementText(double p)
{
    const QString verdict = p > 0.55 ? tr("D takes it for real") : p < 0.45 ? tr("D calls it fake") : tr("D cannot tell");
    return tr("D(x) = %1:\n%2").arg(p, 0, 'f', 2).arg(verdict);
}

QString ExplorerDigitCard::nearestText(qint64 index, int label, double rmsGrey)
{
    return tr("Nearest real digit:\n#%L1, a %2;\n%3 grey levels\napart (RMS)").arg(index).arg(label).arg(rmsGrey, 0, 'f', 0);
}

const QImage& ExplorerDigitCard::digitImage() const { return m_digit->image(); }
const QImage& ExplorerDigitCard::nearestImage() const { return m_nearest->image(); }
QString ExplorerDigitCard::judgement() const { return m_dText->text(); }

} // namespace gan
