// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace LeadRelay
{

struct HistoryDialect;

// Migration 7: the dashboard's roll-up. One row per (UTC day of created_at, vendor, agent, campaign, account mode,
// state, final, returned) holds how many submissions have that key, how many of them the vendor called billable,
// and the total and number of preliminary-to-final times (milliseconds from answered_at to finalised_at).
//
// Triggers on submissions keep it in step inside the very transaction of every insert, update and delete (the old
// row's contribution subtracted, the new one's added), so a report reads a few thousand roll-up rows instead of a
// million submissions, and is never behind the history. Existing rows are counted into it by the migration.
//
// Days are UTC: the roll-up cannot know each reader's time zone, and a floor spans several. On a team server the
// trigger function is SECURITY DEFINER (agents cannot write the roll-up themselves) and row-level security shows
// an agent only its own rows, as on submissions.
QStringList migrationRollup(const HistoryDialect &dialect);

// The roll-up's SQL for later steps (MigrationBulkImport.cpp), built by the same code as migration 7's.
namespace RollupSql
{
// SQLite: the insert trigger's statement (NEW's contribution added).
QString sqliteAddRow();
// PostgreSQL: the trigger function again (CREATE OR REPLACE), with `prologue` run first.
QString postgresTriggerFunction(const QString &prologue);
// Adds the contribution of the submissions `where` picks (alias s) to the roll-up: one row per key, summed.
QString addAggregate(const HistoryDialect &dialect, const QString &where);
} // namespace RollupSql

} // namespace LeadRelay
