// SPDX-License-Identifier: GPL-3.0-or-later
#include "DncCommand.h"

#include "CliSupport.h"
#include "store/DncCheck.h"
#include "store/DncList.h"
#include "store/HistoryStore.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString defaultAgent()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? u"desk"_s : user;
}

// Parses, with the phone (or file) as the one positional argument.
bool parseWith(QCommandLineParser &parser, const QString &command, const QString &description, QStringList arguments,
               const QStringList &valueOptions, QStringList *positionals, int *exitCode)
{
    parser.addOption(CliSupport::dbOption());
    *positionals = DncCommand::takePositionals(&arguments, valueOptions + QStringList{u"--db"_s});
    return CliSupport::parse(parser, command, description, arguments, exitCode);
}

int add(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(
        {u"reason"_s, DncCommand::tr("Why (e.g. \"asked on the call of 2026-12-01\")."), DncCommand::tr("TEXT")});
    parser.addOption({u"agent"_s, DncCommand::tr("Who recorded it (default: $USER; a team server records the login)."),
                      DncCommand::tr("NAME")});
    QStringList phones;
    int exitCode = ExitOk;
    if (!parseWith(parser, u"dnc add"_s,
                   DncCommand::tr("Puts a phone on the company do-not-call list: leadrelay-cli dnc add PHONE "
                                  "[--reason TEXT]. A lead to that phone is then refused before sending."),
                   arguments, {u"--reason"_s, u"--agent"_s}, &phones, &exitCode))
        return exitCode;
    if (phones.size() != 1) {
        CliSupport::err(DncCommand::tr("leadrelay-cli dnc add: give exactly one PHONE."));
        return ExitUsage;
    }
    auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    DncList list(store.get());
    const QString agent = parser.isSet(u"agent"_s) ? parser.value(u"agent"_s) : defaultAgent();
    const auto entry = list.add(phones.first(), agent, parser.value(u"reason"_s), u"cli"_s);
    if (!entry) {
        CliSupport::err(list.lastError());
        return ExitUsage;
    }
    CliSupport::out(QString::fromUtf8(QJsonDocument(entry->toJson()).toJson(QJsonDocument::Compact)));
    return ExitOk;
}

int remove(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(
        {u"reason"_s, DncCommand::tr("Why the number may be called again (required)."), DncCommand::tr("TEXT")});
    parser.addOption({u"by"_s, DncCommand::tr("Who removes it (default: $USER; a team server records the login)."),
                      DncCommand::tr("NAME")});
    QStringList phones;
    int exitCode = ExitOk;
    if (!parseWith(parser, u"dnc remove"_s,
                   DncCommand::tr("Records the removal of a phone from the company do-not-call list (the entry is "
                                  "kept): leadrelay-cli dnc remove PHONE --reason TEXT. On a team server only a "
                                  "supervisor may."),
                   arguments, {u"--reason"_s, u"--by"_s}, &phones, &exitCode))
        return exitCode;
    if (phones.size() != 1) {
        CliSupport::err(DncCommand::tr("leadrelay-cli dnc remove: give exactly one PHONE."));
        return ExitUsage;
    }
    auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    DncList list(store.get());
    const QString by = parser.isSet(u"by"_s) ? parser.value(u"by"_s) : defaultAgent();
    if (!list.remove(phones.first(), by, parser.value(u"reason"_s))) {
        CliSupport::err(list.lastError());
        return ExitRejected;
    }
    return ExitOk;
}

int listEntries(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({u"all"_s, DncCommand::tr("Also the removed entries (with when, by whom and why).")});
    parser.addOption({u"json"_s, DncCommand::tr("One JSON object per line instead of a table.")});
    QStringList positionals;
    int exitCode = ExitOk;
    if (!parseWith(parser, u"dnc list"_s, DncCommand::tr("Lists the company do-not-call list, newest first."),
                   arguments, {}, &positionals, &exitCode))
        return exitCode;
    auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    DncList list(store.get());
    const auto entries = list.entries(parser.isSet(u"all"_s));
    if (!entries) {
        CliSupport::err(list.lastError());
        return ExitUsage;
    }
    for (const DncEntry &entry : *entries) {
        if (parser.isSet(u"json"_s)) {
            CliSupport::out(QString::fromUtf8(QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact)));
            continue;
        }
        QString line =
            u"%1  %2  %3  %4"_s.arg(entry.phone, entry.addedAt.toUTC().toString(Qt::ISODate),
                                    CliSupport::printable(entry.addedBy), CliSupport::printable(entry.reason));
        if (!entry.isActive())
            line += DncCommand::tr("  [removed %1 by %2: %3]")
                        .arg(entry.removedAt.toUTC().toString(Qt::ISODate), CliSupport::printable(entry.removedBy),
                             CliSupport::printable(entry.removalReason));
        CliSupport::out(line);
    }
    return ExitOk;
}

int import(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({u"reason"_s, DncCommand::tr("Recorded with every imported entry."), DncCommand::tr("TEXT")});
    parser.addOption({u"agent"_s, DncCommand::tr("Who recorded them (default: $USER)."), DncCommand::tr("NAME")});
    QStringList files;
    int exitCode = ExitOk;
    if (!parseWith(parser, u"dnc import"_s,
                   DncCommand::tr("Adds every phone of a file (one per line; a CSV's first column) to the company "
                                  "do-not-call list, in one transaction: leadrelay-cli dnc import FILE."),
                   arguments, {u"--reason"_s, u"--agent"_s}, &files, &exitCode))
        return exitCode;
    if (files.size() != 1) {
        CliSupport::err(DncCommand::tr("leadrelay-cli dnc import: give exactly one FILE."));
        return ExitUsage;
    }
    QFile file(files.first());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        CliSupport::err(DncCommand::tr("Cannot read %1: %2").arg(files.first(), file.errorString()));
        return ExitUsage;
    }
    QStringList phones;
    while (!file.atEnd())
        phones.append(QString::fromUtf8(file.readLine()).section(u',', 0, 0).remove(u'"').trimmed());
    auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    DncList list(store.get());
    QStringList invalid;
    const QString agent = parser.isSet(u"agent"_s) ? parser.value(u"agent"_s) : defaultAgent();
    const int added = list.import(phones, agent, parser.value(u"reason"_s), &invalid);
    if (added < 0) {
        CliSupport::err(list.lastError());
        return ExitUsage;
    }
    for (const QString &line : std::as_const(invalid))
        CliSupport::err(DncCommand::tr("Skipped, not a 10-digit US phone number: %1").arg(CliSupport::printable(line)));
    CliSupport::out(DncCommand::tr("%n number(s) added to the do-not-call list.", nullptr, added));
    return ExitOk;
}

int check(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(CliSupport::registryOption());
    QStringList phones;
    int exitCode = ExitOk;
    if (!parseWith(parser, u"dnc check"_s,
                   DncCommand::tr("Looks a phone up in the company list and the registry lists; prints JSON. Exit "
                                  "status 1 when it is on any of them."),
                   arguments, {u"--registry"_s}, &phones, &exitCode))
        return exitCode;
    if (phones.size() != 1) {
        CliSupport::err(DncCommand::tr("leadrelay-cli dnc check: give exactly one PHONE."));
        return ExitUsage;
    }
    auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    DncList list(store.get());
    const auto registry = CliSupport::openRegistry(parser);
    const DncCheck result = DncCheck::of(list, registry.get(), phones.first(), QDateTime::currentDateTimeUtc());
    CliSupport::out(QString::fromUtf8(QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact)));
    if (!result.error.isEmpty())
        return ExitUsage;
    return result.listed() ? ExitRejected : ExitOk;
}

} // namespace

QStringList DncCommand::takePositionals(QStringList *arguments, const QStringList &valueOptions)
{
    QStringList positionals;
    for (int i = 1; i < arguments->size();) {
        const QString &argument = arguments->at(i);
        const bool valueOfPrevious = valueOptions.contains(arguments->at(i - 1));
        if (!argument.startsWith(u'-') && !valueOfPrevious)
            positionals.append(arguments->takeAt(i));
        else
            ++i;
    }
    return positionals;
}

int DncCommand::run(const QStringList &arguments)
{
    const QString sub = arguments.value(1);
    const QStringList rest = arguments.mid(1);
    if (sub == u"add"_s)
        return add(rest);
    if (sub == u"remove"_s)
        return remove(rest);
    if (sub == u"list"_s)
        return listEntries(rest);
    if (sub == u"import"_s)
        return import(rest);
    if (sub == u"check"_s)
        return check(rest);
    if (sub == u"registry"_s)
        return registry(rest);
    const QString usage = tr("Usage: leadrelay-cli dnc add|remove|list|import|check|registry [options]\n"
                             "  add PHONE [--reason TEXT]       put a phone on the company do-not-call list\n"
                             "  remove PHONE --reason TEXT      record its removal (team server: supervisors only)\n"
                             "  list [--all] [--json]           the list, newest first (--all: removals too)\n"
                             "  import FILE [--reason TEXT]     every phone of a file, one per line\n"
                             "  check PHONE                     the company list and the registry lists, as JSON\n"
                             "  registry import FILE... --list NAME --date YYYY-MM-DD\n"
                             "                                  the national or a state registry's download\n"
                             "  registry list                   the registry lists and their download dates\n"
                             "Every command takes --db FILE|URI (the history) and --help.");
    if (sub == u"--help"_s || sub == u"-h"_s) {
        CliSupport::out(usage);
        return ExitOk;
    }
    CliSupport::err(usage);
    return ExitUsage;
}

} // namespace LeadRelay
