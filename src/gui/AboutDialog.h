// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Help → About: the version of LeadRelay and of the libraries a support call asks about first (Qt, SQLite,
// libphonenumber), with a button that copies them for an e-mail or a ticket.

#include <QDialog>
#include <QList>
#include <QPair>

#include <memory>

namespace Ui
{
class AboutDialog;
}

namespace LeadRelay
{

class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

    // (component, version) rows in the order shown: LeadRelay, Qt, SQLite, libphonenumber, operating system.
    static QList<QPair<QString, QString>> componentVersions();
    // The rows as plain text, one "component: version" a line (what "Copy" puts on the clipboard).
    static QString versionsText();
    // The SQLite library Qt's QSQLITE driver runs (sqlite_version()), which may differ from the one built against.
    static QString sqliteVersion();

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace LeadRelay
