// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore's grouped writes for batches: many answers and many new rows in one write transaction, so the
// fsync a durable commit costs is paid once per group. Nothing here weakens a single row's promise: a row's
// request is sent only after the commit that recorded it returned (the caller's side, see BatchSender).
#include "HistorySql.h"
#include "HistoryStore.h"
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

// The submission a batch row key was recorded with, inside the caller's transaction (or none).
std::optional<DuplicateHit> batchRowIn(const QSqlDatabase &db, const QByteArray &rowKey, QString *error,
                                       QString *batchId = nullptr)
{
    QSqlQuery query(db);
    if (!execBound(query,
                   u"SELECT s.id, s.created_at, s.state, b.batch_id FROM batch_rows b "
                   "JOIN submissions s ON s.id = b.submission_id WHERE b.row_key = ?"_s,
                   {QString::fromLatin1(rowKey)})) {
        *error = query.lastError().text();
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    if (batchId)
        *batchId = query.value(3).toString();
    return DuplicateHit{query.value(0).toString(), timeFromValue(query.value(1)),
                        outcomeStateFromKey(query.value(2).toString()).value_or(OutcomeState::DeliveryUnknown)};
}

// An earlier submission of the same batch row that provably never reached the buyer's decision may go again:
// not delivered (it never left) and an account problem (the buyer never looked at the lead), as for the
// duplicate guard. Everything else, above all delivery unknown, is reported and never sent twice.
bool mayGoAgain(OutcomeState state)
{
    return state == OutcomeState::NotDelivered || state == OutcomeState::AccountError;
}

} // namespace

bool HistoryStore::writeGroup(const QList<GroupAnswer> &answers, const QList<GroupStart> &starts,
                              QList<BeginResult> *begun)
{
    auto failed = [&](const QString &text) {
        begun->clear();
        return fail(tr("Could not record a group of submissions"), text);
    };
    begun->clear();
    if (!ready())
        return failed(d->lastError);
    if (answers.isEmpty() && starts.isEmpty())
        return true;
    QStringList written;
    {
        WriteTransaction transaction(d->db);
        if (!transaction.isActive())
            return failed(transaction.error());
        QString error;
        const QDateTime answeredAt = d->clock();
        for (const GroupAnswer &answer : answers) {
            bool changedRow = false;
            if (!writeAnswerIn(answer.id, answer.outcome, answer.durationMs, answeredAt, false, &changedRow, &error))
                return failed(tr("the answer of %1: %2").arg(answer.id, error));
            if (changedRow)
                written.append(answer.id);
        }
        for (const GroupStart &groupStart : starts) {
            if (!groupStart.rowKey.isEmpty()) {
                // In the same transaction as the insert: two runs of one batch cannot both take the row.
                QString earlierBatch;
                const auto earlier = batchRowIn(d->db, groupStart.rowKey, &error, &earlierBatch);
                if (!error.isEmpty())
                    return failed(error);
                // The same lead twice in one run is not a resumed row: the duplicate guard judges it, as it would
                // judge two single submissions.
                const bool sameRun = !groupStart.batchId.isEmpty() && earlierBatch == groupStart.batchId;
                if (earlier && !sameRun && !mayGoAgain(earlier->state)) {
                    BeginResult refused;
                    refused.earlier = earlier;
                    begun->append(refused);
                    continue;
                }
            }
            BeginResult result = beginIn(groupStart.start, &error);
            if (!error.isEmpty())
                return failed(error);
            if (!result.id.isEmpty() && !groupStart.rowKey.isEmpty()) {
                QSqlQuery drop(d->db);
                if (!execBound(drop, u"DELETE FROM batch_rows WHERE row_key = ?"_s,
                               {QString::fromLatin1(groupStart.rowKey)}))
                    return failed(drop.lastError().text());
                QSqlQuery insert(d->db);
                if (!execBound(
                        insert,
                        u"INSERT INTO batch_rows (row_key, submission_id, batch_id, line) VALUES (?, ?, ?, ?)"_s,
                        {QString::fromLatin1(groupStart.rowKey), result.id, groupStart.batchId, groupStart.line}))
                    return failed(insert.lastError().text());
                written.append(result.id);
            } else if (!result.id.isEmpty()) {
                written.append(result.id);
            }
            begun->append(result);
        }
        if (!transaction.commit())
            return failed(transaction.error());
    }
    qCDebug(lcStore) << "Group recorded:" << answers.size() << "answers," << starts.size() << "starts";
    for (const QString &id : std::as_const(written))
        Q_EMIT changed(id);
    return true;
}

} // namespace LeadRelay
