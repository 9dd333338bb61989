// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistorySql.h"

#include "HistorySearch.h"
#include "StoreLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <limits>

using namespace Qt::StringLiterals;

namespace LeadRelay::HistorySql
{

namespace
{

// Column order of selectColumns(), the inserts and readRecord(): one list, so they cannot drift apart.
// The big texts live in submission_payloads, so the rows that searches and counts scan stay small.
enum Column
{
    ColId,
    ColCreatedAt,
    ColAnsweredAt,
    ColAgent,
    ColVendorId,
    ColAccountMode,
    ColCampaign,
    ColCustomerName,
    ColPhone,
    ColHttpStatus,
    ColState,
    ColBillable,
    ColFinal,
    ColVendorLeadId,
    ColVendorTransactionId,
    ColMessages,
    ColFieldIssues,
    ColDurationMs,
    ColCallbackToken,
    ColFinalisedAt,
    ColCallbackUnparsable,
    ColReturnedAt,
    ColReturnReason,
    ColReturnRecordedAt,
    // submission_payloads
    ColLeadJson,
    ColRedactedRequest,
    ColRawAnswer,
    ColRawAnswerBase64,
    ColCallbackBody,
    ColCallbackBodyBase64,
    ColumnCount
};
constexpr int PayloadCount = ColumnCount - ColLeadJson;

const QStringList &submissionColumns()
{
    static const QStringList names{
        u"id"_s,
        u"created_at"_s,
        u"answered_at"_s,
        u"agent"_s,
        u"vendor_id"_s,
        u"account_mode"_s,
        u"campaign"_s,
        u"customer_name"_s,
        u"phone"_s,
        u"http_status"_s,
        u"state"_s,
        u"billable"_s,
        u"final"_s,
        u"vendor_lead_id"_s,
        u"vendor_transaction_id"_s,
        u"messages"_s,
        u"field_issues"_s,
        u"duration_ms"_s,
        u"callback_token"_s,
        u"finalised_at"_s,
        u"callback_unparsable"_s,
        u"returned_at"_s,
        u"return_reason"_s,
        u"return_recorded_at"_s,
    };
    Q_ASSERT(names.size() == ColLeadJson);
    return names;
}

const QStringList &payloadColumns()
{
    static const QStringList names{
        u"lead_json"_s,         u"redacted_request"_s, u"raw_answer"_s,
        u"raw_answer_base64"_s, u"callback_body"_s,    u"callback_body_base64"_s,
    };
    Q_ASSERT(names.size() == PayloadCount);
    return names;
}

// What a search's text is matched against (its digits go against the phone); the search index covers the same.
const QStringList &searchedTextColumns()
{
    static const QStringList columns{u"customer_name"_s, u"agent"_s, u"campaign"_s, u"vendor_lead_id"_s,
                                     u"vendor_transaction_id"_s};
    return columns;
}

QString placeholders(qsizetype count)
{
    QStringList marks;
    marks.fill(u"?"_s, count);
    return marks.join(u", "_s);
}

void bindAll(QSqlQuery &query, const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

QString selectColumns()
{
    QStringList names;
    for (const QString &name : submissionColumns())
        names.append(u"s."_s + name);
    for (const QString &name : payloadColumns())
        names.append(u"p."_s + name);
    return names.join(u", "_s);
}

QString slimSelectColumns()
{
    QStringList names;
    for (const QString &name : submissionColumns())
        names.append(u"s."_s + name);
    // NULL for each payload, in readRecord()'s places: one row mapping for full and slim reads.
    for (qsizetype i = 0; i < payloadColumns().size(); ++i)
        names.append(u"NULL"_s);
    return names.join(u", "_s);
}

QString fromClause()
{
    return u" FROM submissions s LEFT JOIN submission_payloads p ON p.submission_id = s.id"_s;
}

SubmissionRecord readRecord(const QSqlQuery &query, const PayloadCodec::DictionaryLookup &lookup, QString *payloadError)
{
    SubmissionRecord r;
    r.id = query.value(ColId).toString();
    r.createdAt = timeFromValue(query.value(ColCreatedAt));
    r.answeredAt = timeFromValue(query.value(ColAnsweredAt));
    r.agent = query.value(ColAgent).toString();
    r.vendorId = query.value(ColVendorId).toString();
    r.accountMode = query.value(ColAccountMode).toString();
    r.campaign = query.value(ColCampaign).toString();
    r.customerName = query.value(ColCustomerName).toString();
    r.phone = query.value(ColPhone).toString();
    // A damaged payload empties that field only: the row still lists, and the reader is told which one it was.
    auto payload = [&](int column, int base64Column, const QByteArray &lead = {}) {
        const bool base64 = base64Column >= 0 && query.value(base64Column).toInt() != 0;
        const PayloadCodec::Decoded decoded = loadPayload(query.value(column), base64, lookup, lead);
        if (!decoded.error.isEmpty()) {
            qCWarning(lcStore) << "Payload" << payloadColumns().at(column - ColLeadJson) << "of history row" << r.id
                               << "cannot be read:" << decoded.error;
            if (payloadError && payloadError->isEmpty())
                *payloadError = payloadColumns().at(column - ColLeadJson) + u": "_s + decoded.error;
        }
        return decoded.bytes;
    };
    r.leadJson = payload(ColLeadJson, -1);
    r.redactedRequest = payload(ColRedactedRequest, -1, r.leadJson);
    r.httpStatus = query.value(ColHttpStatus).toInt();
    r.rawAnswer = payload(ColRawAnswer, ColRawAnswerBase64);
    const QString stateKey = query.value(ColState).toString();
    const std::optional<OutcomeState> state = outcomeStateFromKey(stateKey);
    if (!state)
        qCWarning(lcStore) << "Unknown state key in history row" << r.id << stateKey;
    r.state = state.value_or(OutcomeState::DeliveryUnknown);
    r.billable = query.value(ColBillable).toInt() != 0;
    r.final = query.value(ColFinal).toInt() != 0;
    r.vendorLeadId = query.value(ColVendorLeadId).toString();
    r.vendorTransactionId = query.value(ColVendorTransactionId).toString();
    r.messages = messagesFromJson(query.value(ColMessages).toString());
    r.fieldIssues = issuesFromJson(query.value(ColFieldIssues).toString());
    r.durationMs = query.value(ColDurationMs).toLongLong();
    r.callbackToken = query.value(ColCallbackToken).toString();
    r.finalisedAt = timeFromValue(query.value(ColFinalisedAt));
    r.callbackBody = payload(ColCallbackBody, ColCallbackBodyBase64);
    r.callbackUnparsable = query.value(ColCallbackUnparsable).toInt() != 0;
    r.returnedAt = timeFromValue(query.value(ColReturnedAt));
    r.returnReason = query.value(ColReturnReason).toString();
    r.returnRecordedAt = timeFromValue(query.value(ColReturnRecordedAt));
    return r;
}

QString insertSubmissionStatement()
{
    return u"INSERT INTO submissions ("_s + submissionColumns().join(u", "_s) + u") VALUES ("_s +
           placeholders(submissionColumns().size()) + u")"_s;
}

QString insertPayloadStatement()
{
    return u"INSERT INTO submission_payloads (submission_id, "_s + payloadColumns().join(u", "_s) + u") VALUES ("_s +
           placeholders(payloadColumns().size() + 1) + u")"_s;
}

void bindSubmission(QSqlQuery &query, const SubmissionRecord &r)
{
    bindAll(query, submissionValues(r));
}

QVariantList submissionValues(const SubmissionRecord &r)
{
    QVariantList values{
        notNull(r.id),
        timeValue(r.createdAt),
        timeValue(r.answeredAt),
        notNull(r.agent),
        notNull(r.vendorId),
        notNull(r.accountMode),
        notNull(r.campaign),
        notNull(r.customerName),
        notNull(r.phone),
        r.httpStatus,
        outcomeStateKey(r.state),
        r.billable ? 1 : 0,
        r.final ? 1 : 0,
        notNull(r.vendorLeadId),
        notNull(r.vendorTransactionId),
        messagesJson(r.messages),
        issuesJson(r.fieldIssues),
        r.durationMs,
        textOrNull(r.callbackToken), // NULL, not '', so UNIQUE allows many rows without a callback
        timeValue(r.finalisedAt),
        r.callbackUnparsable ? 1 : 0,
        timeValue(r.returnedAt),
        notNull(r.returnReason),
        timeValue(r.returnRecordedAt),
    };
    Q_ASSERT(values.size() == ColLeadJson);
    return values;
}

void bindPayload(QSqlQuery &query, const SubmissionRecord &r, int cap, const PayloadCodec::Dictionary *dictionary)
{
    bindPayloadValues(query, payloadValues(r, cap, dictionary));
}

void bindPayloadValues(QSqlQuery &query, const QVariantList &values)
{
    Q_ASSERT(values.size() == PayloadCount + 1);
    bindAll(query, values);
}

QVariantList payloadValues(const SubmissionRecord &r, int cap, const PayloadCodec::Dictionary *dictionary)
{
    // The lead column is NOT NULL: an empty lead is stored as empty bytes.
    const QByteArray lead = r.leadJson.isNull() ? QByteArray("") : r.leadJson;
    return {
        notNull(r.id),
        storePayload(lead, std::numeric_limits<int>::max(), dictionary), // never capped: the lead is the record
        storeRequest(r.redactedRequest, lead, dictionary),
        storePayload(r.rawAnswer, cap, dictionary),
        0,
        storePayload(r.callbackBody, cap, dictionary),
        0,
    };
}

QString Where::sql() const
{
    if (conditions.isEmpty())
        return {};
    return u" WHERE "_s + conditions.join(u" AND "_s);
}

QString likeEscaped(const QString &text)
{
    QString result;
    result.reserve(text.size() + 4);
    for (const QChar c : text) {
        if (c == u'!' || c == u'%' || c == u'_')
            result.append(u'!');
        result.append(c);
    }
    return result;
}

Where whereFor(const HistoryFilter &filter, bool nativeCaseInsensitiveLike)
{
    Where where;
    if (!filter.vendorId.isEmpty()) {
        where.conditions.append(u"vendor_id = ?"_s);
        where.values.append(filter.vendorId);
    }
    if (!filter.agent.isEmpty()) {
        where.conditions.append(u"agent = ?"_s);
        where.values.append(filter.agent);
    }
    if (filter.stateKey == u"awaiting_final"_s) {
        // Literally the condition of the partial index submissions_awaiting (migration 11), so any planner can
        // match it: PostgreSQL's generic plans, and SQLite built without STAT4, do not look inside a bound value.
        Q_ASSERT(outcomeStateKey(OutcomeState::Accepted) == u"accepted"_s);
        where.conditions.append(u"state = 'accepted' AND final = 0"_s);
    } else if (!filter.stateKey.isEmpty()) {
        where.conditions.append(u"state = ?"_s);
        where.values.append(filter.stateKey);
    }
    if (filter.since.isValid()) {
        where.conditions.append(u"created_at >= ?"_s);
        where.values.append(timeValue(filter.since));
    }
    if (filter.until.isValid()) {
        where.conditions.append(u"created_at < ?"_s);
        where.values.append(timeValue(filter.until));
    }
    const QString text = filter.text.trimmed();
    if (!text.isEmpty()) {
        QString digits;
        for (const QChar c : text) {
            if (c.isDigit() && c.unicode() < 128)
                digits.append(c);
        }
        // The search index narrows the rows first; the LIKEs below keep exactly the rows they always matched.
        HistorySearch::addCandidates(where, text, digits, nativeCaseInsensitiveLike);
        QStringList any;
        if (nativeCaseInsensitiveLike) {
            // SQLite's LIKE already ignores ASCII case (and LOWER() would fold no more), and skipping LOWER()
            // per row makes a search over 500,000 rows several times faster.
            const QString pattern = u'%' + likeEscaped(text) + u'%';
            for (const QString &column : searchedTextColumns()) {
                any.append(column + u" LIKE ? ESCAPE '!'"_s);
                where.values.append(pattern);
            }
        } else {
            // PostgreSQL's LIKE is case-sensitive; its LOWER() folds all of Unicode.
            const QString pattern = u'%' + likeEscaped(text.toLower()) + u'%';
            for (const QString &column : searchedTextColumns()) {
                any.append(u"LOWER("_s + column + u") LIKE ? ESCAPE '!'"_s);
                where.values.append(pattern);
            }
        }
        if (!digits.isEmpty()) {
            any.append(u"phone LIKE ?"_s); // digits need no escaping
            where.values.append(QString(u'%' + digits + u'%'));
        }
        where.conditions.append(u'(' + any.join(u" OR "_s) + u')');
    }
    return where;
}

QString sortColumn(HistorySort sort)
{
    switch (sort) {
    case HistorySort::CreatedAt:
        return u"created_at"_s;
    case HistorySort::Agent:
        return u"agent"_s;
    case HistorySort::Vendor:
        return u"vendor_id"_s;
    case HistorySort::Customer:
        return u"customer_name"_s;
    case HistorySort::Phone:
        return u"phone"_s;
    case HistorySort::Campaign:
        return u"campaign"_s;
    case HistorySort::Outcome:
        return u"state"_s;
    case HistorySort::Billable:
        return u"billable"_s;
    case HistorySort::Final:
        return u"final"_s;
    }
    return u"created_at"_s; // an out-of-range enum value never reaches the SQL text
}

QVariant sortValue(HistorySort sort, const SubmissionRecord &r)
{
    switch (sort) {
    case HistorySort::CreatedAt:
        return timeValue(r.createdAt);
    case HistorySort::Agent:
        return r.agent;
    case HistorySort::Vendor:
        return r.vendorId;
    case HistorySort::Customer:
        return r.customerName;
    case HistorySort::Phone:
        return r.phone;
    case HistorySort::Campaign:
        return r.campaign;
    case HistorySort::Outcome:
        return outcomeStateKey(r.state);
    case HistorySort::Billable:
        return r.billable ? 1 : 0;
    case HistorySort::Final:
        return r.final ? 1 : 0;
    }
    return timeValue(r.createdAt);
}

QString orderBy(HistorySort sort, Qt::SortOrder order)
{
    const QString direction = order == Qt::AscendingOrder ? u" ASC"_s : u" DESC"_s;
    const QString column = sortColumn(sort);
    QString sql = u" ORDER BY "_s + column + direction;
    if (column != u"created_at"_s)
        sql += u", created_at"_s + direction;
    return sql + u", id"_s + direction;
}

} // namespace LeadRelay::HistorySql
