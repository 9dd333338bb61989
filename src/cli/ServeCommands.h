// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace LeadRelay
{

// The long-running commands: `simulate` (training simulator) and `callbacks` (final-result receiver).
// Both print "listening on http://HOST:PORT" first (https:// for callbacks given --tls-cert and --tls-key) and run
// until SIGINT or SIGTERM.
class ServeCommands
{
    Q_DECLARE_TR_FUNCTIONS(ServeCommands)

public:
    static int simulate(const QStringList &arguments);  // arguments[0] is "simulate"
    static int callbacks(const QStringList &arguments); // arguments[0] is "callbacks"
};

} // namespace LeadRelay
