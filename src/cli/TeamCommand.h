// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace LeadRelay
{

// `leadrelay-cli team init|add-user|list`: a team server's administration, run by the database's owner.
// `leadrelay-cli history copy`: a desk's SQLite history moved into the team database.
class TeamCommand
{
    Q_DECLARE_TR_FUNCTIONS(TeamCommand)

public:
    static int run(const QStringList &arguments);         // arguments[0] is "team"
    static int copyHistory(const QStringList &arguments); // arguments[0] is "copy" (after "history")
};

} // namespace LeadRelay
