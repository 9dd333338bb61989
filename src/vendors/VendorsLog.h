// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace LeadRelay
{

// The vendors layer's log: sizes, states and field names only, never a body, a lead or a credential.
Q_DECLARE_LOGGING_CATEGORY(lcVendors)

} // namespace LeadRelay
