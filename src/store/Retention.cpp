// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: retention. The Telemarketing Sales Rule asks for consent records to be kept five years
// (16 CFR 310.5(a)(5)); after the policy's period the personal data goes, while the rows (and so every count) stay
// and the evidence chain still verifies: a record's content becomes a tombstone that keeps its content_hash.
#include "HistorySql.h"
#include "HistoryStore.h"
#include "HistoryStore_p.h"
#include "StoreLog.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// On a team server the same three steps run in leadrelay_retention_apply() (MigrationConsent.cpp), past
// row-level security and the append-only trigger's refusal of anything but a tombstone.
const QString TombstoneRecords =
    u"UPDATE consent_records SET content = NULL, tombstoned_at = ? WHERE content IS NOT NULL "
    "AND submission_id IN (SELECT id FROM submissions WHERE created_at < ?)"_s;
const QString ClearPayloads =
    u"UPDATE submission_payloads SET lead_json = '{}', redacted_request = NULL, raw_answer = NULL, "
    "raw_answer_base64 = 0, callback_body = NULL, callback_body_base64 = 0 WHERE submission_id IN "
    "(SELECT id FROM submissions WHERE created_at < ? AND personal_data_removed_at IS NULL)"_s;
const QString ClearRows = u"UPDATE submissions SET customer_name = '', phone = '', personal_data_removed_at = ? "
                          "WHERE created_at < ? AND personal_data_removed_at IS NULL"_s;

} // namespace

HistoryStore::RetentionResult HistoryStore::applyRetention(const QDateTime &before, bool dryRun)
{
    RetentionResult result;
    auto failed = [&](const QString &text) {
        fail(tr("Could not apply the retention policy"), text);
        return result;
    };
    if (!ready())
        return failed(d->lastError);
    if (!before.isValid())
        return failed(tr("no cut-off date"));
    const QVariant cutoff = HistorySql::timeValue(before);
    const QVariant now = HistorySql::timeValue(d->clock());
    HistorySql::WriteTransaction transaction(d->db);
    if (!transaction.isActive())
        return failed(transaction.error());
    if (dryRun || d->db.driverName() != u"QPSQL"_s) {
        QSqlQuery count(d->db);
        if (!execBound(count,
                       u"SELECT (SELECT COUNT(*) FROM submissions WHERE created_at < ? AND "
                       "personal_data_removed_at IS NULL), (SELECT COUNT(*) FROM consent_records WHERE content IS "
                       "NOT NULL AND submission_id IN (SELECT id FROM submissions WHERE created_at < ?))"_s,
                       {cutoff, cutoff}) ||
            !count.next())
            return failed(count.lastError().text());
        result.submissions = count.value(0).toLongLong();
        result.records = count.value(1).toLongLong();
        if (dryRun) {
            result.ok = true;
            return result; // the transaction rolls back: nothing changed
        }
        QSqlQuery step(d->db);
        if (!execBound(step, TombstoneRecords, {now, cutoff}))
            return failed(step.lastError().text());
        if (!execBound(step, ClearPayloads, {cutoff}))
            return failed(step.lastError().text());
        if (!execBound(step, ClearRows, {now, cutoff}))
            return failed(step.lastError().text());
    } else {
        QSqlQuery apply(d->db);
        if (!execBound(apply, u"SELECT submissions, records FROM leadrelay_retention_apply(?, ?)"_s, {cutoff, now}) ||
            !apply.next())
            return failed(apply.lastError().text());
        result.submissions = apply.value(0).toLongLong();
        result.records = apply.value(1).toLongLong();
    }
    if (!transaction.commit())
        return failed(transaction.error());
    qCInfo(lcStore) << "Retention: personal data removed from" << result.submissions << "submissions," << result.records
                    << "consent records tombstoned";
    result.ok = true;
    Q_EMIT changed(QString());
    return result;
}

} // namespace LeadRelay
