// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/BatchFile.h"
#include "pipeline/BatchSender.h"

#include <QAbstractTableModel>
#include <QHash>

namespace LeadRelay
{

// The rows of an imported file for ImportDialog: each row's problems before sending, its outcome and history
// entry after. Light per row (no widget per row), so 10,000 rows scroll like 10.
class ImportRowsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        LineColumn,
        CustomerColumn,
        PhoneColumn,
        ProblemsColumn,
        OutcomeColumn,
        SubmissionColumn,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setFile(const BatchFile &file);
    void setResult(const BatchSender::RowResult &result);
    void clearResults();

    const BatchRow &row(int index) const { return m_rows.at(index).row; }
    QString outcome(int index) const { return m_rows.at(index).outcome; }
    QString historyId(int index) const { return m_rows.at(index).historyId; }
    int validCount() const;
    int invalidCount() const { return int(m_rows.size()) - validCount(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        BatchRow row;
        QString problems; // errors first, one line
        QString outcome;
        QString historyId;
        QString messages;
    };
    QList<Entry> m_rows;
    QHash<int, int> m_byLine;
};

} // namespace LeadRelay
