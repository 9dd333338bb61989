// SPDX-License-Identifier: GPL-3.0-or-later
#include "TeamCommand.h"

#include "CliSupport.h"
#include "core/CallbackBase.h"
#include "store/HistoryStore.h"
#include "store/TeamAdmin.h"

#include <QFileInfo>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QCommandLineOption teamDbOption()
{
    return QCommandLineOption(u"db"_s,
                              TeamCommand::tr("The team database, e.g. postgresql://admin@db.example.com/leadrelay "
                                              "(password from LEADRELAY_DB_PASSWORD or ~/.pgpass)."),
                              TeamCommand::tr("URI"));
}

std::optional<HistoryLocation> serverLocation(const QCommandLineParser &parser)
{
    HistoryLocation location = HistoryLocation::parse(parser.value(u"db"_s));
    if (!parser.isSet(u"db"_s) || !location.isServer()) {
        CliSupport::err(TeamCommand::tr("--db postgresql://USER@HOST/DATABASE is required: the team server."));
        return std::nullopt;
    }
    if (!location.isValid()) {
        CliSupport::err(location.error());
        return std::nullopt;
    }
    if (const QString password = qEnvironmentVariable("LEADRELAY_DB_PASSWORD"); !password.isEmpty())
        location.setPassword(password);
    return location;
}

// 24 characters from a 64-symbol alphabet (144 bits), from the system's random source.
QString generatedPassword()
{
    static const QString alphabet = u"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.~+=%"_s;
    QString password;
    for (int i = 0; i < 24; ++i)
        password.append(alphabet.at(int(QRandomGenerator::system()->bounded(quint32(alphabet.size())))));
    return password;
}

int init(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(teamDbOption());
    parser.addOption({u"callback-base"_s,
                      TeamCommand::tr("The floor receiver's public address (https://...), which every desk's nTherm "
                                      "submissions carry for final results."),
                      TeamCommand::tr("URL")});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"team init"_s,
                           TeamCommand::tr("Creates or upgrades the team database: schema, roles (leadrelay_agent, "
                                           "leadrelay_supervisor, leadrelay_receiver) and their row-level security. "
                                           "Safe to run again."),
                           arguments, &exitCode))
        return exitCode;
    const auto location = serverLocation(parser);
    if (!location)
        return ExitUsage;
    TeamAdmin admin(*location);
    if (!admin.connect()) {
        CliSupport::err(admin.lastError());
        return ExitUsage;
    }
    QUrl callbackBase;
    if (parser.isSet(u"callback-base"_s)) {
        callbackBase = QUrl(parser.value(u"callback-base"_s), QUrl::StrictMode);
        if (const QString problem = callbackBaseProblem(callbackBase); !problem.isEmpty()) {
            CliSupport::err(u"--callback-base: "_s + problem);
            return ExitUsage;
        }
    }
    HistoryStore store(location->uri());
    store.setPassword(location->password());
    if (!store.open()) {
        CliSupport::err(store.lastError());
        return ExitUsage;
    }
    if (!callbackBase.isEmpty() && !store.setTeamSetting(u"callback_base"_s, callbackBase.toString())) {
        CliSupport::err(store.lastError());
        return ExitUsage;
    }
    if (const QString base = store.teamSetting(u"callback_base"_s); !base.isEmpty())
        CliSupport::out(TeamCommand::tr("Final results go to the floor's receiver at %1.").arg(base));
    else
        CliSupport::out(TeamCommand::tr("No receiver set yet: run team init again with --callback-base https://... "
                                        "for nTherm's final results."));
    CliSupport::out(
        TeamCommand::tr("Team database %1 ready (schema %2).").arg(location->display()).arg(store.schemaVersion()));
    return ExitOk;
}

int addUser(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(teamDbOption());
    parser.addOption({u"role"_s, TeamCommand::tr("agent, supervisor or receiver."), TeamCommand::tr("ROLE")});
    parser.addPositionalArgument(u"name"_s, TeamCommand::tr("The new login's name."));
    int exitCode = ExitOk;
    // The name is the one positional argument: parse() refuses positional arguments, so take it out first.
    QStringList rest = arguments;
    QString name;
    for (int i = 1; i < rest.size(); ++i) {
        if (!rest.at(i).startsWith(u'-') &&
            !(i > 1 && (rest.at(i - 1) == u"--db"_s || rest.at(i - 1) == u"--role"_s))) {
            name = rest.takeAt(i);
            break;
        }
    }
    if (!CliSupport::parse(parser, u"team add-user"_s,
                           TeamCommand::tr("Adds a login to the floor: leadrelay-cli team add-user NAME --role ROLE "
                                           "--db URI. The password comes from LEADRELAY_NEW_PASSWORD, or is "
                                           "generated and printed once."),
                           rest, &exitCode))
        return exitCode;
    if (name.isEmpty() || !parser.isSet(u"role"_s)) {
        CliSupport::err(
            TeamCommand::tr("Usage: leadrelay-cli team add-user NAME --role agent|supervisor|receiver --db URI"));
        return ExitUsage;
    }
    const auto location = serverLocation(parser);
    if (!location)
        return ExitUsage;
    TeamAdmin admin(*location);
    QString password = qEnvironmentVariable("LEADRELAY_NEW_PASSWORD");
    const bool generated = password.isEmpty();
    if (generated)
        password = generatedPassword();
    if (!admin.connect() || !admin.addUser(name, parser.value(u"role"_s), password)) {
        CliSupport::err(admin.lastError());
        return ExitUsage;
    }
    CliSupport::out(TeamCommand::tr("Added %1 as %2.").arg(name, parser.value(u"role"_s)));
    if (generated)
        CliSupport::out(
            TeamCommand::tr("Password (shown once; give it to %1 and keep no copy): %2").arg(name, password));
    return ExitOk;
}

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(teamDbOption());
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"team list"_s, TeamCommand::tr("Lists the floor's logins and their roles."),
                           arguments, &exitCode))
        return exitCode;
    const auto location = serverLocation(parser);
    if (!location)
        return ExitUsage;
    TeamAdmin admin(*location);
    const auto users = admin.connect() ? admin.users() : std::nullopt;
    if (!users) {
        CliSupport::err(admin.lastError());
        return ExitUsage;
    }
    CliSupport::out(TeamCommand::tr("%1 %2 %3")
                        .arg(TeamCommand::tr("Login").leftJustified(24), TeamCommand::tr("Role").leftJustified(11),
                             TeamCommand::tr("Can log in")));
    for (const TeamAdmin::User &user : *users)
        CliSupport::out(u"%1 %2 %3"_s.arg(CliSupport::printable(user.name).leftJustified(24),
                                          user.role.leftJustified(11),
                                          user.canLogin ? TeamCommand::tr("yes") : TeamCommand::tr("no")));
    return ExitOk;
}

} // namespace

int TeamCommand::run(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    const QStringList rest = arguments.mid(1);
    if (action == u"init"_s)
        return init(rest);
    if (action == u"add-user"_s)
        return addUser(rest);
    if (action == u"list"_s)
        return list(rest);
    CliSupport::err(tr("Usage: leadrelay-cli team init|add-user|list --db URI (run by the team database's owner)"));
    return ExitUsage;
}

int TeamCommand::copyHistory(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(teamDbOption());
    parser.addOption({u"from"_s, tr("The desk's history file (SQLite) to copy."), tr("FILE")});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"history copy"_s,
                           tr("Copies a desk's history into the team database, keeping ids, times, outcomes, "
                              "lifecycles and each row's agent. Run it again: nothing doubles."),
                           arguments, &exitCode))
        return exitCode;
    const auto location = serverLocation(parser);
    if (!location)
        return ExitUsage;
    if (!parser.isSet(u"from"_s) || !QFileInfo(parser.value(u"from"_s)).isFile()) {
        CliSupport::err(
            tr("--from FILE is required: an existing desk history (e.g. %1).").arg(HistoryStore::defaultPath()));
        return ExitUsage;
    }
    HistoryStore from(parser.value(u"from"_s));
    HistoryStore to(location->uri());
    to.setPassword(location->password());
    if (!from.open() || !to.open()) {
        CliSupport::err(from.isOpen() ? to.lastError() : from.lastError());
        return ExitUsage;
    }
    if (to.role() != HistoryStore::Role::Owner) {
        CliSupport::err(tr("history copy keeps each row's agent, so it is run by the team database's owner, not by %1.")
                            .arg(location->user()));
        return ExitUsage;
    }
    constexpr int Page = 500;
    qint64 copied = 0;
    qint64 seen = 0;
    QList<SubmissionRecord> page = from.query({}, HistorySort::CreatedAt, Qt::AscendingOrder, 0, Page);
    while (!page.isEmpty()) {
        const int added = to.copyRecords(page);
        if (added < 0) {
            CliSupport::err(
                tr("Stopped after %1 rows: %2. Run the same command again to go on.").arg(seen).arg(to.lastError()));
            return ExitNotRecorded;
        }
        copied += added;
        seen += page.size();
        page = from.queryAfter({}, HistorySort::CreatedAt, Qt::AscendingOrder, page.constLast(), Page);
    }
    if (!from.lastError().isEmpty()) {
        CliSupport::err(tr("Stopped after %1 rows: %2").arg(seen).arg(from.lastError()));
        return ExitNotRecorded;
    }
    CliSupport::out(tr("Copied %1 of %2 submissions into %3 (%4 were there already).")
                        .arg(copied)
                        .arg(seen)
                        .arg(location->display())
                        .arg(seen - copied));
    return ExitOk;
}

} // namespace LeadRelay
