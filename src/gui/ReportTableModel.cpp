// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReportTableModel.h"

#include "core/Outcome.h"

#include <QFont>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

ReportTableModel::ReportTableModel(const QString &keyTitle, const QList<Column> &columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_keyTitle(keyTitle)
{
    for (const Column column : columns) {
        if (column == Column::State) {
            for (const QString &state : states()) {
                m_columns.append(Column::State);
                m_stateOfColumn.append(state);
            }
        } else {
            m_columns.append(column);
            m_stateOfColumn.append(QString());
        }
    }
}

QStringList ReportTableModel::states()
{
    // Good news at the bottom of each stack, then what needs a look, then what never reached a buyer.
    return {outcomeStateKey(OutcomeState::Sold),
            outcomeStateKey(OutcomeState::Accepted),
            outcomeStateKey(OutcomeState::AcceptedNotSold),
            outcomeStateKey(OutcomeState::Rejected),
            outcomeStateKey(OutcomeState::Invalid),
            outcomeStateKey(OutcomeState::DeliveryUnknown),
            outcomeStateKey(OutcomeState::AccountError),
            outcomeStateKey(OutcomeState::NotDelivered),
            outcomeStateKey(OutcomeState::Sending)};
}

QString ReportTableModel::stateTitle(const QString &stateKey)
{
    switch (outcomeStateFromKey(stateKey).value_or(OutcomeState::Sending)) {
    case OutcomeState::Sold:
        return tr("Sold");
    case OutcomeState::Accepted:
        return tr("Accepted");
    case OutcomeState::AcceptedNotSold:
        return tr("Accepted, not sold");
    case OutcomeState::Rejected:
        return tr("Rejected");
    case OutcomeState::Invalid:
        return tr("Invalid");
    case OutcomeState::AccountError:
        return tr("Account problem");
    case OutcomeState::NotDelivered:
        return tr("Not delivered");
    case OutcomeState::DeliveryUnknown:
        return tr("Delivery unknown");
    case OutcomeState::Sending:
        return tr("Sending");
    }
    return stateKey;
}

void ReportTableModel::setTable(const ReportTable &table)
{
    beginResetModel();
    m_table = table;
    endResetModel();
}

int ReportTableModel::rowCount(const QModelIndex &parent) const
{
    // The total last, even when no group has a row: "0" is an answer too.
    return parent.isValid() ? 0 : int(m_table.rows.size()) + 1;
}

int ReportTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size()) + 1;
}

const ReportRow &ReportTableModel::rowAt(int row) const
{
    return row < m_table.rows.size() ? m_table.rows.at(row) : m_table.total;
}

QVariant ReportTableModel::value(const ReportRow &row, int column) const
{
    const QLocale locale;
    switch (m_columns.at(column)) {
    case Column::Submissions:
        return row.submissions;
    case Column::Sent:
        return row.sent;
    case Column::SoldOrAccepted:
        return row.soldOrAccepted;
    case Column::Rate:
        return row.sent > 0 ? locale.toString(100.0 * row.successRate(), 'f', 1) + u" %"_s : u"–"_s;
    case Column::Rejected:
        return row.rejected;
    case Column::Invalid:
        return row.invalid;
    case Column::DeliveryUnknown:
        return row.deliveryUnknown;
    case Column::AwaitingFinal:
        return row.awaitingFinal;
    case Column::Returned:
        return row.returned;
    case Column::Billable:
        return row.billable;
    case Column::NetBillable:
        return row.netBillable;
    case Column::AverageFinal:
        return row.finalTimed > 0 ? tr("%1 min").arg(locale.toString(row.averageFinalSeconds() / 60.0, 'f', 1))
                                  : u"–"_s;
    case Column::State:
        return row.byState.value(m_stateOfColumn.at(column));
    }
    return {};
}

QVariant ReportTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const ReportRow &row = rowAt(index.row());
    const bool total = index.row() == m_table.rows.size();
    if (role == Qt::DisplayRole) {
        if (index.column() == 0)
            return total ? tr("Total") : row.key;
        return value(row, index.column() - 1);
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() == 0 ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && total) {
        QFont font;
        font.setBold(true);
        return font;
    }
    return {};
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == 0)
        return m_keyTitle;
    switch (m_columns.at(section - 1)) {
    case Column::Submissions:
        return tr("Submissions");
    case Column::Sent:
        return tr("Sent");
    case Column::SoldOrAccepted:
        return tr("Sold or accepted");
    case Column::Rate:
        return tr("Rate");
    case Column::Rejected:
        return tr("Rejected");
    case Column::Invalid:
        return tr("Invalid");
    case Column::DeliveryUnknown:
        return tr("Delivery unknown");
    case Column::AwaitingFinal:
        return tr("Awaiting final");
    case Column::Returned:
        return tr("Returned");
    case Column::Billable:
        return tr("Billable");
    case Column::NetBillable:
        return tr("Net billable");
    case Column::AverageFinal:
        return tr("Average wait for final");
    case Column::State:
        return stateTitle(m_stateOfColumn.at(section - 1));
    }
    return {};
}

} // namespace LeadRelay
