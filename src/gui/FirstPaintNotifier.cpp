// SPDX-License-Identifier: GPL-3.0-or-later
#include "FirstPaintNotifier.h"

#include <QEvent>
#include <QWidget>

namespace LeadRelay
{

FirstPaintNotifier::FirstPaintNotifier(QWidget *window, std::function<void()> afterFirstPaint)
    : QObject(window)
    , m_afterFirstPaint(std::move(afterFirstPaint))
{
    window->installEventFilter(this);
}

void FirstPaintNotifier::watch(QWidget *window, std::function<void()> afterFirstPaint)
{
    new FirstPaintNotifier(window, std::move(afterFirstPaint));
}

bool FirstPaintNotifier::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && !m_fired) {
        m_fired = true;
        watched->removeEventFilter(this);
        // The paint event arrives before the window's children paint and before the backing store is flushed to
        // the screen; both happen in the same synchronous pass, so a queued call runs once the pixels are out.
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_afterFirstPaint();
                deleteLater();
            },
            Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace LeadRelay
