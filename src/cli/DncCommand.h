// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace LeadRelay
{

// `leadrelay-cli dnc add|remove|list|import|check`: the company do-not-call list in the history (shared on a
// team server), and `dnc registry import|list`: the national and state registry downloads kept on this desk.
class DncCommand
{
    Q_DECLARE_TR_FUNCTIONS(DncCommand)

public:
    static int run(const QStringList &arguments);      // arguments[0] is "dnc"
    static int registry(const QStringList &arguments); // arguments[0] is "registry" (after "dnc")

    // Takes the positional arguments out of arguments (CliSupport::parse refuses them); valueOptions are the
    // options that take a value, so their values stay.
    static QStringList takePositionals(QStringList *arguments, const QStringList &valueOptions);
};

} // namespace LeadRelay
