// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SubmissionRecord.h"

#include <QCoreApplication>
#include <QSaveFile>
#include <QString>

#include <optional>

namespace LeadRelay
{

class HistoryStore;

// Writes the rows of a filter to a file as CSV or JSON (History → Export…), one page per step(), so the caller
// decides how much work runs at a time (the GUI runs one page per event-loop turn and stays responsive).
//
// Memory stays bounded however many rows match: each step reads one keyset page without the large payloads
// (HistoryStore::exportPage()) and writes it out. The file appears only when commit() succeeds (QSaveFile writes
// a temporary file beside it and renames it over the target): a cancelled or failed export, or one whose object is
// destroyed before commit(), leaves neither a file nor half of one. Cells are the CLI's (historyCsvRow(),
// historyJson()): the same columns and the same spreadsheet-injection guard.
class HistoryExport
{
    Q_DECLARE_TR_FUNCTIONS(HistoryExport)

public:
    enum class Format
    {
        Csv,
        Json,
    };
    // Rows per step by default: one keyset query per 500 rows keeps a script's export fast.
    static constexpr int PageRows = 500;

    // By the file's type: .json is JSON, anything else CSV.
    static Format formatForPath(const QString &path);

    HistoryExport(HistoryStore *store, const HistoryFilter &filter, const QString &path,
                  std::optional<Format> format = std::nullopt);
    ~HistoryExport();
    HistoryExport(const HistoryExport &) = delete;
    HistoryExport &operator=(const HistoryExport &) = delete;

    // Fewer rows per step where each step must stay short (a GUI slice).
    void setPageRows(int rows) { m_pageRows = qMax(1, rows); }

    // Opens the temporary file and writes the header. False with error().
    bool start();
    // Reads and writes the next page. False when there is nothing more (atEnd()) or on failure (error()).
    bool step();
    // Finishes the document and moves the file into place. False with error() (and then no file is left).
    bool commit();
    // Drops everything written: no file is left.
    void cancel();

    bool atEnd() const { return m_atEnd; }
    qint64 written() const { return m_written; }
    QString error() const { return m_error; }
    QString path() const { return m_file.fileName(); }
    Format format() const { return m_format; }

private:
    bool write(const QByteArray &bytes);
    bool failWrite();

    HistoryStore *m_store;
    HistoryFilter m_filter;
    Format m_format;
    QSaveFile m_file;
    std::optional<SubmissionRecord> m_last;
    int m_pageRows = PageRows;
    qint64 m_written = 0;
    bool m_started = false;
    bool m_atEnd = false;
    QString m_error;
};

} // namespace LeadRelay
