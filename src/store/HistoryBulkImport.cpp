// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore's bulk import (importRecords, copyRecords): whole records, one transaction per call.
//
// What a batch costs, and why it is written this way (issue 10, profiled with perf on make_history_db):
// - The search index (SQLite) and the roll-up: their per-row insert triggers stand aside while the batch's
//   transaction holds the flag row of migration 13, and one statement each adds the batch's rows before the commit
//   (MigrationBulkImport.h: FTS5 wrote one index segment per row).
// - SQLite's statement journal: every INSERT (it has triggers) journals the pages it touches so that it alone can be
//   undone; past 64 KiB that journal went to a temporary file, 44 writes per row (strace). For the batch it stays in
//   memory (temp_store), and the page cache is large enough to hold what the batch dirties (BulkCacheKiB).
// - Compression (a third of the CPU) runs on worker threads ahead of the inserts (PayloadPipeline), and rows go 50
//   to a statement (RowsPerStatement).
// Durability is unchanged: one transaction per call, committed with the history's synchronous setting; the journal
// kept in memory is only the statement's, which a crash discards with the whole uncommitted transaction anyway.
#include "HistoryDialect.h"
#include "HistorySql.h"
#include "HistoryStore.h"
#include "HistoryStore_p.h"
#include "MigrationBulkImport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <deque>
#include <future>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

using namespace HistorySql;

namespace
{

// The page cache of the import's connection while it writes (SQLite allocates pages only as they are used, and
// gives them back when the cache is set back). 256 MiB holds every page a batch of 20,000 rows dirties at 3
// million rows, where the random keys (ids, callback tokens, phones) touch a page of their index for nearly every
// row.
constexpr int BulkCacheKiB = 256 * 1024;

// Payloads are compressed on worker threads, a chunk of rows each, a few chunks ahead of the rows being inserted:
// compression was a third of an import's CPU, and the inserts themselves can only run on the connection's thread.
// The bytes are the same as bindPayload()'s.
constexpr qsizetype ChunkRows = 500;

class PayloadPipeline
{
public:
    PayloadPipeline(const QList<SubmissionRecord> &records, const PayloadCodec::Dictionary *dictionary)
        : m_records(records)
        , m_dictionary(dictionary)
        , m_ahead(qBound(1, QThread::idealThreadCount() - 1, 4))
    {}
    // The payload values of row `index`, asked for in order 0, 1, 2, ...
    QVariantList take(qsizetype index)
    {
        while (m_next <= index + m_ahead * ChunkRows && m_next < m_records.size()) {
            const qsizetype from = m_next;
            m_next = qMin(from + ChunkRows, m_records.size());
            m_chunks.push_back(std::async(std::launch::async, [this, from, to = m_next] {
                QList<QVariantList> values;
                values.reserve(to - from);
                for (qsizetype i = from; i < to; ++i)
                    values.append(HistorySql::payloadValues(m_records.at(i), HistoryStore::RawAnswerCap, m_dictionary));
                return values;
            }));
        }
        if (index - m_firstOfCurrent >= m_current.size()) {
            m_firstOfCurrent += m_current.size();
            m_current = m_chunks.front().get();
            m_chunks.pop_front();
        }
        return m_current.at(index - m_firstOfCurrent);
    }

private:
    const QList<SubmissionRecord> &m_records;
    const PayloadCodec::Dictionary *m_dictionary;
    const int m_ahead;
    qsizetype m_next = 0;
    std::deque<std::future<QList<QVariantList>>> m_chunks; // waited for when destroyed (std::async's futures)
    QList<QVariantList> m_current;
    qsizetype m_firstOfCurrent = 0;
};

// Sets SQLite's cache_size for the import, and back when done (no-op on PostgreSQL).
class BulkCache
{
public:
    explicit BulkCache(const QSqlDatabase &db)
        : m_db(db)
    {
        QSqlQuery query(m_db);
        if (!query.exec(u"PRAGMA cache_size"_s) || !query.next())
            return;
        m_previous = query.value(0).toInt();
        query.finish();
        if (!query.exec(u"PRAGMA temp_store"_s) || !query.next())
            return;
        m_previousTemp = query.value(0).toInt();
        query.finish();
        m_set =
            query.exec(u"PRAGMA cache_size = -%1"_s.arg(BulkCacheKiB)) && query.exec(u"PRAGMA temp_store = MEMORY"_s);
    }
    ~BulkCache()
    {
        if (!m_set)
            return;
        QSqlQuery query(m_db);
        query.exec(u"PRAGMA cache_size = %1"_s.arg(m_previous));
        query.exec(u"PRAGMA temp_store = %1"_s.arg(m_previousTemp));
    }
    BulkCache(const BulkCache &) = delete;
    BulkCache &operator=(const BulkCache &) = delete;

private:
    QSqlDatabase m_db;
    int m_previous = 0;
    int m_previousTemp = 0;
    bool m_set = false;
};

// Rows go in RowsPerStatement to an INSERT (submissions, then their payloads): one statement instead of fifty saves
// a statement's fixed costs on SQLite (its journal, its trigger programs) and a round trip on PostgreSQL.
constexpr int RowsPerStatement = 50;

// INSERT ... VALUES (...), (...), ... of `rows` rows, from the one-row statement.
QString multiRow(const QString &oneRow, int rows)
{
    const qsizetype values = oneRow.lastIndexOf(u"VALUES "_s) + 7;
    const QString tuple = oneRow.mid(values);
    QString sql = oneRow;
    for (int i = 1; i < rows; ++i)
        sql += u", "_s + tuple;
    return sql;
}

class RowWriter
{
public:
    explicit RowWriter(const QSqlDatabase &db)
        : m_db(db)
    {}
    // Queues one row (its submission's and its payload's values); writes when RowsPerStatement are queued.
    bool add(QVariantList submission, QVariantList payload, QString *error)
    {
        m_submissions.append(std::move(submission));
        m_payloads.append(std::move(payload));
        return m_submissions.size() < RowsPerStatement || flush(error);
    }
    bool flush(QString *error)
    {
        if (m_submissions.isEmpty())
            return true;
        const int rows = int(m_submissions.size());
        const bool full = rows == RowsPerStatement;
        QSqlQuery partSubmissions(m_db);
        QSqlQuery partPayloads(m_db);
        QSqlQuery *submissions = full ? &m_fullSubmissions : &partSubmissions;
        QSqlQuery *payloads = full ? &m_fullPayloads : &partPayloads;
        if (!full || !m_prepared) {
            if (!submissions->prepare(multiRow(HistorySql::insertSubmissionStatement(), rows)) ||
                !payloads->prepare(multiRow(HistorySql::insertPayloadStatement(), rows))) {
                *error =
                    submissions->lastError().isValid() ? submissions->lastError().text() : payloads->lastError().text();
                return false;
            }
            m_prepared = m_prepared || full;
        }
        bindRows(*submissions, m_submissions);
        bindRows(*payloads, m_payloads);
        m_submissions.clear();
        m_payloads.clear();
        if (!submissions->exec()) {
            *error = submissions->lastError().text();
            return false;
        }
        if (!payloads->exec()) {
            *error = payloads->lastError().text();
            return false;
        }
        return true;
    }

private:
    static void bindRows(QSqlQuery &query, const QList<QVariantList> &rows)
    {
        int at = 0;
        for (const QVariantList &row : rows) {
            for (const QVariant &value : row)
                query.bindValue(at++, value);
        }
    }

    QSqlDatabase m_db;
    QSqlQuery m_fullSubmissions{m_db};
    QSqlQuery m_fullPayloads{m_db};
    bool m_prepared = false;
    QList<QVariantList> m_submissions;
    QList<QVariantList> m_payloads;
};

} // namespace

bool HistoryStore::importRecords(const QList<SubmissionRecord> &records)
{
    return insertRecords(records, false) >= 0;
}

int HistoryStore::copyRecords(const QList<SubmissionRecord> &records)
{
    return insertRecords(records, true);
}

int HistoryStore::insertRecords(const QList<SubmissionRecord> &records, bool skipExisting)
{
    auto failed = [&](const QString &text) {
        fail(tr("Could not import into the history"), text);
        return -1;
    };
    if (!ready())
        return failed(d->lastError);
    // Before the transaction: training reads a sample and commits the dictionary on its own.
    QString error;
    if (!d->dictionaries.trainIfDue(d->db, &error))
        return failed(error);
    const bool server = d->location.isServer();
    std::optional<BulkCache> cache;
    if (!server)
        cache.emplace(d->db);
    WriteTransaction transaction(d->db);
    if (!transaction.isActive())
        return failed(transaction.error());
    const auto dictionary = d->dictionaries.current(d->db, &error);
    if (!error.isEmpty())
        return failed(error);
    // On a team server only the owner may defer the roll-up (MigrationBulkImport.h); anyone else's rows go through
    // the per-row trigger as before.
    const bool deferRollup = !server || d->role == Role::Owner;
    if (deferRollup) {
        QSqlQuery flag(d->db);
        if (!flag.exec(u"INSERT INTO bulk_import (id) VALUES (1)"_s))
            return failed(flag.lastError().text());
    }
    QSqlQuery exists(d->db);
    if (!exists.prepare(u"SELECT 1 FROM submissions WHERE id = ?"_s))
        return failed(exists.lastError().text());
    QJsonArray inserted;
    QSet<QString> queued; // a copy skips an id met twice in one call, as it skips one the history holds
    PayloadPipeline payloads(records, dictionary.get());
    RowWriter writer(d->db);
    for (qsizetype index = 0; index < records.size(); ++index) {
        const SubmissionRecord &record = records.at(index);
        QVariantList payloadRow = payloads.take(index);
        if (skipExisting) {
            if (queued.contains(record.id))
                continue;
            exists.addBindValue(record.id);
            if (!exists.exec())
                return failed(exists.lastError().text());
            const bool there = exists.next();
            exists.finish();
            if (there)
                continue;
            queued.insert(record.id);
        }
        if (!writer.add(submissionValues(record), std::move(payloadRow), &error))
            return failed(error);
        inserted.append(record.id);
    }
    if (!writer.flush(&error))
        return failed(error);
    if (deferRollup) {
        // The flag goes first: from here on, nothing in this transaction is left out of the roll-up or the index.
        QSqlQuery flag(d->db);
        if (!flag.exec(u"DELETE FROM bulk_import"_s))
            return failed(flag.lastError().text());
        const QString ids = QString::fromUtf8(QJsonDocument(inserted).toJson(QJsonDocument::Compact));
        for (const QString &statement : bulkIndexStatements(HistoryDialect::of(d->db))) {
            QSqlQuery add(d->db);
            if (!inserted.isEmpty() && !execBound(add, statement, {ids}))
                return failed(add.lastError().text());
        }
    }
    if (!transaction.commit())
        return failed(transaction.error());
    return int(inserted.size());
}

} // namespace LeadRelay
