#pragma once
// A dismissable red banner for errors, shown at the top of the window. Non-modal:
// training and the rest of the window keep going while it is visible.

#include <QFrame>

class QLabel;
class QToolButton;

namespace gan {

class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    void showMessage(const QString& message); // shows the banner with this (latest) message
    void dismiss();                           // hides it, as the close button does
    QString message() const;
    int messageCount() const { return m_count; } // messages since it was last dismissed

signals:
    void dismissed();

private:
    QLabel* m_label;
    QToolButton* m_close;
    int m_count = 0;
};

} // namespace gan
