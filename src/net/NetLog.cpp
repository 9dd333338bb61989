// SPDX-License-Identifier: GPL-3.0-or-later
#include "NetLog.h"

namespace LeadRelay
{

Q_LOGGING_CATEGORY(lcNet, "leadrelay.net")

} // namespace LeadRelay
