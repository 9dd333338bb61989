// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/FieldIssue.h"
#include "core/Lead.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace LeadRelay
{

class Vendor;

// One row of a batch file: where it starts, the lead read from it, and what is wrong with it.
struct BatchRow
{
    int line = 0; // the file line the row starts on (1-based; a CSV header is line 1)
    std::optional<Lead> lead;
    FieldIssues issues; // reading problems and the vendor's validation (errors and warnings)

    bool isValid() const { return lead.has_value() && !hasErrors(issues); }
};

// A file of leads for `submit --batch` and Lead → Import leads…: CSV (a header row of LEAD-FORMAT.md keys,
// consent as consent_1_question, consent_1_answer, …; RFC 4180 quoting, newlines inside quotes) or JSON Lines
// (one lead object per line). UTF-8, a byte order mark is tolerated. A missing key and an empty cell mean the
// same (LEAD-FORMAT.md).
class BatchFile
{
    Q_DECLARE_TR_FUNCTIONS(BatchFile)

public:
    enum class Format
    {
        Csv,
        JsonLines,
    };
    static constexpr qint64 MaxBytes = 256LL * 1024 * 1024;

    Format format = Format::Csv;
    QList<BatchRow> rows;
    QString error; // the file as a whole cannot be used (unreadable, not UTF-8, a header with an unknown key)

    // By extension (.csv; .jsonl, .ndjson, .json), else by content: a first character '{' is JSON Lines.
    static Format detect(const QString &path, const QByteArray &bytes);
    static BatchFile read(const QString &path);
    static BatchFile parse(const QByteArray &bytes, Format format);

    // Adds each row's validation by the vendor (errors make a row invalid; warnings do not). `today` is the
    // date the vendor's rules are checked against.
    void validate(const Vendor &vendor, const QDate &today);
    int validCount() const;
};

// Identifies a lead across runs of a batch: a hash of the vendor and the lead's stored JSON, so a batch run
// again after an interruption recognises the rows it has recorded (HistoryStore::writeGroup()).
QByteArray batchRowKey(const QString &vendorId, const Lead &lead);

} // namespace LeadRelay
