// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/Report.h"

#include <QAbstractTableModel>

namespace LeadRelay
{

// The numbers behind one of the dashboard's charts, as a table (screen readers, Ctrl+C): one row per group of a
// ReportTable and a total row, with the columns chosen for that chart.
class ReportTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Column
    {
        Submissions,
        Sent,
        SoldOrAccepted,
        Rate,
        Rejected,
        Invalid,
        DeliveryUnknown,
        AwaitingFinal,
        Returned,
        Billable,
        NetBillable,
        AverageFinal,
        State, // one column per outcome (the per-day chart's stacks); see states()
    };

    ReportTableModel(const QString &keyTitle, const QList<Column> &columns, QObject *parent = nullptr);

    void setTable(const ReportTable &table);
    const ReportTable &table() const { return m_table; }
    // The outcomes shown by Column::State, in the stacks' order.
    static QStringList states();
    static QString stateTitle(const QString &stateKey);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const ReportRow &rowAt(int row) const;
    QVariant value(const ReportRow &row, int column) const;

    QString m_keyTitle;
    QList<Column> m_columns; // State expanded to one entry per outcome
    QStringList m_stateOfColumn;
    ReportTable m_table;
};

} // namespace LeadRelay
