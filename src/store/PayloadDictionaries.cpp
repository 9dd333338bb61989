// SPDX-License-Identifier: GPL-3.0-or-later
#include "PayloadDictionaries.h"

#include "HistorySql.h"
#include "StoreLog.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

std::shared_ptr<const PayloadCodec::Dictionary> PayloadDictionaries::current(const QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT MAX(id) FROM payload_dictionaries"_s)) {
        *error = query.lastError().text();
        return nullptr;
    }
    if (!query.next() || query.value(0).isNull())
        return nullptr;
    return byId(db, query.value(0).toInt());
}

std::shared_ptr<const PayloadCodec::Dictionary> PayloadDictionaries::byId(const QSqlDatabase &db, int id)
{
    {
        QMutexLocker lock(&m_mutex);
        if (const auto found = m_loaded.constFind(id); found != m_loaded.constEnd())
            return *found;
    }
    QSqlQuery query(db);
    query.prepare(u"SELECT bytes FROM payload_dictionaries WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec() || !query.next()) {
        qCWarning(lcStore) << "Compression dictionary" << id << "could not be read:" << query.lastError().text();
        return nullptr;
    }
    auto dictionary = std::make_shared<const PayloadCodec::Dictionary>(id, query.value(0).toByteArray());
    if (!dictionary->isValid()) {
        qCWarning(lcStore) << "Compression dictionary" << id << "is damaged";
        return nullptr;
    }
    QMutexLocker lock(&m_mutex);
    m_loaded.insert(id, dictionary);
    return dictionary;
}

PayloadCodec::DictionaryLookup PayloadDictionaries::lookup(const QSqlDatabase &db)
{
    QList<int> ids;
    {
        QSqlQuery query(db);
        if (query.exec(u"SELECT id FROM payload_dictionaries"_s)) {
            while (query.next())
                ids.append(query.value(0).toInt());
        }
    }
    for (const int id : std::as_const(ids))
        byId(db, id);
    // Only what is loaded now: the lookup runs while the caller's query is still being read, and a second query on
    // the same PostgreSQL connection then would cut that one short.
    return [this](int id) {
        QMutexLocker lock(&m_mutex);
        return m_loaded.value(id);
    };
}

bool PayloadDictionaries::trainIfDue(const QSqlDatabase &db, QString *error)
{
    if (current(db, error) || !error->isEmpty())
        return error->isEmpty();
    QSqlQuery query(db);
    if (!query.exec(
            u"SELECT COUNT(*) FROM (SELECT 1 FROM submission_payloads LIMIT %1) AS enough"_s.arg(TrainAfterRows)) ||
        !query.next()) {
        *error = query.lastError().text();
        return false;
    }
    if (query.value(0).toInt() < TrainAfterRows)
        return true;
    query.finish();
    QString ignored;
    if (trainNew(db, &ignored) < 0)
        qCInfo(lcStore) << "No compression dictionary made here:" << ignored;
    return true;
}

int PayloadDictionaries::trainNew(const QSqlDatabase &db, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    QList<QByteArray> samples;
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        const auto lookup = this->lookup(db);
        // The lead, the request and the answer are each a kind of document the dictionary should know.
        if (!query.exec(u"SELECT lead_json, redacted_request, raw_answer, raw_answer_base64 FROM submission_payloads "
                        "LIMIT %1"_s.arg(TrainingSamples))) {
            *error = query.lastError().text();
            return -1;
        }
        while (query.next()) {
            const PayloadCodec::Decoded lead = HistorySql::loadPayload(query.value(0), false, lookup);
            samples.append(lead.bytes);
            samples.append(HistorySql::loadPayload(query.value(1), false, lookup, lead.bytes).bytes);
            samples.append(HistorySql::loadPayload(query.value(2), query.value(3).toInt() != 0, lookup).bytes);
        }
    }
    const QByteArray bytes = PayloadCodec::train(samples, Capacity);
    if (bytes.isEmpty())
        return 0;
    HistorySql::WriteTransaction transaction(db);
    if (!transaction.isActive()) {
        *error = transaction.error();
        return -1;
    }
    QSqlQuery insert(db);
    // MAX + 1 inside the write transaction; on a team server two desks racing here make one fail, harmlessly.
    insert.prepare(u"INSERT INTO payload_dictionaries (id, created_at, bytes) "
                   "SELECT COALESCE(MAX(id), 0) + 1, ?, ? FROM payload_dictionaries"_s);
    insert.addBindValue(HistorySql::timeValue(QDateTime::currentDateTimeUtc()));
    insert.addBindValue(bytes);
    if (!insert.exec() || !transaction.commit()) {
        *error = insert.lastError().text().isEmpty() ? transaction.error() : insert.lastError().text();
        return -1;
    }
    QString ignored;
    const auto made = current(db, &ignored);
    qCInfo(lcStore) << "Compression dictionary" << (made ? made->id() : 0) << "trained from" << samples.size()
                    << "payloads:" << bytes.size() << "bytes in" << timer.elapsed() << "ms";
    return made ? made->id() : 0;
}

} // namespace LeadRelay
