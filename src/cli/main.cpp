// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli: wiring only; each command lives in its own file.
#include "CliSupport.h"
#include "CompactCommand.h"
#include "DncCommand.h"
#include "EvidenceCommand.h"
#include "HistoryCommand.h"
#include "LeadRelayVersion.h"
#include "ReportCommand.h"
#include "RetentionCommand.h"
#include "ReturnsCommand.h"
#include "ServeCommands.h"
#include "SubmitCommand.h"
#include "TeamCommand.h"
#include "core/Translations.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QLocale>
#include <QLoggingCategory>

#include <memory>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

QString overview()
{
    return QCoreApplication::translate(
        "CliMain", "Usage: leadrelay-cli COMMAND [options]\n"
                   "\n"
                   "Sends energy leads to nTherm or Bright Horizons Media and reads the submission history.\n"
                   "\n"
                   "Commands:\n"
                   "  submit     validate, record and send one lead file; prints the outcome as JSON\n"
                   "             (--batch FILE: every lead of a CSV or JSON Lines file, resumably)\n"
                   "  history    list the history as a table, JSON or CSV; history compact compresses older\n"
                   "             rows in place (resumable, progress on stderr)\n"
                   "  returns    import a buyer's returned leads (returns import FILE --vendor V)\n"
                   "  report     the dashboard's figures per day, vendor, agent or campaign\n"
                   "  simulate   run the training simulator of both vendors until interrupted\n"
                   "  callbacks  receive vendors' final results into the history until interrupted\n"
                   "  dnc        the company do-not-call list (add, remove, list, import, check) and the\n"
                   "             registry downloads (dnc registry import|list)\n"
                   "  team       administer a team server (init, add-user, list); history copy moves a desk's\n"
                   "             history into it\n"
                   "  evidence   verify the consent evidence chain; export one submission's evidence (PDF, JSON)\n"
                   "  retention  the retention policy; remove personal data of older submissions\n"
                   "\n"
                   "Run 'leadrelay-cli COMMAND --help' for a command's options.\n"
                   "\n"
                   "Exit status: 0 accepted or sold; 1 rejected, invalid or refused as a duplicate;\n"
                   "2 usage or configuration error; 3 not delivered or delivery unknown;\n"
                   "4 answered, but the history could not record the answer (kept in its side journal).\n");
}

} // namespace

int main(int argc, char *argv[])
{
    // Only the PDF export needs Qt's GUI module (its PDF writer lays out text with fonts); it never shows a window.
    std::unique_ptr<QCoreApplication> application;
    {
        QStringList raw;
        for (int i = 1; i < argc; ++i)
            raw << QString::fromLocal8Bit(argv[i]);
        if (EvidenceCommand::needsGui(raw)) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            application = std::make_unique<QGuiApplication>(argc, argv);
        } else {
            application = std::make_unique<QCoreApplication>(argc, argv);
        }
    }
    QCoreApplication &app = *application;
    // The same names as the desktop app, so both find the same default history file.
    QCoreApplication::setOrganizationName(u"LeadRelay"_s);
    QCoreApplication::setApplicationName(u"LeadRelay"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LEADRELAY_VERSION_TEXT));
    installTranslations(&app);

    // stdout carries results and stderr what the user must act on: progress chatter only when asked for
    // (QT_LOGGING_RULES="leadrelay.*.info=true" still turns it on).
    QLoggingCategory::setFilterRules(u"*.debug=false\nleadrelay.*.info=false"_s);

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    const QString command = arguments.value(0);
    if (command.isEmpty()) {
        CliSupport::err(overview());
        return ExitUsage;
    }
    if (command == u"--help"_s || command == u"-h"_s || command == u"help"_s) {
        CliSupport::out(overview().toUtf8());
        CliSupport::out(QCoreApplication::translate("CliMain", "\nOptions:\n"
                                                               "  -h, --help     show this overview\n"
                                                               "  -v, --version  show the version\n")
                            .toUtf8());
        return ExitOk;
    }
    if (command == u"--version"_s || command == u"-v"_s) {
        CliSupport::out(u"leadrelay-cli "_s + QCoreApplication::applicationVersion());
        return ExitOk;
    }
    if (command == u"dnc"_s)
        return DncCommand::run(arguments);
    if (command == u"submit"_s) {
        return SubmitCommand::run(arguments);
    }
    if (command == u"history"_s) {
        if (arguments.value(1) == u"copy"_s)
            return TeamCommand::copyHistory(arguments.mid(1));
        if (arguments.value(1) == u"compact"_s)
            return CompactCommand::run(arguments.mid(1));
        return HistoryCommand::run(arguments);
    }
    if (command == u"returns"_s) {
        return ReturnsCommand::run(arguments);
    }
    if (command == u"report"_s)
        return ReportCommand::run(arguments);
    if (command == u"team"_s) {
        return TeamCommand::run(arguments);
    }
    if (command == u"evidence"_s)
        return EvidenceCommand::run(arguments);
    if (command == u"retention"_s)
        return RetentionCommand::run(arguments);
    if (command == u"simulate"_s) {
        return ServeCommands::simulate(arguments);
    }
    if (command == u"callbacks"_s) {
        return ServeCommands::callbacks(arguments);
    }
    CliSupport::err(QCoreApplication::translate(
                        "CliMain", "Unknown command '%1': use submit, history, returns, simulate or callbacks "
                                   "(leadrelay-cli --help lists them).")
                        .arg(command));
    return ExitUsage;
}
