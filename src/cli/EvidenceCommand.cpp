// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvidenceCommand.h"

#include "CliSupport.h"
#include "EvidencePdf.h"
#include "store/EvidenceExport.h"
#include "store/HistoryStore.h"

#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString overview()
{
    return EvidenceCommand::tr("Usage: leadrelay-cli evidence verify [--db FILE|URI]\n"
                               "       leadrelay-cli evidence export ID --format pdf|json --output FILE [--db …]\n"
                               "\n"
                               "verify: recomputes the consent records' hash chain and names the first record that\n"
                               "was changed, removed or inserted (exit status 1), or says it is intact (0).\n"
                               "export: one submission's evidence (consent record, lifecycle, redacted request,\n"
                               "vendor's answer, record hash) as PDF for people or JSON for programs.\n");
}

int verify(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(CliSupport::dbOption());
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"evidence verify"_s, EvidenceCommand::tr("Checks the consent evidence chain."),
                           arguments, &exitCode))
        return exitCode;
    const auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    const EvidenceCheck check = store->verifyEvidence();
    if (check.problem == EvidenceCheck::Problem::Unreadable) {
        CliSupport::err(EvidenceCommand::tr("Cannot check the evidence: %1").arg(check.message));
        return ExitUsage;
    }
    if (!check.ok()) {
        CliSupport::err(EvidenceCommand::tr("The evidence chain is broken. %1").arg(check.message));
        return EvidenceCommand::ExitChainBroken;
    }
    CliSupport::out(
        EvidenceCommand::tr("The evidence chain is intact: %n record(s) checked", nullptr, int(check.records)) +
        (check.tombstones > 0
             ? EvidenceCommand::tr(", %n of them reduced to a tombstone by retention", nullptr, int(check.tombstones))
             : QString()) +
        u'.');
    return ExitOk;
}

int exportEvidence(QStringList arguments)
{
    const QString id = arguments.value(1).startsWith(u'-') ? QString() : arguments.value(1);
    if (!id.isEmpty())
        arguments.removeAt(1);
    QCommandLineParser parser;
    const QCommandLineOption formatOption(u"format"_s, EvidenceCommand::tr("pdf or json."),
                                          EvidenceCommand::tr("FORMAT"));
    const QCommandLineOption outputOption(u"output"_s, EvidenceCommand::tr("The file to write."),
                                          EvidenceCommand::tr("FILE"));
    parser.addOptions({CliSupport::dbOption(), formatOption, outputOption});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"evidence export"_s,
                           EvidenceCommand::tr("Writes one submission's evidence (ID: its history id)."), arguments,
                           &exitCode))
        return exitCode;
    const QString format = parser.value(formatOption).toLower();
    if (id.isEmpty() || (format != u"pdf"_s && format != u"json"_s) || parser.value(outputOption).isEmpty()) {
        CliSupport::err(EvidenceCommand::tr("Usage: leadrelay-cli evidence export ID --format pdf|json --output "
                                            "FILE (ID: the submission's id, as 'history' lists it)."));
        return ExitUsage;
    }
    const auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    const auto document = EvidenceExport::document(*store, id);
    if (!document) {
        CliSupport::err(store->lastError().isEmpty()
                            ? EvidenceCommand::tr("The history holds no submission %1.").arg(id)
                            : store->lastError());
        return ExitUsage;
    }
    const QString output = parser.value(outputOption);
    if (format == u"json"_s) {
        QSaveFile file(output);
        if (!file.open(QIODevice::WriteOnly) || file.write(EvidenceExport::json(*document)) < 0 || !file.commit()) {
            CliSupport::err(EvidenceCommand::tr("Cannot write %1: %2").arg(output, file.errorString()));
            return ExitUsage;
        }
    } else if (const QString problem = writeEvidencePdf(EvidenceExport::html(*document), output); !problem.isEmpty()) {
        CliSupport::err(EvidenceCommand::tr("Cannot write %1: %2").arg(output, problem));
        return ExitUsage;
    }
    CliSupport::out(EvidenceCommand::tr("Evidence of %1 written to %2.").arg(id, output));
    return ExitOk;
}

} // namespace

bool EvidenceCommand::needsGui(const QStringList &arguments)
{
    return arguments.value(0) == u"evidence"_s && arguments.value(1) == u"export"_s;
}

int EvidenceCommand::run(const QStringList &arguments)
{
    const QString sub = arguments.value(1);
    if (sub == u"verify"_s)
        return verify(arguments.mid(1));
    if (sub == u"export"_s)
        return exportEvidence(arguments.mid(1));
    if (sub == u"--help"_s || sub == u"-h"_s) {
        CliSupport::out(overview().toUtf8());
        return ExitOk;
    }
    CliSupport::err(overview());
    return ExitUsage;
}

} // namespace LeadRelay
