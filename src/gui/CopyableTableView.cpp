// SPDX-License-Identifier: GPL-3.0-or-later
#include "CopyableTableView.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QKeyEvent>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

CopyableTableView::CopyableTableView(QWidget *parent)
    : QTableView(parent)
{
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    setTabKeyNavigation(false); // Tab leaves the table: the dashboard is reached by keyboard, not trapped in a grid
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setWordWrap(false);
}

QString CopyableTableView::selectionText() const
{
    if (!model())
        return {};
    int top = 0, bottom = model()->rowCount() - 1, left = 0, right = model()->columnCount() - 1;
    const QModelIndexList selected = selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList();
    if (!selected.isEmpty()) {
        top = left = INT_MAX;
        bottom = right = -1;
        for (const QModelIndex &index : selected) {
            top = qMin(top, index.row());
            bottom = qMax(bottom, index.row());
            left = qMin(left, index.column());
            right = qMax(right, index.column());
        }
    }
    auto clean = [](QString text) { return text.replace(u'\t', u' ').replace(u'\n', u' '); };
    QStringList lines;
    QStringList header;
    for (int column = left; column <= right; ++column)
        header.append(clean(model()->headerData(column, Qt::Horizontal).toString()));
    lines.append(header.join(u'\t'));
    for (int row = top; row <= bottom; ++row) {
        QStringList cells;
        for (int column = left; column <= right; ++column) {
            const QModelIndex index = model()->index(row, column);
            const bool wanted = selected.isEmpty() || selectionModel()->isSelected(index);
            cells.append(wanted ? clean(index.data().toString()) : QString());
        }
        lines.append(cells.join(u'\t'));
    }
    return lines.join(u'\n') + u'\n';
}

void CopyableTableView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(selectionText());
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace LeadRelay
