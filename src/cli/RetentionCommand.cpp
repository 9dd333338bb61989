// SPDX-License-Identifier: GPL-3.0-or-later
#include "RetentionCommand.h"

#include "CliSupport.h"
#include "store/HistoryStore.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString overview()
{
    return RetentionCommand::tr(
               "Usage: leadrelay-cli retention policy [--years N] [--db FILE|URI]\n"
               "       leadrelay-cli retention apply [--dry-run] [--db FILE|URI]\n"
               "\n"
               "policy: shows (or with --years sets) how many years after a submission its personal data is kept\n"
               "(default %1, at least %2: the Telemarketing Sales Rule keeps consent records five years).\n"
               "apply: removes the name, phone, e-mail and address of older submissions from the history and replaces\n"
               "their consent records by tombstones; the rows stay, so counts and the evidence chain still hold.\n")
        .arg(RetentionCommand::DefaultYears)
        .arg(RetentionCommand::MinimumYears);
}

int policy(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption yearsOption(u"years"_s, RetentionCommand::tr("Keep personal data N years."),
                                         RetentionCommand::tr("N"));
    parser.addOptions({CliSupport::dbOption(), yearsOption});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"retention policy"_s, RetentionCommand::tr("The retention period."), arguments,
                           &exitCode))
        return exitCode;
    const auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    if (parser.isSet(yearsOption)) {
        bool ok = false;
        const int years = parser.value(yearsOption).toInt(&ok);
        if (!ok || years < RetentionCommand::MinimumYears || years > 100) {
            CliSupport::err(RetentionCommand::tr("--years must be a whole number from %1 to 100.")
                                .arg(RetentionCommand::MinimumYears));
            return ExitUsage;
        }
        if (!store->setTeamSetting(RetentionCommand::policyKey(), QString::number(years))) {
            CliSupport::err(store->lastError());
            return ExitUsage;
        }
    }
    CliSupport::out(RetentionCommand::tr("Personal data is kept %n year(s) after each submission.", nullptr,
                                         RetentionCommand::policyYears(*store)));
    return ExitOk;
}

int apply(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption dryRunOption(u"dry-run"_s, RetentionCommand::tr("Only count what would be removed."));
    parser.addOptions({CliSupport::dbOption(), dryRunOption});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"retention apply"_s,
                           RetentionCommand::tr("Removes personal data older than the retention period."), arguments,
                           &exitCode))
        return exitCode;
    const auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    const int years = RetentionCommand::policyYears(*store);
    const QDateTime before = QDateTime::currentDateTimeUtc().addYears(-years);
    const bool dryRun = parser.isSet(dryRunOption);
    const HistoryStore::RetentionResult result = store->applyRetention(before, dryRun);
    if (!result.ok) {
        CliSupport::err(store->lastError());
        return ExitUsage;
    }
    const QString cutoff = before.toString(Qt::ISODate);
    CliSupport::out(dryRun ? RetentionCommand::tr("Dry run: personal data of %1 submission(s) created before %2 "
                                                  "would be removed, and %3 consent record(s) reduced to tombstones.")
                                 .arg(result.submissions)
                                 .arg(cutoff)
                                 .arg(result.records)
                           : RetentionCommand::tr("Personal data of %1 submission(s) created before %2 removed; %3 "
                                                  "consent record(s) reduced to tombstones.")
                                 .arg(result.submissions)
                                 .arg(cutoff)
                                 .arg(result.records));
    return ExitOk;
}

} // namespace

QString RetentionCommand::policyKey()
{
    return u"retention_years"_s;
}

int RetentionCommand::policyYears(HistoryStore &store)
{
    bool ok = false;
    const int years = store.teamSetting(policyKey()).toInt(&ok);
    return ok && years >= MinimumYears ? years : DefaultYears;
}

int RetentionCommand::run(const QStringList &arguments)
{
    const QString sub = arguments.value(1);
    if (sub == u"policy"_s)
        return policy(arguments.mid(1));
    if (sub == u"apply"_s)
        return apply(arguments.mid(1));
    if (sub == u"--help"_s || sub == u"-h"_s) {
        CliSupport::out(overview().toUtf8());
        return ExitOk;
    }
    CliSupport::err(overview());
    return ExitUsage;
}

} // namespace LeadRelay
