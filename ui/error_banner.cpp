#include "error_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace gan {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    m_label->setObjectName(QStringLiteral("errorLabel"));
    m_close->setObjectName(QStringLiteral("errorCloseButton"));
    m_action->setObjectName(QStringLiteral("errorActionButton"));
    m_action->hide();
    setStyleSheet(QStringLiteral(
        "#errorBanner { background: #fdecea; border: 1px solid #d32f2f; border-radius: 4px; }"
        "#errorLabel { color: #8e1b1b; font-weight: 600; }"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss this message"));

    auto* icon = new QLabel(this);
    const int side = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(side, side));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    connect(m_close, &QToolButton::clicked, this, &ErrorBanner::dismiss);
    connect(m_action, &QPushButton::clicked, this, &ErrorBanner::actionTriggered);
    hide();
}

void ErrorBanner::showMessage(const QString& message)
{
    ++m_count;
    m_label->setText(m_count > 1 ? tr("%1  (%2 messages; this is the latest)").arg(message).arg(m_count) : message);
    m_label->setToolTip(message);
    m_action->hide();
    show();
}

void ErrorBanner::setAction(const QString& text)
{
    m_action->setText(text);
    m_action->setVisible(!text.isEmpty());
}

QString ErrorBanner::actionText() const
{
    return m_action->isVisibleTo(this) ? m_action->text() : QString();
}

void ErrorBanner::dismiss()
{
    m_count = 0;
    m_action->hide();
    hide();
    emit dismissed();
}

QString ErrorBanner::message() const
{
    return m_label->toolTip();
}

} // namespace gan
