// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Outcome.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcCli)

namespace LeadRelay
{

class DncRegistry;
class HistoryStore;

// Exit statuses of every command (documented in `leadrelay-cli --help`).
enum ExitCode
{
    ExitOk = 0,           // accepted or sold (also preliminary, and accepted-not-sold); a server quit cleanly
    ExitRejected = 1,     // rejected or invalid (by the vendor or locally), or refused as a duplicate
    ExitUsage = 2,        // usage or configuration error (also the vendor refusing the account)
    ExitNotDelivered = 3, // not delivered, or delivery unknown
    ExitNotRecorded = 4,  // the vendor answered, but the history could not record it (see the side journal)
};

// Helpers shared by the commands: output, option parsing and the history file.
class CliSupport
{
    Q_DECLARE_TR_FUNCTIONS(CliSupport)

public:
    static void out(const QByteArray &bytes); // stdout, flushed
    static void out(const QString &line);     // one line, UTF-8, newline added
    static void err(const QString &line);     // one line on stderr

    // Parses one subcommand's options (arguments[0] is the command name). Handles --help (prints and returns
    // ExitOk through *exitCode), unknown options and unexpected positional arguments (ExitUsage).
    static bool parse(QCommandLineParser &parser, const QString &command, const QString &description,
                      const QStringList &arguments, int *exitCode);

    // The exit status for a vendor's (or the transport's) answer: one table for single submissions and batches.
    static int exitCodeFor(OutcomeState state);

    static QCommandLineOption dbOption();
    // Opens the history at --db (default HistoryStore::defaultPath()); null after printing why.
    static std::unique_ptr<HistoryStore> openStore(const QCommandLineParser &parser);
    // --registry DIR: this desk's do-not-call registry lists (default DncRegistry::defaultDirectory()).
    static QCommandLineOption registryOption();
    static QString registryDirectory(const QCommandLineParser &parser);
    // The registry at --registry, loaded; a list that cannot be read is named on stderr (the others are used).
    static std::shared_ptr<DncRegistry> openRegistry(const QCommandLineParser &parser);

    // Control characters (terminal escape sequences) replaced, for text from the history shown on a terminal.
    static QString printable(const QString &text);
};

} // namespace LeadRelay
