// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: the reading side (duplicate guard, one record, pages, counts); bulk import is HistoryBulkImport.cpp.
#include "HistoryStore.h"

#include "HistoryDialect.h"
#include "HistorySearch.h"
#include "HistorySql.h"
#include "HistoryStore_p.h"
#include "StoreLog.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

using namespace HistorySql;

namespace
{

// A page's SELECT ... FROM: with the bodies, or the slim row alone (no payload row read, nothing decompressed).
QString pageSelect(HistoryStore::Bodies bodies)
{
    return bodies == HistoryStore::Bodies::Read ? u"SELECT "_s + selectColumns() + fromClause()
                                                : u"SELECT "_s + slimSelectColumns() + u" FROM submissions s"_s;
}

} // namespace

std::optional<DuplicateHit> findDuplicateIn(const QSqlDatabase &db, const QString &vendorId, const QString &phoneDigits,
                                            const QDateTime &since, QString *error)
{
    QSqlQuery query(db);
    if (!execBound(query, HistoryDialect::of(db).duplicateLookup,
                   {phoneDigits, vendorId, timeValue(since), outcomeStateKey(OutcomeState::NotDelivered),
                    outcomeStateKey(OutcomeState::AccountError), outcomeStateKey(OutcomeState::Invalid)})) {
        *error = query.lastError().text();
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return DuplicateHit{query.value(0).toString(), timeFromValue(query.value(1)),
                        outcomeStateFromKey(query.value(2).toString()).value_or(OutcomeState::DeliveryUnknown)};
}

std::optional<DuplicateHit> HistoryStore::findDuplicate(const QString &vendorId, const QString &phoneDigits,
                                                        const QDateTime &since)
{
    if (!ready()) {
        return std::nullopt;
    }
    QString error;
    const auto hit = findDuplicateIn(d->db, vendorId, phoneDigits, since, &error);
    if (!error.isEmpty())
        fail(tr("Could not look for an earlier submission"), error);
    return hit;
}

std::optional<SubmissionRecord> HistoryStore::record(const QString &id)
{
    if (!ready()) {
        return std::nullopt;
    }
    const auto lookup = d->dictionaries.lookup(d->db);
    QSqlQuery query(d->db);
    if (!execBound(query, u"SELECT "_s + selectColumns() + fromClause() + u" WHERE s.id = ?"_s, {id})) {
        fail(tr("Could not read the history"), query.lastError().text());
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    QString payloadError;
    SubmissionRecord found = readRecord(query, lookup, &payloadError);
    if (!payloadError.isEmpty())
        fail(tr("Part of submission %1 cannot be read").arg(id), payloadError);
    return found;
}

QList<SubmissionRecord> HistoryStore::query(const HistoryFilter &filter, HistorySort sort, Qt::SortOrder order,
                                            int offset, int limit, Bodies bodies)
{
    QList<SubmissionRecord> result;
    if (!ready() || limit <= 0)
        return result;
    Where where = whereFor(filter, HistoryDialect::of(d->db).nativeCaseInsensitiveLike);
    HistorySearch::preferOrderIndex(where, d->db, limit + qMax(0, offset));
    where.values << limit << qMax(0, offset);
    const auto lookup = d->dictionaries.lookup(d->db);
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    // The page's ids first, from the slim table (for the default order from the index alone), then their full
    // rows: a deep OFFSET then skips index entries, not whole rows with their payloads.
    const QString sql = pageSelect(bodies) + u" WHERE s.id IN (SELECT id FROM submissions"_s + where.sql() +
                        orderBy(sort, order) + u" LIMIT ? OFFSET ?)"_s + orderBy(sort, order);
    if (!execBound(query, sql, where.values)) {
        fail(tr("Could not read the history"), query.lastError().text());
        return result;
    }
    while (query.next())
        result.append(readRecord(query, lookup));
    return result;
}

QList<SubmissionRecord> HistoryStore::queryAfter(const HistoryFilter &filter, HistorySort sort, Qt::SortOrder order,
                                                 const SubmissionRecord &after, int limit, Bodies bodies)
{
    QList<SubmissionRecord> result;
    if (!ready() || limit <= 0)
        return result;
    Where where = whereFor(filter, HistoryDialect::of(d->db).nativeCaseInsensitiveLike);
    // A row-value comparison (standard SQL, SQLite >= 3.15, PostgreSQL) in the order of orderBy().
    const QString op = order == Qt::AscendingOrder ? u">"_s : u"<"_s;
    const QString column = sortColumn(sort);
    if (column == u"created_at"_s) {
        where.conditions.append(u"(created_at, id) "_s + op + u" (?, ?)"_s);
    } else {
        where.conditions.append(u"("_s + column + u", created_at, id) "_s + op + u" (?, ?, ?)"_s);
        where.values.append(sortValue(sort, after));
    }
    where.values << timeValue(after.createdAt) << after.id << limit;
    HistorySearch::preferOrderIndex(where, d->db, limit);
    const auto lookup = d->dictionaries.lookup(d->db);
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    // The ids from submissions alone, as in query(): the search index's condition names submissions' rowid.
    const QString sql = pageSelect(bodies) + u" WHERE s.id IN (SELECT id FROM submissions"_s + where.sql() +
                        orderBy(sort, order) + u" LIMIT ?)"_s + orderBy(sort, order);
    if (!execBound(query, sql, where.values)) {
        fail(tr("Could not read the history"), query.lastError().text());
        return result;
    }
    while (query.next())
        result.append(readRecord(query, lookup));
    return result;
}

qint64 HistoryStore::count(const HistoryFilter &filter)
{
    if (!ready()) {
        return -1;
    }
    Where where = whereFor(filter, HistoryDialect::of(d->db).nativeCaseInsensitiveLike);
    QString from = u" FROM submissions"_s;
    if (!where.ftsMatch.isEmpty()) {
        // The index's rows joined to theirs, instead of `rowid IN (...)`: no temporary table of every candidate
        // to build first (a third less time for "nguyen", 83,000 candidates at 1M rows). The subquery names only
        // its rowid, so the conditions' columns still mean submissions'.
        from = u" FROM (SELECT rowid AS search_rowid FROM submissions_search WHERE submissions_search MATCH ?) "
               "AS found JOIN submissions ON submissions.rowid = found.search_rowid"_s;
        where.conditions[where.ftsCondition] = u"? IS NOT NULL"_s;
        where.values.prepend(where.ftsMatch);
    }
    QSqlQuery query(d->db);
    if (!execBound(query, u"SELECT COUNT(*)"_s + from + where.sql(), where.values) || !query.next()) {
        fail(tr("Could not count the history"), query.lastError().text());
        return -1;
    }
    return query.value(0).toLongLong();
}

qint64 HistoryStore::approximateCount(const HistoryFilter &filter, bool *exact)
{
    if (exact)
        *exact = true;
    const bool textOnly = filter.vendorId.isEmpty() && filter.agent.isEmpty() && filter.stateKey.isEmpty() &&
                          !filter.since.isValid() && !filter.until.isValid();
    if (filter.text.trimmed().isEmpty() || !textOnly || !ready())
        return count(filter);
    const Where where = whereFor(filter, HistoryDialect::of(d->db).nativeCaseInsensitiveLike);
    if (where.ftsMatch.isEmpty())
        return count(filter);
    bool counted = false;
    const qint64 about = HistorySearch::estimatedCount(d->db, where.ftsMatch, &counted);
    // Few candidates: the exact count reads only those rows, as cheap as the estimate.
    if (about < 0 || counted)
        return count(filter);
    if (exact)
        *exact = false;
    return about;
}

qint64 HistoryStore::dataVersion()
{
    if (!ready() || d->location.isServer())
        return -1;
    QSqlQuery query(d->db);
    if (!query.exec(u"PRAGMA data_version"_s) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

bool HistoryStore::mapForReading()
{
    if (!ready())
        return false;
    if (d->location.isServer())
        return true;
    QSqlQuery query(d->db);
    // SQLite caps the size at what it was built for; a file larger than the map is read beyond it as before. The
    // history is a local file (WAL needs one), where the map's one risk, a read error ending the process instead of
    // failing the query, is the disk failing under the file.
    if (!query.exec(u"PRAGMA mmap_size = 2147418112"_s)) {
        fail(tr("Could not read the history"), query.lastError().text());
        return false;
    }
    return true;
}

} // namespace LeadRelay
