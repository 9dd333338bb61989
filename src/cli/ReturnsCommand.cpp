// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReturnsCommand.h"

#include "CliSupport.h"
#include "pipeline/ReturnsImport.h"
#include "store/HistoryStore.h"
#include "vendors/Vendor.h"

#include <QDate>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString description()
{
    return ReturnsCommand::tr(
        "Records a buyer's returned leads (disputed, duplicate, wrong number) from their CSV file: each line is\n"
        "matched with a submission to VENDOR by the vendor's lead id, else its transaction id, else the phone\n"
        "(sent within a day of lead_date), and marked returned with the buyer's date and reason; a returned\n"
        "submission no longer counts as billable. Importing the same file again changes nothing.\n"
        "Columns (a header row; others are ignored): lead_id, transaction_id, phone, lead_date, return_date,\n"
        "reason. Name the buyer's own columns with --map, e.g. --map \"Lead ID=lead_id\" --map Reason=reason.\n"
        "Dates: YYYY-MM-DD or MM/DD/YYYY; without a return_date the return is dated today.\n"
        "Lines that match nothing, match several submissions, or were returned before for another reason are\n"
        "listed with their line numbers and left unchanged.\n"
        "Exit status: 0 every line recorded (or recorded before); 1 some lines listed as not recorded;\n"
        "2 usage error, a file that cannot be read (nothing changed), or the history refused the change.");
}

} // namespace

int ReturnsCommand::run(const QStringList &arguments)
{
    if (arguments.value(1) != u"import"_s) {
        if (arguments.value(1) == u"--help"_s || arguments.value(1) == u"-h"_s) {
            CliSupport::out(description().toUtf8() + "\n\nUsage: leadrelay-cli returns import FILE --vendor VENDOR "
                                                     "[--map COLUMN=FIELD ...] [--dry-run] [--db FILE|URI]\n");
            return ExitOk;
        }
        CliSupport::err(tr("Usage: leadrelay-cli returns import FILE --vendor VENDOR [--map COLUMN=FIELD ...]"));
        return ExitUsage;
    }
    QCommandLineParser parser;
    const QCommandLineOption vendorOption(u"vendor"_s, tr("The buyer's vendor: ntherm or bhm."), tr("VENDOR"));
    const QCommandLineOption mapOption(
        u"map"_s, tr("The file's COLUMN holds FIELD (%1); repeatable.").arg(ReturnsImport::fields().join(u", "_s)),
        tr("COLUMN=FIELD"));
    const QCommandLineOption dryRunOption(u"dry-run"_s, tr("Match and report only; change nothing."));
    parser.addOptions({CliSupport::dbOption(), vendorOption, mapOption, dryRunOption});
    // The file is the one positional argument: parse() refuses positional arguments, so take it out first.
    QStringList rest = arguments.mid(1);
    QString path;
    const QStringList valued{u"--db"_s, u"--vendor"_s, u"--map"_s};
    for (int i = 1; i < rest.size(); ++i) {
        if (!rest.at(i).startsWith(u'-') && !valued.contains(rest.at(i - 1))) {
            path = rest.takeAt(i);
            break;
        }
    }
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"returns import"_s, description(), rest, &exitCode))
        return exitCode;
    if (path.isEmpty() || !parser.isSet(vendorOption)) {
        CliSupport::err(tr("Usage: leadrelay-cli returns import FILE --vendor VENDOR [--map COLUMN=FIELD ...]"));
        return ExitUsage;
    }
    const QString vendorId = parser.value(vendorOption).trimmed().toLower();
    if (!vendorById(vendorId)) {
        CliSupport::err(tr("Unknown vendor '%1': use --vendor ntherm or --vendor bhm.").arg(vendorId));
        return ExitUsage;
    }
    ReturnsImport import;
    for (const QString &mapping : parser.values(mapOption)) {
        QString error;
        if (!import.setColumn(mapping, &error)) {
            CliSupport::err(tr("--map: %1").arg(error));
            return ExitUsage;
        }
    }
    if (!import.read(path)) {
        CliSupport::err(tr("Cannot use the returns file %1: %2. Nothing was changed.").arg(path, import.error()));
        return ExitUsage;
    }
    const std::unique_ptr<HistoryStore> store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    if (!import.match(*store, vendorId, QDate::currentDate())) {
        CliSupport::err(tr("Cannot read the history: %1").arg(import.error()));
        return ExitUsage;
    }
    const bool dryRun = parser.isSet(dryRunOption);
    if (!dryRun && !import.apply(*store)) {
        CliSupport::err(tr("The history refused the returns: %1. Nothing was changed.").arg(import.error()));
        return ExitUsage;
    }
    using Status = ReturnResult::Status;
    for (const ReturnResult &result : import.results()) {
        if (result.status == Status::Unmatched || result.status == Status::Ambiguous ||
            result.status == Status::Conflict || (dryRun && result.status == Status::ToReturn))
            CliSupport::out(CliSupport::printable(ReturnsImport::describe(result, vendorId)));
    }
    const int problems =
        import.count(Status::Unmatched) + import.count(Status::Ambiguous) + import.count(Status::Conflict);
    CliSupport::out((dryRun
                         ? tr("%1 lines: %2 would be marked returned, %3 already returned, %4 unmatched, %5 ambiguous, "
                              "%6 returned before for another reason. Nothing was changed (--dry-run).")
                         : tr("%1 lines: %2 marked returned, %3 already returned, %4 unmatched, %5 ambiguous, "
                              "%6 returned before for another reason."))
                        .arg(import.results().size())
                        .arg(import.count(dryRun ? Status::ToReturn : Status::Returned))
                        .arg(import.count(Status::AlreadyReturned))
                        .arg(import.count(Status::Unmatched))
                        .arg(import.count(Status::Ambiguous))
                        .arg(import.count(Status::Conflict)));
    return problems > 0 ? ExitRejected : ExitOk;
}

} // namespace LeadRelay
