#pragma once
// Counts the layout requests posted to a widget or to any widget above it: what a label
// whose size may change sets off at every setText. Install it on qApp.

#include <QEvent>
#include <QObject>
#include <QWidget>

class LayoutRequestCounter : public QObject {
public:
    explicit LayoutRequestCounter(QWidget* watched)
        : m_watched(watched)
    {
    }
    int count = 0;

protected:
    bool eventFilter(QObject* receiver, QEvent* event) override
    {
        if (event->type() == QEvent::LayoutRequest)
            if (auto* w = qobject_cast<QWidget*>(receiver); w && (w == m_watched || w->isAncestorOf(m_watched)))
                ++count;
        return false;
    }

private:
    QWidget* m_watched;
};
