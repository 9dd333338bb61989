// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReturnsImport.h"

#include "CsvRecords.h"
#include "store/HistoryStore.h"

#include <QFile>
#include <QFileInfo>
#include <QMultiHash>
#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

const QString LeadIdField = u"lead_id"_s;
const QString TransactionIdField = u"transaction_id"_s;
const QString PhoneField = u"phone"_s;
const QString LeadDateField = u"lead_date"_s;
const QString ReturnDateField = u"return_date"_s;
const QString ReasonField = u"reason"_s;

// A buyer's file is a few thousand lines; anything this large is not one.
constexpr qint64 MaxBytes = 64LL * 1024 * 1024;

QString phoneDigits(const QString &text)
{
    QString digits;
    for (const QChar c : text) {
        if (c.isDigit() && c.unicode() < 128)
            digits.append(c);
    }
    // +1 and a leading 1 are the country code, which the history does not store.
    if (digits.size() == 11 && digits.startsWith(u'1'))
        digits.remove(0, 1);
    return digits;
}

bool isBlank(const QStringList &cells)
{
    for (const QString &cell : cells) {
        if (!cell.trimmed().isEmpty())
            return false;
    }
    return true;
}

bool sameReason(const QString &a, const QString &b)
{
    return a.trimmed().compare(b.trimmed(), Qt::CaseInsensitive) == 0;
}

} // namespace

QStringList ReturnsImport::fields()
{
    return {LeadIdField, TransactionIdField, PhoneField, LeadDateField, ReturnDateField, ReasonField};
}

bool ReturnsImport::setColumn(const QString &mapping, QString *error)
{
    const qsizetype equals = mapping.lastIndexOf(u'=');
    const QString column = mapping.left(equals).trimmed();
    const QString field = mapping.mid(equals + 1).trimmed().toLower();
    if (equals <= 0 || column.isEmpty()) {
        *error = tr("'%1' is not COLUMN=FIELD (for example \"Lead ID=lead_id\")").arg(mapping);
        return false;
    }
    if (!fields().contains(field)) {
        *error = tr("'%1' is not a field: use one of %2").arg(field, fields().join(u", "_s));
        return false;
    }
    m_columns.insert(field, column);
    return true;
}

bool ReturnsImport::read(const QString &path)
{
    QFile file(path);
    if (QFileInfo(path).isDir()) {
        m_error = tr("%1 is a folder, not a returns file").arg(path);
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.size() > MaxBytes) {
        m_error = tr("%1 is larger than 64 MiB: it is not a returns file").arg(path);
        return false;
    }
    return parse(file.readAll());
}

std::optional<QDateTime> ReturnsImport::parseDate(const QString &text, bool *ok) const
{
    *ok = true;
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    // A day is kept as its midnight UTC: the buyer's day, not a moment in our time zone.
    QDate date = QDate::fromString(t, Qt::ISODate);
    if (!date.isValid()) {
        // US buyers write month first.
        static const QRegularExpression us(u"^(\\d{1,2})/(\\d{1,2})/(\\d{4})$"_s);
        const QRegularExpressionMatch m = us.match(t);
        if (m.hasMatch())
            date = QDate(m.captured(3).toInt(), m.captured(1).toInt(), m.captured(2).toInt());
    }
    if (date.isValid())
        return date.startOfDay(Qt::UTC);
    const QDateTime moment = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (moment.isValid())
        return moment.toUTC();
    *ok = false;
    return std::nullopt;
}

bool ReturnsImport::parse(const QByteArray &bytes)
{
    m_lines.clear();
    m_results.clear();
    m_error.clear();
    QByteArray data = bytes;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3); // spreadsheets write a byte order mark
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(data);
    if (decoder.hasError()) {
        m_error = tr("the file is not UTF-8 text: save it as \"CSV UTF-8\"");
        return false;
    }
    const QList<CsvRecord> records = splitCsv(text, &m_error);
    if (!m_error.isEmpty())
        return false;
    qsizetype first = 0;
    while (first < records.size() && isBlank(records.at(first).cells))
        ++first;
    if (first == records.size()) {
        m_error = tr("the file has no header row");
        return false;
    }
    QStringList header;
    for (const QString &cell : records.at(first).cells)
        header.append(cell.trimmed().toLower());
    QHash<QString, qsizetype> index; // field -> cell
    for (const QString &field : fields()) {
        const qsizetype at = header.indexOf(columnOf(field).trimmed().toLower());
        if (at >= 0)
            index.insert(field, at);
        else if (m_columns.contains(field)) {
            m_error = tr("line %1: the header has no column '%2' (mapped to %3)")
                          .arg(records.at(first).line)
                          .arg(columnOf(field), field);
            return false;
        }
    }
    if (!index.contains(LeadIdField) && !index.contains(TransactionIdField) && !index.contains(PhoneField)) {
        m_error = tr("line %1: the header names none of the columns that identify a lead (%2, %3 or %4); name the "
                     "buyer's columns with COLUMN=FIELD mappings")
                      .arg(records.at(first).line)
                      .arg(columnOf(LeadIdField), columnOf(TransactionIdField), columnOf(PhoneField));
        return false;
    }
    QList<ReturnLine> lines;
    for (qsizetype i = first + 1; i < records.size(); ++i) {
        const CsvRecord &record = records.at(i);
        if (isBlank(record.cells))
            continue;
        if (record.cells.size() > header.size()) {
            m_error = tr("line %1: %2 cells, but the header names %3 columns")
                          .arg(record.line)
                          .arg(record.cells.size())
                          .arg(header.size());
            return false;
        }
        auto cell = [&](const QString &field) {
            return index.contains(field) ? record.cells.value(index.value(field)).trimmed() : QString();
        };
        ReturnLine line;
        line.line = record.line;
        line.leadId = cell(LeadIdField);
        line.transactionId = cell(TransactionIdField);
        line.phone = phoneDigits(cell(PhoneField));
        line.reason = cell(ReasonField);
        for (const auto &[field, target] : {std::pair{LeadDateField, &line.leadDate}}) {
            bool ok = true;
            const auto moment = parseDate(cell(field), &ok);
            if (!ok) {
                m_error = tr("line %1: %2 '%3' is not a date (use YYYY-MM-DD or MM/DD/YYYY)")
                              .arg(record.line)
                              .arg(columnOf(field), cell(field));
                return false;
            }
            if (moment)
                *target = moment->date();
        }
        bool ok = true;
        const auto returned = parseDate(cell(ReturnDateField), &ok);
        if (!ok) {
            m_error = tr("line %1: %2 '%3' is not a date (use YYYY-MM-DD or MM/DD/YYYY)")
                          .arg(record.line)
                          .arg(columnOf(ReturnDateField), cell(ReturnDateField));
            return false;
        }
        line.returnedAt = returned.value_or(QDateTime());
        lines.append(line);
    }
    m_lines = lines;
    return true;
}

bool ReturnsImport::match(HistoryStore &store, const QString &vendorId, const QDate &today)
{
    m_results.clear();
    m_vendorId = vendorId;
    QStringList leadIds, transactionIds;
    for (const ReturnLine &line : std::as_const(m_lines)) {
        if (!line.leadId.isEmpty() && !leadIds.contains(line.leadId))
            leadIds.append(line.leadId);
        if (!line.transactionId.isEmpty() && !transactionIds.contains(line.transactionId))
            transactionIds.append(line.transactionId);
    }
    QMultiHash<QString, ReturnCandidate> byLeadId, byTransactionId;
    for (const auto &[key, keys, into] :
         {std::tuple{HistoryStore::ReturnKey::VendorLeadId, &leadIds, &byLeadId},
          std::tuple{HistoryStore::ReturnKey::VendorTransactionId, &transactionIds, &byTransactionId}}) {
        if (keys->isEmpty())
            continue;
        const auto found = store.returnCandidates(vendorId, key, *keys);
        if (!found) {
            m_error = store.lastError();
            return false;
        }
        for (const ReturnCandidate &c : *found)
            into->insert(key == HistoryStore::ReturnKey::VendorLeadId ? c.vendorLeadId : c.vendorTransactionId, c);
    }

    QHash<QString, qsizetype> planned; // submission id -> its result in this file
    for (const ReturnLine &line : std::as_const(m_lines)) {
        ReturnResult result;
        result.data = line;
        if (!result.data.returnedAt.isValid())
            result.data.returnedAt = today.startOfDay(Qt::UTC);
        QList<ReturnCandidate> candidates;
        if (!line.leadId.isEmpty() && byLeadId.contains(line.leadId)) {
            candidates = byLeadId.values(line.leadId);
            result.matchedBy = LeadIdField;
        } else if (!line.transactionId.isEmpty() && byTransactionId.contains(line.transactionId)) {
            candidates = byTransactionId.values(line.transactionId);
            result.matchedBy = TransactionIdField;
        } else if (line.phone.size() == 10) {
            QDateTime from, until;
            if (line.leadDate.isValid()) {
                from = line.leadDate.addDays(-1).startOfDay(Qt::UTC);
                until = line.leadDate.addDays(2).startOfDay(Qt::UTC);
            } else {
                until = result.data.returnedAt.date().addDays(2).startOfDay(Qt::UTC);
            }
            const auto found = store.returnCandidatesByPhone(vendorId, line.phone, from, until);
            if (!found) {
                m_error = store.lastError();
                return false;
            }
            candidates = *found;
            result.matchedBy = PhoneField;
        }
        if (candidates.isEmpty()) {
            result.status = ReturnResult::Status::Unmatched;
            result.matchedBy.clear();
        } else if (candidates.size() > 1) {
            result.status = ReturnResult::Status::Ambiguous;
            for (const ReturnCandidate &c : std::as_const(candidates))
                result.candidates.append(c.id);
        } else {
            const ReturnCandidate &c = candidates.constFirst();
            result.submissionId = c.id;
            if (c.returnedAt.isValid()) {
                result.earlierReturnedAt = c.returnedAt;
                result.earlierReason = c.returnReason;
                result.status = sameReason(c.returnReason, line.reason) ? ReturnResult::Status::AlreadyReturned
                                                                        : ReturnResult::Status::Conflict;
            } else if (planned.contains(c.id)) {
                // Two lines of one file for one submission: the first one counts.
                const ReturnResult &earlier = m_results.at(planned.value(c.id));
                result.earlierReturnedAt = earlier.data.returnedAt;
                result.earlierReason = earlier.data.reason;
                result.status = sameReason(earlier.data.reason, line.reason) ? ReturnResult::Status::AlreadyReturned
                                                                             : ReturnResult::Status::Conflict;
            } else {
                result.status = ReturnResult::Status::ToReturn;
                planned.insert(c.id, m_results.size());
            }
        }
        m_results.append(result);
    }
    return true;
}

bool ReturnsImport::apply(HistoryStore &store)
{
    QList<ReturnWrite> writes;
    for (const ReturnResult &result : std::as_const(m_results)) {
        if (result.status == ReturnResult::Status::ToReturn)
            writes.append({result.submissionId, result.data.returnedAt, result.data.reason});
    }
    if (writes.isEmpty())
        return true;
    const auto changed = store.recordReturns(writes);
    if (!changed) {
        m_error = store.lastError();
        return false;
    }
    const QSet<QString> done(changed->cbegin(), changed->cend());
    for (ReturnResult &result : m_results) {
        if (result.status != ReturnResult::Status::ToReturn)
            continue;
        // Not changed: returned meanwhile by someone else (the first return stands).
        result.status =
            done.contains(result.submissionId) ? ReturnResult::Status::Returned : ReturnResult::Status::AlreadyReturned;
    }
    return true;
}

int ReturnsImport::count(ReturnResult::Status status) const
{
    int n = 0;
    for (const ReturnResult &result : m_results)
        n += result.status == status ? 1 : 0;
    return n;
}

QString ReturnsImport::describe(const ReturnResult &r, const QString &vendorId)
{
    const QString day = r.data.returnedAt.date().toString(Qt::ISODate);
    const QString earlierDay = r.earlierReturnedAt.date().toString(Qt::ISODate);
    QStringList keys;
    if (!r.data.leadId.isEmpty())
        keys << tr("lead id %1").arg(r.data.leadId);
    if (!r.data.transactionId.isEmpty())
        keys << tr("transaction id %1").arg(r.data.transactionId);
    if (!r.data.phone.isEmpty())
        keys << (r.data.leadDate.isValid()
                     ? tr("phone %1 sent on %2").arg(r.data.phone, r.data.leadDate.toString(Qt::ISODate))
                     : tr("phone %1").arg(r.data.phone));
    switch (r.status) {
    case ReturnResult::Status::ToReturn:
        return tr("line %1: will mark %2 returned on %3 (matched by %4)")
            .arg(r.data.line)
            .arg(r.submissionId, day, r.matchedBy);
    case ReturnResult::Status::Returned:
        return tr("line %1: marked %2 returned on %3 (matched by %4)")
            .arg(r.data.line)
            .arg(r.submissionId, day, r.matchedBy);
    case ReturnResult::Status::AlreadyReturned:
        return tr("line %1: %2 was already returned on %3; unchanged").arg(r.data.line).arg(r.submissionId, earlierDay);
    case ReturnResult::Status::Conflict:
        return tr("line %1: %2 was already returned on %3 for \"%4\"; the file says \"%5\": left unchanged")
            .arg(r.data.line)
            .arg(r.submissionId, earlierDay, r.earlierReason, r.data.reason);
    case ReturnResult::Status::Unmatched:
        if (keys.isEmpty())
            return tr("line %1: no lead id, transaction id or phone to match").arg(r.data.line);
        return tr("line %1: no submission to %2 with %3").arg(r.data.line).arg(vendorId, keys.join(tr(" or ")));
    case ReturnResult::Status::Ambiguous:
        return tr("line %1: %2 submissions fit (%3): none changed; give the lead id")
            .arg(r.data.line)
            .arg(r.candidates.size())
            .arg(r.candidates.join(u", "_s));
    }
    return {};
}

} // namespace LeadRelay
