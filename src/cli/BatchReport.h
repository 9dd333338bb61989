// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/BatchFile.h"
#include "pipeline/BatchSender.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>

namespace LeadRelay
{

// What `submit --batch` says about each row and the whole batch: the results file, the closing summary line,
// the progress line and the exit status.
class BatchReport
{
    Q_DECLARE_TR_FUNCTIONS(BatchCommand)

public:
    struct Line
    {
        int line = 0;
        QString id;      // the row's submission (for already_sent: the earlier run's); empty when none
        QString outcome; // an outcome key, or invalid, valid (dry run), duplicate, already_sent, not_started,
                         // store_failed, config_error
        QStringList messages;
        int exitCode = 0;
    };

    explicit BatchReport(const BatchFile &file);

    void addInvalidRows(bool dryRun);
    void add(const BatchSender::RowResult &result);
    int total() const { return int(m_file.rows.size()); }
    int done() const { return int(m_lines.size()); }

    // The worst exit status over the rows, in this order from best to worst: 0 accepted or sold; 1 rejected,
    // invalid or a duplicate; 3 not delivered, delivery unknown or not started; 2 a configuration or history
    // problem; 4 an answer the history could not record. Worse means more urgent for the person at the desk.
    int exitCode() const;
    static int severity(int exitCode);

    QString summary() const; // one line: rows and counts per outcome
    // The progress line for a terminal: rows done, rate, counts, time left.
    QString progress(qint64 elapsedMs) const;
    // One line per input row, by line number: CSV when path ends in .csv, else JSON Lines. False with *error.
    bool writeResults(const QString &path, QString *error) const;

private:
    QMap<QString, int> counts() const;

    const BatchFile &m_file;
    QMap<int, Line> m_lines; // by line number
};

} // namespace LeadRelay
