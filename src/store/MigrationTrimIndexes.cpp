// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrationTrimIndexes.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

// Issue 10, point 6: at most 1 KB per row with every index, the search index included. Measured by bench_search at
// 1,000,000 rows (dbstat), schema 10 held about 1,030 bytes per row: the search index added 41 to the 968 of a
// file without it. Dropped, by the rule of migration 8 (MigrationCompactPayloads.cpp: sorts of columns with few
// values lose their index, filters and the first page keep theirs):
// - submissions_campaign_created (53 bytes per row): it served only the Campaign column's sort. No history filter
//   is by campaign; the dashboard and `report --by campaign` read the roll-up (migration 7); and a search for a
//   campaign's name goes through the search index. A campaign has few values (a handful per vendor), so such a
//   sort reads the slim table once for its top 100, a rare click, against 53 bytes on every row.
QStringList trimIndexesMigration(const HistoryDialect &)
{
    return {u"DROP INDEX submissions_campaign_created"_s};
}

// Migration 14, by the same rule, measured the same way at 1,000,000 rows (schema 13: 998 bytes per row):
// - submissions_state_final_answered (49 bytes per row): it served the rows awaiting a final result. Migration 11's
//   partial index submissions_awaiting holds exactly those rows (accepted, not final) with every column their
//   filters and counts read, a few bytes per row, and the queries name its condition literally, so any planner
//   can match it (HistorySql::whereFor(), Report.cpp's stale count). Every other use of `state` is served
//   by submissions_state_created and submissions_vendor_state_created.
QStringList trimAwaitingIndexMigration(const HistoryDialect &)
{
    return {u"DROP INDEX submissions_state_final_answered"_s};
}

} // namespace LeadRelay
