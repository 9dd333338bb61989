// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history's free-text search index (schema 6) and the candidate filter that uses it.
//
// What a supervisor types is matched, as before, by LIKE '%text%' (ASCII case ignored on SQLite, LOWER() on
// PostgreSQL) against the customer's name, the agent, the campaign and the vendor's lead and transaction ids, and
// its digits against the phone. Those LIKEs read every row; the index only narrows the rows they read:
// - SQLite: an FTS5 table with the trigram tokenizer over those columns, external content (the text stays in
//   submissions), detail=none and no column sizes, so it costs about one rowid per trigram and row. detail=none
//   cannot answer phrase queries, so a search becomes "every trigram of the text" (a superset: the trigrams may
//   sit apart, or fold case beyond ASCII), and the LIKEs then keep exactly today's rows. Kept in step by triggers,
//   so every write path (begin, answers, callbacks, imports, copies) updates it in its own transaction.
//   The FTS rowid is submissions' rowid: a VACUUM may renumber those (the table has no INTEGER PRIMARY KEY), so
//   whoever vacuums the history must call rebuildSql() afterwards.
// - PostgreSQL: pg_trgm's GIN index over one lower-cased expression of the same columns; the candidate condition
//   is that expression LIKE the pattern (a superset again), followed by the same exact LIKEs.
// Text shorter than a trigram cannot use the index on SQLite: such a search reads every row, as before.

#include "HistorySql.h"

namespace LeadRelay
{

struct HistoryDialect;

namespace HistorySearch
{

// Migration 6: the index, the triggers that keep it in step, and its backfill of the rows already there.
QStringList migrationStep(const HistoryDialect &dialect);
// PostgreSQL: the lower-cased searched columns as one text, the expression the trigram index is built on.
QString postgresSearchExpression();
// SQLite: rebuilds the whole index from submissions (after a VACUUM).
QString rebuildSql();
// SQLite: the index's insert trigger (migration 6's, with `when` between its event and its body: migration 13), and
// the statement that indexes the submissions `where` picks, in one go (a bulk import's rows).
QString sqliteInsertTrigger(const QString &when);
QString sqliteAddRows(const QString &where);

// The FTS5 MATCH expression for a search: every trigram of text (AND), OR every trigram of digits. Empty when a
// non-empty part is shorter than three characters (the index cannot narrow it).
QString ftsQuery(const QString &text, const QString &digits);

// Appends to where the index-backed candidate condition for a search of text (already trimmed) and its digits
// (possibly empty), for the backend; does nothing when the index cannot narrow the search. The caller appends the
// exact LIKE conditions as well.
void addCandidates(HistorySql::Where &where, const QString &text, const QString &digits, bool sqlite);

// SQLite: how many rows the index holds for an FTS5 expression (at least as many as the search matches; the same
// unless the trigrams sit apart or fold case beyond ASCII). -1 on error.
qint64 candidateCount(const QSqlDatabase &db, const QString &match);

// How many of the newest candidates an estimate reads: its figure is then within a few percent (one standard
// deviation of a count of 1,000 is 3%), rounded to two significant digits so it does not look exact.
inline constexpr int EstimateSample = 1000;

// SQLite: about how many rows the index holds for match, at a cost that does not grow with the history: where the
// newest EstimateSample candidates begin in the rowid range, scaled to the whole range ("nguyen", one row in
// twelve, about 83,000 at 1M rows, from 1,000 candidates instead of 83,000). Fewer candidates than that are
// counted, and *counted is set. -1 on error.
qint64 estimatedCount(const QSqlDatabase &db, const QString &match, bool *counted);

// SQLite, for a page of `limit` rows: when the search's candidates are many, drops the index's condition so the
// query walks the sort's index with the LIKEs and stops after `limit` rows, instead of reading every candidate
// and sorting them.
void preferOrderIndex(HistorySql::Where &where, const QSqlDatabase &db, int limit);

} // namespace HistorySearch
} // namespace LeadRelay
