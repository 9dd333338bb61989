// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportRowsModel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString problemsText(const FieldIssues &issues)
{
    QStringList errors;
    QStringList warnings;
    for (const FieldIssue &issue : issues) {
        const QString text = issue.field.isEmpty() ? issue.message : issue.field + u": "_s + issue.message;
        (issue.severity == Severity::Error ? errors : warnings).append(text);
    }
    return (errors + warnings).join(u"; "_s);
}

} // namespace

void ImportRowsModel::setFile(const BatchFile &file)
{
    beginResetModel();
    m_rows.clear();
    m_byLine.clear();
    m_rows.reserve(file.rows.size());
    for (const BatchRow &row : file.rows) {
        m_byLine.insert(row.line, int(m_rows.size()));
        m_rows.append(Entry{row, problemsText(row.issues), {}, {}, {}});
    }
    endResetModel();
}

void ImportRowsModel::setResult(const BatchSender::RowResult &result)
{
    const auto it = m_byLine.constFind(result.line);
    if (it == m_byLine.constEnd())
        return;
    Entry &entry = m_rows[*it];
    using Row = BatchSender::RowResult;
    QStringList messages;
    switch (result.kind) {
    case Row::Sent:
        entry.outcome = outcomeStateKey(result.outcome.state);
        entry.historyId = result.historyId;
        messages = result.outcome.messages;
        break;
    case Row::LocalInvalid:
        entry.outcome = u"invalid"_s;
        messages.append(problemsText(result.issues));
        break;
    case Row::Duplicate:
        entry.outcome = tr("duplicate");
        messages.append(tr("Sent to this vendor on %1 (submission %2).")
                            .arg(QLocale().toString(result.earlier->createdAt.toLocalTime(), QLocale::ShortFormat),
                                 result.earlier->id));
        break;
    case Row::AlreadySent:
        entry.outcome = tr("already sent");
        entry.historyId = result.earlier->id;
        messages.append(
            tr("Recorded by an earlier import (%1); not sent again.").arg(outcomeStateKey(result.earlier->state)));
        break;
    case Row::StoreFailed:
        entry.outcome = tr("not sent");
        messages.append(tr("The history could not be written: %1").arg(result.error));
        break;
    case Row::ConfigError:
        entry.outcome = tr("not sent");
        messages.append(result.error);
        break;
    case Row::DoNotCall:
        entry.outcome = tr("do not call");
        messages.append(result.error);
        break;
    case Row::NotStarted:
        entry.outcome = tr("not sent");
        messages.append(tr("Stopped before this row; import the file again to send it."));
        break;
    }
    entry.messages = messages.join(u"; "_s);
    Q_EMIT dataChanged(index(*it, OutcomeColumn), index(*it, SubmissionColumn));
}

void ImportRowsModel::clearResults()
{
    for (Entry &entry : m_rows) {
        entry.outcome.clear();
        entry.historyId.clear();
        entry.messages.clear();
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, OutcomeColumn), index(int(m_rows.size()) - 1, SubmissionColumn));
}

int ImportRowsModel::validCount() const
{
    int count = 0;
    for (const Entry &entry : m_rows) {
        if (entry.row.isValid())
            ++count;
    }
    return count;
}

int ImportRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ImportRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Entry &entry = m_rows.at(index.row());
    if (role == Qt::BackgroundRole && !entry.row.isValid())
        return QBrush(QColor(0xfd, 0xe8, 0xe8));
    if (role == Qt::ToolTipRole && index.column() >= ProblemsColumn)
        return index.column() == ProblemsColumn ? entry.problems : entry.messages;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case LineColumn:
        return entry.row.line;
    case CustomerColumn:
        return entry.row.lead ? QString(entry.row.lead->firstName + u' ' + entry.row.lead->lastName).trimmed()
                              : QString();
    case PhoneColumn:
        return entry.row.lead ? entry.row.lead->phone : QString();
    case ProblemsColumn:
        return entry.problems;
    case OutcomeColumn:
        return entry.outcome;
    case SubmissionColumn:
        return entry.historyId;
    default:
        return {};
    }
}

QVariant ImportRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LineColumn:
        return tr("Line");
    case CustomerColumn:
        return tr("Customer");
    case PhoneColumn:
        return tr("Phone");
    case ProblemsColumn:
        return tr("Problems");
    case OutcomeColumn:
        return tr("Outcome");
    case SubmissionColumn:
        return tr("History entry");
    default:
        return {};
    }
}

} // namespace LeadRelay
