// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTableView>

namespace LeadRelay
{

// A read-only table whose Ctrl+C (QKeySequence::Copy) copies the selected cells, or the whole table when nothing
// is selected, as tab-separated text with the column titles: what pastes into a spreadsheet or an e-mail.
class CopyableTableView : public QTableView
{
    Q_OBJECT

public:
    explicit CopyableTableView(QWidget *parent = nullptr);
    QString selectionText() const;

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace LeadRelay
