// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Lead.h"

#include <QDateTime>
#include <QMetaType>

namespace LeadRelay
{

// A lead taken from the history back into the form ("Load into form", "Send to the other buyer"): the lead as it
// was sent, the buyer to select, and when it was sent, so the form can say where the lead came from (issue 11,
// item 3).
struct HistoryLoad
{
    Lead lead;
    QString vendorId;        // the buyer to select: the row's own, or the other one
    QString sentToVendorId;  // the buyer the row was sent to
    QDateTime submittedAt;   // UTC
    bool otherBuyer = false; // the problems for vendorId are shown at once
    bool training = false;   // the row went to the simulator
};

} // namespace LeadRelay

Q_DECLARE_METATYPE(LeadRelay::HistoryLoad)
