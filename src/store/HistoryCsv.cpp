// SPDX-License-Identifier: GPL-3.0-or-later
// The history as CSV (spreadsheets) and JSON (scripts): one column set, written the same way by the GUI and CLI.
#include "HistoryStore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

const QString TimeFormat = u"yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"_s;

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(TimeFormat) : QString();
}

// The columns of both exports, in order; CSV header names are the JSON keys. billable is what a row counts for
// now: the vendor's billable unless the buyer returned the lead (returned_at, return_reason say when and why), so a
// spreadsheet's sum of the column is what can be invoiced.
const QStringList &columns()
{
    static const QStringList names{
        u"id"_s,       u"created_at"_s,  u"answered_at"_s, u"agent"_s,          u"vendor"_s,
        u"mode"_s,     u"campaign"_s,    u"customer"_s,    u"phone"_s,          u"outcome"_s,
        u"billable"_s, u"final"_s,       u"http_status"_s, u"vendor_lead_id"_s, u"vendor_transaction_id"_s,
        u"messages"_s, u"duration_ms"_s, u"returned_at"_s, u"return_reason"_s,
    };
    return names;
}

// Cell texts in the order of columns(). Numbers that mean "none" (no HTTP answer, no duration) are empty.
QStringList cellTexts(const SubmissionRecord &r)
{
    return {
        r.id,
        timeText(r.createdAt),
        timeText(r.answeredAt),
        r.agent,
        r.vendorId,
        r.accountMode,
        r.campaign,
        r.customerName,
        r.phone,
        outcomeStateKey(r.state),
        r.countsAsBillable() ? u"1"_s : u"0"_s,
        r.final ? u"1"_s : u"0"_s,
        r.httpStatus > 0 ? QString::number(r.httpStatus) : QString(),
        r.vendorLeadId,
        r.vendorTransactionId,
        r.messages.join(u" | "_s),
        r.durationMs >= 0 ? QString::number(r.durationMs) : QString(),
        timeText(r.returnedAt),
        r.returnReason,
    };
}

// Whether a spreadsheet may run the cell (CSV injection). It starts a formula with = + - @, a DDE command with |;
// it skips blanks and invisible characters before them (" =1+1" is still a formula), and East Asian input reads the
// full-width ＝ ＋ － ＠ ｜ as the ASCII ones, so the first visible character is compared after compatibility folding
// (NFKC). A leading tab, CR or LF is neutralised on its own: several spreadsheets treat it as the start of a new cell
// or command.
bool startsLikeFormula(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar lead = text.front();
    if (lead == u'\t' || lead == u'\r' || lead == u'\n')
        return true;
    qsizetype i = 0;
    // Blanks and invisible format characters (zero-width space, byte-order mark, direction marks): a reader may
    // drop them, and then the formula is the first thing it sees.
    while (i < text.size() && (text.at(i).isSpace() || text.at(i).category() == QChar::Other_Format))
        ++i;
    if (i == text.size())
        return false;
    const qsizetype length = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
    const QString folded = text.mid(i, length).normalized(QString::NormalizationForm_KC);
    if (folded.isEmpty())
        return false;
    const QChar first = folded.front();
    return first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'|';
}

} // namespace

QByteArray csvCell(const QString &value)
{
    QString text = value;
    // An apostrophe in front makes the cell plain text in every spreadsheet, and shows what was neutralised.
    if (startsLikeFormula(text))
        text.prepend(u'\'');
    QByteArray bytes = text.toUtf8();
    // RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes inside.
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\r') || bytes.contains('\n')) {
        bytes.replace('"', "\"\"");
        bytes.prepend('"');
        bytes.append('"');
    }
    return bytes;
}

QByteArray historyCsvHeader()
{
    return columns().join(u',').toUtf8() + "\r\n";
}

QByteArray historyCsvRow(const SubmissionRecord &record)
{
    QByteArray line;
    const QStringList cells = cellTexts(record);
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            line.append(',');
        line.append(csvCell(cells.at(i)));
    }
    line.append("\r\n");
    return line;
}

QJsonObject historyJson(const SubmissionRecord &r)
{
    QJsonArray issues;
    for (const FieldIssue &issue : r.fieldIssues)
        issues.append(QJsonObject{{u"field"_s, issue.field}, {u"message"_s, issue.message}});
    auto textOrNull = [](const QString &text) { return text.isEmpty() ? QJsonValue() : QJsonValue(text); };
    return QJsonObject{
        {u"id"_s, r.id},
        {u"created_at"_s, textOrNull(timeText(r.createdAt))},
        {u"answered_at"_s, textOrNull(timeText(r.answeredAt))},
        {u"agent"_s, r.agent},
        {u"vendor"_s, r.vendorId},
        {u"mode"_s, r.accountMode},
        {u"campaign"_s, r.campaign},
        {u"customer"_s, r.customerName},
        {u"phone"_s, r.phone},
        {u"outcome"_s, outcomeStateKey(r.state)},
        {u"billable"_s, r.countsAsBillable()},
        {u"final"_s, r.final},
        {u"http_status"_s, r.httpStatus > 0 ? QJsonValue(r.httpStatus) : QJsonValue()},
        {u"vendor_lead_id"_s, r.vendorLeadId},
        {u"vendor_transaction_id"_s, r.vendorTransactionId},
        {u"messages"_s, QJsonArray::fromStringList(r.messages)},
        {u"duration_ms"_s, r.durationMs >= 0 ? QJsonValue(r.durationMs) : QJsonValue()},
        {u"returned_at"_s, textOrNull(timeText(r.returnedAt))},
        {u"return_reason"_s, r.returnReason},
        {u"field_issues"_s, issues},
    };
}

} // namespace LeadRelay
