// SPDX-License-Identifier: GPL-3.0-or-later
#include "VendorsLog.h"

namespace LeadRelay
{

Q_LOGGING_CATEGORY(lcVendors, "leadrelay.vendors")

} // namespace LeadRelay
