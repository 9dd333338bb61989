// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Clock.h"

#include <QDateTime>
#include <QTimeZone>

namespace LeadRelay::Test
{

// The real clock moved to 19:00 UTC of today, still ticking: inside every US calling window (9:00 in Hawaii,
// 15:00 in Maine, Texas' Sunday from noon), so a window test that records consent does not depend on the hour it
// runs at. Tests of the calling window itself inject fixed clocks instead.
inline Clock callingHoursClock()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 shift = now.secsTo(QDateTime(now.date(), QTime(19, 0), Qt::UTC));
    return [shift] { return QDateTime::currentDateTimeUtc().addSecs(shift); };
}

} // namespace LeadRelay::Test
