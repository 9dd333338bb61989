// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace LeadRelay
{

class HistoryStore;

// One line of a buyer's returns file, as read.
struct ReturnLine
{
    int line = 0; // the file line it starts on (1-based; the header is line 1)
    QString leadId;
    QString transactionId;
    QString phone;        // 10 digits, or empty
    QDate leadDate;       // the day the lead was sent, by the buyer's calendar; invalid when not given
    QDateTime returnedAt; // the buyer's return date (UTC); invalid when not given
    QString reason;
};

// What a line means for the history, and (after apply()) what became of it.
struct ReturnResult
{
    enum class Status
    {
        ToReturn,        // matched a submission not returned yet (preview)
        Returned,        // apply() recorded the return
        AlreadyReturned, // matched a submission returned before with the same reason: nothing to change
        Conflict,        // matched a submission returned before with another reason: left as it was
        Unmatched,       // no submission of this vendor that this login can see
        Ambiguous,       // several submissions fit: none is changed
    };
    ReturnLine data;
    Status status = Status::Unmatched;
    QString submissionId;        // when matched
    QString matchedBy;           // "lead_id", "transaction_id" or "phone"
    QStringList candidates;      // when ambiguous
    QDateTime earlierReturnedAt; // AlreadyReturned, Conflict
    QString earlierReason;
};

// A buyer's returns file (disputed, duplicate, wrong number): read it, match each line with a submission, record
// the returns. Used unchanged by `leadrelay-cli returns import` and History → Import returns….
//
// The file: CSV (RFC 4180, UTF-8, a header row). Fields and their default column names: lead_id (the vendor's
// lead id), transaction_id, phone, lead_date (the day the lead was sent), return_date, reason. A buyer's own names
// are mapped with setColumn() (--map COLUMN=FIELD); other columns are ignored. Dates are YYYY-MM-DD, an ISO date
// and time, or the US MM/DD/YYYY.
//
// Matching, in order (the first key that finds anything decides): the vendor's lead id; its transaction id; the
// phone among the vendor's billable submissions, sent within a day of lead_date (the buyer's day may be ours
// shifted by a time zone), or, without a lead_date, on or before the return date. More than one submission for a
// key is ambiguous and changes nothing. Without a return date the return is dated the day of the import.
//
// Idempotent: a submission returned before with the same reason is left as it is (AlreadyReturned); with another
// reason it is a Conflict, reported and left as it was (the first recorded return stands; a supervisor changes it
// deliberately, not by importing a second file).
class ReturnsImport
{
    Q_DECLARE_TR_FUNCTIONS(ReturnsImport)

public:
    static QStringList fields(); // lead_id, transaction_id, phone, lead_date, return_date, reason

    // Reads "COLUMN=FIELD". False with *error for an unknown field or a malformed pair.
    bool setColumn(const QString &mapping, QString *error);
    void setColumn(const QString &field, const QString &column) { m_columns.insert(field, column); }
    QString columnOf(const QString &field) const { return m_columns.value(field, field); }

    // Reads the whole file first: any problem with it (not UTF-8, a quote never closed, no header, none of the key
    // columns, a date that is not one) is an error() and nothing is matched or changed.
    bool read(const QString &path);
    bool parse(const QByteArray &bytes);

    // Matches every line against what this login sees of the vendor's submissions. `today` dates returns whose
    // line has no return date. False with error() when the history could not be read.
    bool match(HistoryStore &store, const QString &vendorId, const QDate &today);
    // Records every ToReturn line in one transaction. False with error() (and then nothing was recorded).
    bool apply(HistoryStore &store);

    QString error() const { return m_error; }
    const QList<ReturnLine> &lines() const { return m_lines; }
    const QList<ReturnResult> &results() const { return m_results; }
    int count(ReturnResult::Status status) const;
    // One line for a person: "line 7: no submission to ntherm with lead id A-1 or phone 2125550100".
    static QString describe(const ReturnResult &result, const QString &vendorId);

private:
    std::optional<QDateTime> parseDate(const QString &text, bool *ok) const;

    QHash<QString, QString> m_columns; // field -> the file's column name
    QList<ReturnLine> m_lines;
    QList<ReturnResult> m_results;
    QString m_vendorId;
    QString m_error;
};

} // namespace LeadRelay
