// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace LeadRelay
{

struct HistoryDialect;

// Migration 13: a bulk import (HistoryStore::importRecords, copyRecords) adds its rows to the dashboard's roll-up,
// and on SQLite to the search index, once per batch instead of once per row.
//
// Measured (issue 10, perf on make_history_db): on SQLite, every row's INSERT wrote the FTS5 index through its
// trigger inside a statement savepoint, and FTS5 flushes its pending terms to disk at every savepoint: one new index
// segment per row, merged again and again (a fifth of the import). The roll-up's trigger (migration 7) added an
// upsert per row; on PostgreSQL it also takes an advisory lock and writes a new version of a roll-up row each time.
// Now the import puts a row in `bulk_import` inside its own transaction; the insert triggers of the roll-up (both
// backends) and of the search index (SQLite) do nothing while that row exists; before committing, the import
// deletes the row again and adds the imported rows with one INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO
// UPDATE over their ids, and one INSERT ... SELECT into the search index (bulkIndexStatements()). The flag row is
// never committed, so no other connection ever sees it: every other write, and every update and delete, keeps the
// per-row triggers, and the roll-up and the index are exact at every commit.
//
// On a team server only the owner may write the flag (nothing is granted on it), so an agent cannot switch the
// roll-up off for its own rows; history copy is the owner's.
QStringList bulkImportMigration(const HistoryDialect &dialect);

// Statements of one parameter each, a JSON array of the submission ids just inserted in this transaction: they
// add those rows to the roll-up (on PostgreSQL after taking the per-agent-and-day advisory locks the trigger
// takes, in one order, so a bulk import and the callback receiver never deadlock) and on SQLite to the search index.
QStringList bulkIndexStatements(const HistoryDialect &dialect);

} // namespace LeadRelay
