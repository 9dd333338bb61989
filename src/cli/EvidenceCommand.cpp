// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvidenceCommand.h"

#include "CliSupport.h"
#include "EvidencePdf.h"
#include "store/EvidenceExport.h"
#include "store/HistoryStore.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString overview()
{
    return EvidenceCommand::tr("Usage: leadrelay-cli evidence verify [--db FILE|URI] [--head HASH]\n"
                               "       leadrelay-cli evidence export ID --format pdf|json --output FILE [--db …]\n"
                               "\n"
                               "verify: recomputes the consent records' hash chain and names the first record that\n"
                               "was changed, removed or inserted (exit status 1), or says it is intact (0), and\n"
                               "prints the hash of its last record. Keep that line outside the history: --head\n"
                               "HASH later also fails when no record has that hash, which shows records cut from\n"
                               "the chain's end.\n"
                               "export: one submission's evidence (consent record, lifecycle, redacted request,\n"
                               "vendor's answer, record hash) as PDF for people or JSON for programs.\n");
}

int verify(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption headOption(
        u"head"_s, EvidenceCommand::tr("The head's hash printed by an earlier check: fail when no record has it."),
        EvidenceCommand::tr("HASH"));
    parser.addOptions({CliSupport::dbOption(), headOption});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"evidence verify"_s, EvidenceCommand::tr("Checks the consent evidence chain."),
                           arguments, &exitCode))
        return exitCode;
    const QString noted = parser.value(headOption).trimmed().toLower();
    static const QRegularExpression sha256Hex(u"^[0-9a-f]{64}$"_s);
    if (parser.isSet(headOption) && !sha256Hex.match(noted).hasMatch()) {
        CliSupport::err(EvidenceCommand::tr("--head takes the 64 hexadecimal digits that an earlier 'evidence "
                                            "verify' printed after \"hash\"."));
        return ExitUsage;
    }
    const auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    const EvidenceCheck check = store->verifyEvidence(noted);
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
    if (check.headSeq == 0)
        return ExitOk;
    CliSupport::out(EvidenceCommand::tr("Head: record %1, hash %2").arg(check.headSeq).arg(check.headHash));
    CliSupport::out(noted.isEmpty()
                        ? EvidenceCommand::tr("Keep the head's line outside the history (a ticket, an e-mail): "
                                              "'evidence verify --head HASH' then also shows records cut from the end.")
                        : EvidenceCommand::tr("The head you noted is record %1: the chain still holds it and every "
                                              "record before it.")
                              .arg(check.notedSeq));
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
