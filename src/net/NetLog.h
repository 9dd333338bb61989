// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace LeadRelay
{

// The network layer's log: hosts, statuses, sizes and token prefixes only; never a body, a lead or a credential.
Q_DECLARE_LOGGING_CATEGORY(lcNet)

} // namespace LeadRelay
