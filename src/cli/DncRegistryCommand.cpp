// SPDX-License-Identifier: GPL-3.0-or-later
// `leadrelay-cli dnc registry import|list`: the registry downloads kept on this desk (DncRegistry).
#include "CliSupport.h"
#include "DncCommand.h"
#include "store/DncRegistry.h"

#include <QDate>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

int importLists(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(CliSupport::registryOption());
    parser.addOption(
        {u"list"_s, DncCommand::tr("The list's name: national, or a state's code (TX, FL…)."), DncCommand::tr("NAME")});
    parser.addOption(
        {u"date"_s, DncCommand::tr("The day the files were downloaded (required)."), DncCommand::tr("YYYY-MM-DD")});
    QStringList rest = arguments;
    const QStringList files = DncCommand::takePositionals(&rest, {u"--registry"_s, u"--list"_s, u"--date"_s});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"dnc registry import"_s,
                           DncCommand::tr("Imports registry downloads (text files of 10-digit numbers, one per line, "
                                          "per area code) into a compact list on this desk: leadrelay-cli dnc "
                                          "registry import FILE... --list national --date 2026-11-28. Each area code "
                                          "in the files replaces that area code's numbers; the others are kept."),
                           rest, &exitCode))
        return exitCode;
    const QDate date = QDate::fromString(parser.value(u"date"_s), Qt::ISODate);
    if (files.isEmpty() || !parser.isSet(u"list"_s) || !date.isValid()) {
        CliSupport::err(DncCommand::tr("leadrelay-cli dnc registry import: give FILE..., --list NAME and "
                                       "--date YYYY-MM-DD."));
        return ExitUsage;
    }
    DncRegistry registry(CliSupport::registryDirectory(parser));
    DncRegistry::ImportStats stats;
    QString error;
    QElapsedTimer timer;
    timer.start();
    if (!registry.import(parser.value(u"list"_s), files, date, &stats, &error)) {
        CliSupport::err(error);
        return ExitUsage;
    }
    CliSupport::out(DncCommand::tr("%1: %2 numbers read (%3 lines not a number) in %4 area codes; the list holds %5 "
                                   "numbers in %6 bytes (%7 bytes per number); %8 ms.")
                        .arg(parser.value(u"list"_s))
                        .arg(stats.numbers)
                        .arg(stats.invalid)
                        .arg(stats.areaCodes)
                        .arg(stats.stored)
                        .arg(stats.fileBytes)
                        .arg(stats.stored ? double(stats.fileBytes) / double(stats.stored) : 0.0, 0, 'f', 2)
                        .arg(timer.elapsed()));
    return ExitOk;
}

int listLists(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(CliSupport::registryOption());
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"dnc registry list"_s,
                           DncCommand::tr("Lists the registry lists on this desk, their size and oldest download; "
                                          "a list older than %1 days is marked STALE.")
                               .arg(DncRegistry::StaleAfterDays),
                           arguments, &exitCode))
        return exitCode;
    const auto registry = CliSupport::openRegistry(parser);
    const QDate today = QDate::currentDate();
    for (const auto &file : registry->files()) {
        const QDate oldest = file->oldestDownload();
        const bool stale = oldest.isValid() && oldest.daysTo(today) > DncRegistry::StaleAfterDays;
        CliSupport::out(u"%1  %2  %3%4"_s.arg(file->list())
                            .arg(file->count())
                            .arg(oldest.toString(Qt::ISODate), stale ? DncCommand::tr("  STALE") : QString()));
    }
    return ExitOk;
}

} // namespace

int DncCommand::registry(const QStringList &arguments)
{
    const QString sub = arguments.value(1);
    if (sub == u"import"_s)
        return importLists(arguments.mid(1));
    if (sub == u"list"_s)
        return listLists(arguments.mid(1));
    CliSupport::err(tr("Usage: leadrelay-cli dnc registry import FILE... --list NAME --date YYYY-MM-DD | "
                       "leadrelay-cli dnc registry list"));
    return sub == u"--help"_s ? ExitOk : ExitUsage;
}

} // namespace LeadRelay
