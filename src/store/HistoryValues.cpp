// SPDX-License-Identifier: GPL-3.0-or-later
// HistorySql: how values are stored (times, bytes, message and issue lists). See HistorySql.h.
#include "HistorySql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace LeadRelay::HistorySql
{

namespace
{

const QString TimeFormat = u"yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"_s;

bool roundTrips(const QByteArray &bytes)
{
    return !bytes.contains('\0') && QString::fromUtf8(bytes).toUtf8() == bytes;
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QString severityKey(Severity severity)
{
    return severity == Severity::Warning ? u"warning"_s : u"error"_s;
}

} // namespace

QVariant timeValue(const QDateTime &time)
{
    if (!time.isValid())
        return nullText();
    return time.toUTC().toString(TimeFormat);
}

QString notNull(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

QDateTime timeFromValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

QByteArray capBytes(const QByteArray &bytes, int cap)
{
    if (bytes.size() <= cap)
        return bytes;
    // Text cut in the middle of a UTF-8 sequence would have to be stored as base64; back off to the character
    // boundary (at most 3 bytes) so a long text answer stays readable.
    if (roundTrips(bytes)) {
        for (int back = 0; back < 4; ++back) {
            const QByteArray candidate = bytes.left(cap - back);
            if (roundTrips(candidate))
                return candidate;
        }
    }
    return bytes.left(cap);
}

StoredBytes storeBytes(const QByteArray &bytes, int cap)
{
    if (bytes.isNull())
        return {nullText(), 0};
    const QByteArray capped = capBytes(bytes, cap);
    if (roundTrips(capped))
        return {QString::fromUtf8(capped), 0};
    return {QString::fromLatin1(capped.toBase64()), 1};
}

QByteArray loadBytes(const QVariant &text, bool base64)
{
    if (text.isNull())
        return {};
    if (base64)
        return QByteArray::fromBase64(text.toString().toLatin1());
    return text.toString().toUtf8();
}

QVariant storePayload(const QByteArray &bytes, int cap, const PayloadCodec::Dictionary *dictionary)
{
    if (bytes.isNull())
        return QVariant(QMetaType::fromType<QByteArray>());
    return PayloadCodec::encode(capBytes(bytes, cap), dictionary);
}

QVariant storeRequest(const QByteArray &bytes, const QByteArray &lead, const PayloadCodec::Dictionary *dictionary)
{
    if (bytes.isNull())
        return QVariant(QMetaType::fromType<QByteArray>());
    return PayloadCodec::encodeAgainstLead(bytes, lead, dictionary);
}

PayloadCodec::Decoded loadPayload(const QVariant &stored, bool base64, const PayloadCodec::DictionaryLookup &lookup,
                                  const QByteArray &lead)
{
    if (stored.isNull())
        return {};
    // SQLite hands back TEXT as a QString and a BLOB as a QByteArray; PostgreSQL's bytea is a QByteArray.
    const QByteArray bytes = stored.toByteArray();
    if (!PayloadCodec::isEncoded(bytes))
        return {base64 ? QByteArray::fromBase64(bytes) : bytes, {}};
    return PayloadCodec::decode(bytes, lookup, lead);
}

QString messagesJson(const QStringList &messages)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(messages)).toJson(QJsonDocument::Compact));
}

QStringList messagesFromJson(const QString &json)
{
    QStringList result;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array)
        result.append(value.toString());
    return result;
}

QString issuesJson(const FieldIssues &issues)
{
    QJsonArray array;
    for (const FieldIssue &issue : issues) {
        array.append(QJsonObject{
            {u"field"_s, issue.field}, {u"severity"_s, severityKey(issue.severity)}, {u"message"_s, issue.message}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

FieldIssues issuesFromJson(const QString &json)
{
    FieldIssues result;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        FieldIssue issue;
        issue.field = object.value(u"field"_s).toString();
        issue.severity = object.value(u"severity"_s).toString() == u"warning"_s ? Severity::Warning : Severity::Error;
        issue.message = object.value(u"message"_s).toString();
        result.append(issue);
    }
    return result;
}

} // namespace LeadRelay::HistorySql
