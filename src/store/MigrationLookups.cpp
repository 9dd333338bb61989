// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrationLookups.h"

#include "HistoryDialect.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

QStringList lookupsMigration(const HistoryDialect &)
{
    // The same SQL on both backends: partial indexes are plain SQL on each.
    return {
        u"CREATE INDEX submissions_awaiting ON submissions "
        "(state, final, answered_at, created_at, vendor_id, agent, campaign, account_mode) "
        "WHERE state = 'accepted' AND final = 0"_s,
        u"CREATE INDEX submissions_vendor_lead ON submissions (vendor_id, vendor_lead_id) WHERE vendor_lead_id <> ''"_s,
        u"CREATE INDEX submissions_vendor_transaction ON submissions (vendor_id, vendor_transaction_id) "
        "WHERE vendor_transaction_id <> ''"_s,
    };
}

} // namespace LeadRelay
