// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace LeadRelay
{

struct HistoryDialect;

// Migration 11: indexes for two lookups that read the submissions table row by row at a million rows.
//
// - submissions_awaiting: the dashboard's stale count (Report.h) needs, for each preliminary row awaiting its final
//   result, its answer time, its creation day and the filter columns. Partial (only the awaiting rows, a few
//   percent of a history) and covering, so the count reads no table row: at 1M rows and a cold cache the table
//   lookups took 0.2 s for 30 days and 2 s for a year. The query must name the index's condition literally
//   (Report.cpp), as neither SQLite nor PostgreSQL matches a bound value against a partial index's WHERE.
// - submissions_vendor_lead, submissions_vendor_transaction: a buyer's returns file is matched by the vendor's lead
//   or transaction id (HistoryStore::returnCandidates). Without them each 200 keys scanned every row of the vendor
//   (2.7 s cold at 680,000 rows). Partial, so rows without such an id (every row of a vendor that has none) cost no
//   bytes.
QStringList lookupsMigration(const HistoryDialect &dialect);

} // namespace LeadRelay
