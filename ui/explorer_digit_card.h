#pragma once
// The explorer's digit with what D thinks of it (its probability of being real) and the
// nearest real training digit beside it, so a class can ask whether G copies its data.

#include "explorer_types.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace gan {

class DigitGridView;

class ExplorerDigitCard : public QWidget {
    Q_OBJECT
public:
    explicit ExplorerDigitCard(QWidget* parent = nullptr);

    void showDigit(const DecodeResult& digit);
    const QImage& digitImage() const;
    const QImage& nearestImage() const;
    QString judgement() const;     // the text about D's probability

private:
    static QString judgementText(double realProbability);
    static QString nearestText(qint64 index, int label, double rmsGrey);

    DigitGridView* m_digit = nullptr;
    DigitGridView* m_nearest = nullptr;
    QLabel* m_dText = nullptr;
    QProgressBar* m_dBar = nullptr;
    QLabel* m_nearestText = nullptr;
};

} // namespace gan
