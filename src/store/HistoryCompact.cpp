// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: the compaction pass of schema 8 (payloads written before it re-compressed, resumable).
#include "HistoryStore.h"

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

// Written before schema 8 (text), or compressed before the history had a dictionary (dictionary 0).
bool worthRewriting(const QVariant &stored)
{
    if (stored.isNull())
        return false;
    const QByteArray bytes = stored.toByteArray();
    return !PayloadCodec::isEncoded(bytes) || (bytes.size() > 2 && bytes.at(1) == 0x01 && bytes.at(2) == 0x00);
}

struct Bookmark
{
    QString afterId;
    bool done = false;
};

std::optional<Bookmark> bookmark(const QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT after_id, done FROM payload_compaction WHERE id = 1"_s)) {
        *error = query.lastError().text();
        return std::nullopt;
    }
    if (!query.next())
        return Bookmark{{}, true};
    return Bookmark{query.value(0).toString(), query.value(1).toInt() != 0};
}

} // namespace

bool HistoryStore::compactionPending()
{
    if (!ready())
        return false;
    QString error;
    const auto mark = bookmark(d->db, &error);
    return mark && !mark->done;
}

qint64 HistoryStore::compactPayloads(const std::function<bool(qint64 done, qint64 total)> &progress, int batch)
{
    auto failed = [&](const QString &text) {
        fail(tr("Could not compact the history"), text);
        return qint64(-1);
    };
    if (!ready())
        return failed(d->lastError);
    QString error;
    if (!d->dictionaries.trainIfDue(d->db, &error))
        return failed(error);
    const auto dictionary = d->dictionaries.current(d->db, &error);
    if (!error.isEmpty())
        return failed(error);
    std::optional<Bookmark> mark = bookmark(d->db, &error);
    if (!mark)
        return failed(error);
    // Without a dictionary there is nothing better to write; the pass waits for one (and stays pending).
    if (!dictionary || mark->done)
        return 0;

    qint64 total = 0;
    qint64 done = 0;
    {
        QSqlQuery query(d->db);
        if (!query.exec(u"SELECT COUNT(*) FROM submission_payloads"_s) || !query.next())
            return failed(query.lastError().text());
        total = query.value(0).toLongLong();
        query.finish();
        if (!execBound(query, u"SELECT COUNT(*) FROM submission_payloads WHERE submission_id <= ?"_s,
                       {mark->afterId}) ||
            !query.next())
            return failed(query.lastError().text());
        done = query.value(0).toLongLong();
    }
    const auto lookup = d->dictionaries.lookup(d->db);
    qint64 rewritten = 0;
    while (!mark->done) {
        WriteTransaction transaction(d->db);
        if (!transaction.isActive())
            return failed(transaction.error());
        QSqlQuery select(d->db);
        select.setForwardOnly(true);
        if (!execBound(select,
                       u"SELECT submission_id, lead_json, redacted_request, raw_answer, raw_answer_base64, "
                       "callback_body, callback_body_base64 FROM submission_payloads WHERE submission_id > ? "
                       "ORDER BY submission_id LIMIT ?"_s,
                       {mark->afterId, batch}))
            return failed(select.lastError().text());
        QList<QVariantList> updates;
        int seen = 0;
        while (select.next()) {
            ++seen;
            mark->afterId = select.value(0).toString();
            if (!worthRewriting(select.value(1)) && !worthRewriting(select.value(2)) &&
                !worthRewriting(select.value(3)) && !worthRewriting(select.value(5)))
                continue;
            const PayloadCodec::Decoded lead = loadPayload(select.value(1), false, lookup);
            const PayloadCodec::Decoded request = loadPayload(select.value(2), false, lookup, lead.bytes);
            const PayloadCodec::Decoded answer = loadPayload(select.value(3), select.value(4).toInt() != 0, lookup);
            const PayloadCodec::Decoded body = loadPayload(select.value(5), select.value(6).toInt() != 0, lookup);
            const QString damaged = lead.error + request.error + answer.error + body.error;
            if (!damaged.isEmpty()) {
                // Left exactly as it is: a damaged row is never made worse by the pass.
                qCWarning(lcStore) << "Compaction skipped history row" << mark->afterId << ":" << damaged;
                continue;
            }
            const bool hasRequest = !select.value(2).isNull();
            updates.append({storePayload(lead.bytes, std::numeric_limits<int>::max(), dictionary.get()),
                            hasRequest ? storeRequest(request.bytes, lead.bytes, dictionary.get())
                                       : QVariant(QMetaType::fromType<QByteArray>()),
                            select.value(3).isNull() ? QVariant(QMetaType::fromType<QByteArray>())
                                                     : storePayload(answer.bytes, RawAnswerCap, dictionary.get()),
                            select.value(5).isNull() ? QVariant(QMetaType::fromType<QByteArray>())
                                                     : storePayload(body.bytes, RawAnswerCap, dictionary.get()),
                            mark->afterId});
        }
        select.finish();
        QSqlQuery update(d->db);
        if (!update.prepare(u"UPDATE submission_payloads SET lead_json = ?, redacted_request = ?, raw_answer = ?, "
                            "raw_answer_base64 = 0, callback_body = ?, callback_body_base64 = 0 "
                            "WHERE submission_id = ?"_s))
            return failed(update.lastError().text());
        for (const QVariantList &values : std::as_const(updates)) {
            for (int i = 0; i < values.size(); ++i)
                update.bindValue(i, values.at(i));
            if (!update.exec())
                return failed(update.lastError().text());
        }
        mark->done = seen < batch;
        QSqlQuery save(d->db);
        if (!execBound(save, u"UPDATE payload_compaction SET after_id = ?, done = ?, updated_at = ? WHERE id = 1"_s,
                       {mark->afterId, mark->done ? 1 : 0, timeValue(d->clock())}))
            return failed(save.lastError().text());
        if (!transaction.commit())
            return failed(transaction.error());
        rewritten += updates.size();
        done += seen;
        if (progress && !progress(done, total))
            break;
    }
    if (mark->done)
        qCInfo(lcStore) << "History payloads compacted with dictionary" << dictionary->id();
    return rewritten;
}

} // namespace LeadRelay
