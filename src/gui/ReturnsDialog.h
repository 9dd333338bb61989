// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pipeline/ReturnsImport.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace LeadRelay
{

class HistoryStore;

// History → Import returns…: a buyer's returns file, its vendor and (when the buyer names columns their own way)
// the column mappings; Preview shows what each line matched, Record returns applies it in one transaction.
// The logic is ReturnsImport's, shared with `leadrelay-cli returns import`; this dialog only shows it.
class ReturnsDialog : public QDialog
{
    Q_OBJECT

public:
    // today: the date a line without a return date is returned on (injected so tests control it).
    ReturnsDialog(HistoryStore *store, std::function<QDate()> today, QWidget *parent = nullptr);

    void setPath(const QString &path);
    void setVendor(const QString &vendorId);
    bool preview(); // reads and matches; false with the problem shown
    bool apply();   // records the previewed returns; false with the problem shown
    QString statusText() const;
    const ReturnsImport &import() const { return m_import; }

private:
    void showResults();
    void invalidate();

    HistoryStore *m_store;
    std::function<QDate()> m_today;
    ReturnsImport m_import;
    bool m_previewed = false;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QComboBox *m_vendor;
    QLineEdit *m_mappings;
    QPushButton *m_preview;
    QTableWidget *m_table;
    QLabel *m_status;
    QPushButton *m_apply;
};

} // namespace LeadRelay
