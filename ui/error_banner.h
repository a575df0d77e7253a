#pragma once
// A dismissable red banner for errors, shown at the top of the window. Non-modal:
// training and the rest of the window keep going while it is visible.

#include <QFrame>

class QLabel;
class QPushButton;
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
    // A button beside the latest message (e.g. "Roll back to iteration 1,200"); the next
    // message or a dismissal removes it. actionText() is empty when there is none.
    void setAction(const QString& text);
    QString actionText() const;
    QPushButton* actionButton() const { return m_action; }

signals:
    void dismissed();
    void actionTriggered();

private:
    QLabel* m_label;
    QPushButton* m_action;
    QToolButton* m_close;
    int m_count = 0;
};

} // namespace gan
