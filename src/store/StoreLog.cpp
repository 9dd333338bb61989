// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreLog.h"

namespace LeadRelay
{
Q_LOGGING_CATEGORY(lcStore, "leadrelay.store")
} // namespace LeadRelay
