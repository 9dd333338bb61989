// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PayloadCodec.h"
#include "SubmissionRecord.h"

#include <QSqlDatabase>
#include <QVariant>

class QSqlQuery;

namespace LeadRelay
{

// The SQL side of the history, shared by the store and its schema: column list, row mapping, value encoding
// and the WHERE / ORDER BY text built from a filter. Only fixed SQL text is produced here; every value the
// user can influence travels as a bound parameter. Portable SQL: it also runs on PostgreSQL.
// Implemented in HistorySql.cpp (columns, rows, WHERE/ORDER BY), HistoryValues.cpp (value encoding) and
// WriteTransaction.cpp.
namespace HistorySql
{

// "2026-11-22T17:04:05.123Z": sorts as text, portable, unambiguous. NULL for an invalid time.
QVariant timeValue(const QDateTime &time);
// A null QString binds as SQL NULL; the NOT NULL text columns take '' instead.
QString notNull(const QString &text);
QDateTime timeFromValue(const QVariant &value);

// Bytes go into TEXT columns as UTF-8 when they round-trip exactly (and hold no NUL, which PostgreSQL text
// cannot store), otherwise as base64 with the column's *_base64 flag set. Capped at `cap` bytes first, cut
// on a UTF-8 character boundary when the bytes are text.
struct StoredBytes
{
    QVariant text;
    int base64 = 0;
};
StoredBytes storeBytes(const QByteArray &bytes, int cap);
QByteArray loadBytes(const QVariant &text, bool base64);
QByteArray capBytes(const QByteArray &bytes, int cap);

// The payload columns (lead_json, redacted_request, raw_answer, callback_body) since schema 8: compressed (see
// PayloadCodec), bound as bytes (BLOB on SQLite, bytea on PostgreSQL), their *_base64 flags 0. A null QByteArray
// binds as NULL. Capped at `cap` bytes first, as storeBytes() does.
QVariant storePayload(const QByteArray &bytes, int cap, const PayloadCodec::Dictionary *dictionary);
// The redacted request: compressed against the row's lead when that is smaller (it largely repeats the lead).
QVariant storeRequest(const QByteArray &bytes, const QByteArray &lead, const PayloadCodec::Dictionary *dictionary);
// Every reader of a payload column goes through here: a value written before schema 8 (text, or base64 text when
// its flag says so) or a compressed one. `lead`: the row's decoded lead (a request may be stored against it).
// A damaged value gives its error, never a crash.
PayloadCodec::Decoded loadPayload(const QVariant &stored, bool base64, const PayloadCodec::DictionaryLookup &lookup,
                                  const QByteArray &lead = {});

QString messagesJson(const QStringList &messages);
QStringList messagesFromJson(const QString &json);
QString issuesJson(const FieldIssues &issues);
FieldIssues issuesFromJson(const QString &json);

// The columns of a full row, in the order readRecord() expects, and the FROM clause that joins the row
// (table alias s) with its payload (alias p). WHERE and ORDER BY text uses unqualified submissions columns.
QString selectColumns();
QString fromClause();
// The same columns without the large payloads (lead, request, answer, callback body read back empty), for reads
// that never show them (exports). Use with a FROM of "submissions s".
QString slimSelectColumns();
// `lookup` finds the dictionaries the payloads name; a payload that cannot be decoded is left empty and its error
// (naming the row and the column) goes to *payloadError when given.
SubmissionRecord readRecord(const QSqlQuery &query, const PayloadCodec::DictionaryLookup &lookup,
                            QString *payloadError = nullptr);
// INSERTs of a full row (submissions, then submission_payloads) with positional placeholders, bound in order.
QString insertSubmissionStatement();
QString insertPayloadStatement();
void bindSubmission(QSqlQuery &query, const SubmissionRecord &record);
// The values bindSubmission() binds, in order.
QVariantList submissionValues(const SubmissionRecord &record);
// `dictionary`: the history's current one (PayloadDictionaries::current()), nullptr when it has none yet.
void bindPayload(QSqlQuery &query, const SubmissionRecord &record, int cap, const PayloadCodec::Dictionary *dictionary);
// bindPayload() in two steps: the values, compressed (thread-safe: a bulk import makes them on worker threads),
// then bound.
QVariantList payloadValues(const SubmissionRecord &record, int cap, const PayloadCodec::Dictionary *dictionary);
void bindPayloadValues(QSqlQuery &query, const QVariantList &values);

// Conditions joined with AND (no leading WHERE), and the values for their placeholders, in order.
struct Where
{
    QStringList conditions;
    QVariantList values;
    // Set by a search the index narrows (HistorySearch::addCandidates): its FTS5 expression and the position of
    // its condition in conditions. SQLite only.
    QString ftsMatch;
    int ftsCondition = -1;
    QString sql() const; // " WHERE a AND b" or empty
};
// nativeCaseInsensitiveLike: the database's LIKE ignores (ASCII) case by itself, as SQLite's does.
Where whereFor(const HistoryFilter &filter, bool nativeCaseInsensitiveLike);
// '%' and '_' (and the escape character '!') escaped for LIKE ... ESCAPE '!'.
QString likeEscaped(const QString &text);

// Whitelisted column of a sort: the only way a sort reaches the SQL text.
QString sortColumn(HistorySort sort);
QVariant sortValue(HistorySort sort, const SubmissionRecord &record);
QString orderBy(HistorySort sort, Qt::SortOrder order);

// A write transaction, begun as the backend's dialect says (HistoryDialect::beginWrite). Rolls back unless
// committed.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    bool isActive() const { return m_active; }
    QString error() const { return m_error; }
    bool commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    QString m_error;
};

} // namespace HistorySql
} // namespace LeadRelay
