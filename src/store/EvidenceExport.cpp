// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvidenceExport.h"

#include "HistorySql.h"
#include "HistoryStore.h"
#include "HistoryStore_p.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString tr(const char *text)
{
    return QCoreApplication::translate("LeadRelay::EvidenceExport", text);
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? HistorySql::timeValue(time).toString() : QString();
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// A value as a person reads it: text as is, lists one per line, objects as key: value lines.
QString plain(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return tr("(none)");
    if (value.isBool())
        return value.toBool() ? tr("yes") : tr("no");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isString())
        return value.toString().isEmpty() ? tr("(none)") : value.toString();
    if (value.isArray()) {
        QStringList lines;
        for (const QJsonValue &item : value.toArray()) {
            if (item.isObject() && item.toObject().contains(u"question"_s))
                lines << item[u"question"_s].toString() + u" — "_s + item[u"answer"_s].toString();
            else
                lines << plain(item);
        }
        return lines.isEmpty() ? tr("(none)") : lines.join(u'\n');
    }
    const QJsonObject object = value.toObject();
    if (object.isEmpty())
        return tr("(none)");
    QStringList lines;
    for (auto it = object.begin(); it != object.end(); ++it)
        lines << it.key() + u": "_s + plain(it.value()).replace(u'\n', u"; "_s);
    return lines.join(u'\n');
}

QString rows(const QJsonObject &object, const QStringList &order)
{
    QString out = u"<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">"_s;
    QStringList keys = order;
    for (const QString &key : object.keys())
        if (!keys.contains(key))
            keys << key;
    for (const QString &key : std::as_const(keys)) {
        if (!object.contains(key))
            continue;
        out += u"<tr><td width=\"28%\"><b>"_s + key.toHtmlEscaped() + u"</b></td><td>"_s +
               plain(object.value(key)).toHtmlEscaped().replace(u'\n', u"<br/>"_s) + u"</td></tr>"_s;
    }
    return out + u"</table>"_s;
}

QString pre(const QString &text)
{
    return u"<pre style=\"white-space: pre-wrap; font-size: 8pt\">"_s +
           (text.isEmpty() ? tr("(none)") : text).toHtmlEscaped() + u"</pre>"_s;
}

} // namespace

namespace EvidenceExport
{

std::optional<QJsonObject> document(HistoryStore &store, const QString &submissionId)
{
    const auto row = store.record(submissionId);
    if (!row)
        return std::nullopt;
    QJsonObject lifecycle{
        {u"sent_at"_s, orNull(timeText(row->createdAt))},
        {u"answered_at"_s, orNull(timeText(row->answeredAt))},
        {u"finalised_at"_s, orNull(timeText(row->finalisedAt))},
        {u"state"_s, outcomeStateKey(row->state)},
        {u"final"_s, row->final},
        {u"billable"_s, row->billable},
        {u"http_status"_s, row->httpStatus},
        {u"vendor_lead_id"_s, row->vendorLeadId},
        {u"vendor_transaction_id"_s, row->vendorTransactionId},
        {u"messages"_s, QJsonArray::fromStringList(row->messages)},
    };
    const auto returned = store.returnOf(submissionId);
    lifecycle.insert(u"returned_at"_s, orNull(returned.returnedAt));
    lifecycle.insert(u"return_reason"_s, orNull(returned.reason));
    lifecycle.insert(u"return_recorded_at"_s, orNull(returned.recordedAt));
    lifecycle.insert(u"personal_data_removed_at"_s, orNull(returned.personalDataRemovedAt));

    QJsonObject consent;
    QJsonValue recordHash = QJsonValue::Null;
    QJsonValue previousHash = QJsonValue::Null;
    if (const auto record = store.consentRecord(submissionId)) {
        consent = QJsonObject{
            {u"seq"_s, record->seq},
            {u"created_at"_s, timeText(record->createdAt)},
            {u"content"_s, record->tombstoned() ? QJsonValue(QJsonValue::Null) : QJsonValue(record->content)},
            {u"content_hash"_s, record->contentHash},
            {u"record_hash"_s, record->recordHash},
            {u"previous_hash"_s, record->prevHash},
            {u"tombstoned_at"_s, orNull(timeText(record->tombstonedAt))},
        };
        recordHash = record->recordHash;
        previousHash = record->prevHash;
    }
    return QJsonObject{
        {u"format"_s, QString::fromLatin1(Format)},
        {u"submission_id"_s, row->id},
        {u"vendor"_s, row->vendorId},
        {u"account_mode"_s, row->accountMode},
        {u"agent"_s, row->agent},
        {u"campaign"_s, row->campaign},
        {u"lifecycle"_s, lifecycle},
        {u"consent_record"_s, consent.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(consent)},
        {u"record_hash"_s, recordHash},
        {u"previous_hash"_s, previousHash},
        {u"request_redacted"_s, QString::fromUtf8(row->redactedRequest)},
        {u"vendor_answer"_s, QString::fromUtf8(row->rawAnswer)},
        {u"final_result_body"_s, QString::fromUtf8(row->callbackBody)},
    };
}

QByteArray json(const QJsonObject &document)
{
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

QString html(const QJsonObject &document)
{
    const QJsonObject consent = document.value(u"consent_record"_s).toObject();
    const QJsonObject content = consent.value(u"content"_s).toObject();
    const QJsonObject script = content.value(u"script"_s).toObject();
    QString out = u"<html><body style=\"font-size: 9pt\">"_s;
    out += u"<h2>"_s +
           tr("Consent evidence for submission %1").arg(document[u"submission_id"_s].toString()).toHtmlEscaped() +
           u"</h2>"_s;
    out += u"<p>"_s +
           tr("Vendor %1 (%2), agent %3, campaign %4.")
               .arg(document[u"vendor"_s].toString(), document[u"account_mode"_s].toString(),
                    document[u"agent"_s].toString(), document[u"campaign"_s].toString())
               .toHtmlEscaped() +
           u"</p>"_s;
    out += u"<h3>"_s + tr("Consent record").toHtmlEscaped() + u"</h3>"_s;
    if (consent.isEmpty()) {
        out += u"<p>"_s + tr("No consent record was kept for this submission.").toHtmlEscaped() + u"</p>"_s;
    } else {
        if (content.isEmpty())
            out += u"<p>"_s +
                   tr("The content was removed by the retention policy on %1; its hash remains in the chain.")
                       .arg(consent[u"tombstoned_at"_s].toString())
                       .toHtmlEscaped() +
                   u"</p>"_s;
        QJsonObject withoutScript = content;
        withoutScript.remove(u"script"_s);
        out += rows(withoutScript, {u"consumer_name"_s, u"phone_consented"_s, u"answers"_s, u"sellers_named"_s,
                                    u"purpose"_s, u"recorded_at_utc"_s, u"consumer_local_time"_s, u"agent"_s, u"desk"_s,
                                    u"campaign"_s, u"calling_rule_set"_s, u"calling_window"_s, u"dnc"_s,
                                    u"app_version"_s, u"submission_id"_s, u"stored_at_utc"_s, u"format"_s});
        if (!script.isEmpty()) {
            out += u"<h3>"_s + tr("Script as read").toHtmlEscaped() + u"</h3>"_s;
            out += rows(script, {u"id"_s, u"version"_s, u"language"_s, u"title"_s, u"disclosure"_s, u"questions"_s,
                                 u"sellers"_s, u"purpose"_s});
        }
        out += u"<h3>"_s + tr("Hash chain").toHtmlEscaped() + u"</h3>"_s;
        QJsonObject chain = consent;
        chain.remove(u"content"_s);
        out += rows(chain, {u"seq"_s, u"record_hash"_s, u"previous_hash"_s, u"content_hash"_s});
    }
    out += u"<h3>"_s + tr("Lifecycle").toHtmlEscaped() + u"</h3>"_s;
    out += rows(document.value(u"lifecycle"_s).toObject(),
                {u"sent_at"_s, u"answered_at"_s, u"finalised_at"_s, u"returned_at"_s, u"return_reason"_s});
    out += u"<h3>"_s + tr("Request as sent (redacted)").toHtmlEscaped() + u"</h3>"_s +
           pre(document[u"request_redacted"_s].toString());
    out +=
        u"<h3>"_s + tr("Vendor's answer").toHtmlEscaped() + u"</h3>"_s + pre(document[u"vendor_answer"_s].toString());
    out += u"<h3>"_s + tr("Final result (callback)").toHtmlEscaped() + u"</h3>"_s +
           pre(document[u"final_result_body"_s].toString());
    return out + u"</body></html>"_s;
}

QString suggestedFileName(const QJsonObject &document, const QString &suffix)
{
    return u"evidence-"_s + document[u"submission_id"_s].toString().left(8) + u'.' + suffix;
}

} // namespace EvidenceExport

HistoryStore::ReturnInfo HistoryStore::returnOf(const QString &submissionId)
{
    ReturnInfo info;
    if (!ready())
        return info;
    QSqlQuery query(d->db);
    if (!execBound(query,
                   u"SELECT returned_at, return_reason, return_recorded_at, personal_data_removed_at "
                   "FROM submissions WHERE id = ?"_s,
                   {submissionId})) {
        fail(tr("Could not read the history"), query.lastError().text());
        return info;
    }
    if (query.next()) {
        info.returnedAt = query.value(0).toString();
        info.reason = query.value(1).toString();
        info.recordedAt = query.value(2).toString();
        info.personalDataRemovedAt = query.value(3).toString();
    }
    return info;
}

} // namespace LeadRelay
