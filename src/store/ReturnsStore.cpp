// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: buyers' returns (lookups for matching a return line, and recording returns). Reading the buyer's
// file and deciding what each line means is pipeline/ReturnsImport's job.
#include "HistoryStore.h"

#include "HistorySql.h"
#include "HistoryStore_p.h"
#include "StoreLog.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <tuple>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

using namespace HistorySql;

namespace
{

// Keys per lookup: one statement scans the vendor's rows once for this many lines of the buyer's file, and stays
// far below SQLite's and PostgreSQL's limits on bound parameters.
constexpr int KeysPerLookup = 200;

const QString CandidateColumns = u"SELECT id, agent, created_at, phone, vendor_lead_id, vendor_transaction_id, "
                                 "billable, returned_at, return_reason FROM submissions"_s;

ReturnCandidate readCandidate(const QSqlQuery &query)
{
    ReturnCandidate c;
    c.id = query.value(0).toString();
    c.agent = query.value(1).toString();
    c.createdAt = timeFromValue(query.value(2));
    c.phone = query.value(3).toString();
    c.vendorLeadId = query.value(4).toString();
    c.vendorTransactionId = query.value(5).toString();
    c.billable = query.value(6).toInt() != 0;
    c.returnedAt = timeFromValue(query.value(7));
    c.returnReason = query.value(8).toString();
    return c;
}

} // namespace

std::optional<QList<ReturnCandidate>> HistoryStore::returnCandidates(const QString &vendorId, ReturnKey key,
                                                                     const QStringList &keys)
{
    if (!ready())
        return std::nullopt;
    // Whitelisted: the only way a key kind reaches the SQL text.
    const QString column = key == ReturnKey::VendorLeadId ? u"vendor_lead_id"_s : u"vendor_transaction_id"_s;
    QList<ReturnCandidate> found;
    for (qsizetype start = 0; start < keys.size(); start += KeysPerLookup) {
        const QStringList chunk = keys.mid(start, KeysPerLookup);
        QStringList marks;
        marks.fill(u"?"_s, chunk.size());
        QVariantList values{vendorId};
        for (const QString &value : chunk)
            values.append(value);
        QSqlQuery query(d->db);
        query.setForwardOnly(true);
        // "<> ''" written out: it names the condition of the partial index on the column (migration 11), and a
        // blank key in a buyer's file matches nothing. No ORDER BY: SQLite would rather walk the vendor's rows in
        // submissions_vendor_created's order than sort a few matches; they are sorted below.
        const QString sql = CandidateColumns + u" WHERE vendor_id = ? AND "_s + column + u" <> '' AND "_s + column +
                            u" IN ("_s + marks.join(u", "_s) + u")"_s;
        if (!execBound(query, sql, values)) {
            fail(tr("Could not look up returned leads"), query.lastError().text());
            return std::nullopt;
        }
        while (query.next())
            found.append(readCandidate(query));
    }
    std::sort(found.begin(), found.end(), [](const ReturnCandidate &a, const ReturnCandidate &b) {
        return std::tie(a.createdAt, a.id) < std::tie(b.createdAt, b.id);
    });
    return found;
}

std::optional<QList<ReturnCandidate>> HistoryStore::returnCandidatesByPhone(const QString &vendorId,
                                                                            const QString &phoneDigits,
                                                                            const QDateTime &from,
                                                                            const QDateTime &until)
{
    if (!ready())
        return std::nullopt;
    // phone, vendor_id, created_at: the duplicate guard's index answers this.
    QString sql = CandidateColumns + u" WHERE phone = ? AND vendor_id = ? AND billable = 1"_s;
    QVariantList values{phoneDigits, vendorId};
    if (from.isValid()) {
        sql += u" AND created_at >= ?"_s;
        values.append(timeValue(from));
    }
    if (until.isValid()) {
        sql += u" AND created_at < ?"_s;
        values.append(timeValue(until));
    }
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    if (!execBound(query, sql + u" ORDER BY created_at, id"_s, values)) {
        fail(tr("Could not look up returned leads"), query.lastError().text());
        return std::nullopt;
    }
    QList<ReturnCandidate> found;
    while (query.next())
        found.append(readCandidate(query));
    return found;
}

std::optional<QStringList> HistoryStore::recordReturns(const QList<ReturnWrite> &writes)
{
    auto failed = [&](const QString &text) {
        fail(tr("Could not record the returns"), text);
        return std::nullopt;
    };
    if (!ready())
        return failed(d->lastError);
    WriteTransaction transaction(d->db);
    if (!transaction.isActive())
        return failed(transaction.error());
    QSqlQuery update(d->db);
    // "returned_at IS NULL": a return is recorded once; importing the file again, or two supervisors importing it
    // at once, changes nothing the second time.
    if (!update.prepare(u"UPDATE submissions SET returned_at = ?, return_reason = ?, return_recorded_at = ? "
                        "WHERE id = ? AND returned_at IS NULL"_s))
        return failed(update.lastError().text());
    const QVariant recordedAt = timeValue(d->clock());
    QStringList changedIds;
    for (const ReturnWrite &write : writes) {
        update.addBindValue(timeValue(write.returnedAt));
        update.addBindValue(notNull(write.reason));
        update.addBindValue(recordedAt);
        update.addBindValue(write.id);
        if (!update.exec())
            return failed(update.lastError().text());
        if (update.numRowsAffected() > 0)
            changedIds.append(write.id);
    }
    if (!transaction.commit())
        return failed(transaction.error());
    qCInfo(lcStore) << "Returns recorded:" << changedIds.size() << "of" << writes.size();
    for (const QString &id : std::as_const(changedIds))
        Q_EMIT changed(id);
    return changedIds;
}

} // namespace LeadRelay
