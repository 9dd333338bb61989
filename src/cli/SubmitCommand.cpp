// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubmitCommand.h"

#include "BatchCommand.h"
#include "CliSupport.h"
#include "SubmitSetup.h"
#include "core/LeadValidator.h"
#include "net/Submitter.h"
#include "net/VendorSimulator.h"
#include "pipeline/SubmissionService.h"
#include "store/HistoryStore.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

constexpr qint64 MaxLeadFileBytes = 1024 * 1024;
// How long a training submission waits for the in-process simulator to POST its final result.
constexpr int TrainingCallbackWaitMs = 15000;

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonArray issuesJson(const FieldIssues &issues)
{
    QJsonArray array;
    for (const FieldIssue &issue : issues) {
        array.append(QJsonObject{{u"field"_s, issue.field}, {u"message"_s, issue.message}});
    }
    return array;
}

// The one object `submit` prints, whatever happened (SubmitCommand --help documents the keys).
QJsonObject resultJson(const QString &vendorId, const SubmissionService::Result &result)
{
    QJsonObject object{{u"id"_s, textOrNull(result.historyId)},
                       {u"vendor"_s, vendorId},
                       {u"outcome"_s, QString()},
                       {u"billable"_s, false},
                       {u"final"_s, true},
                       {u"http_status"_s, QJsonValue::Null},
                       {u"messages"_s, QJsonArray()},
                       {u"field_issues"_s, QJsonArray()},
                       {u"vendor_lead_id"_s, QJsonValue::Null},
                       {u"vendor_transaction_id"_s, QJsonValue::Null}};
    switch (result.kind) {
    case SubmissionService::Result::Sent: {
        const Outcome &outcome = result.outcome;
        object[u"outcome"_s] = outcomeStateKey(outcome.state);
        object[u"billable"_s] = outcome.billable;
        object[u"final"_s] = outcome.final;
        if (outcome.httpStatus > 0) {
            object[u"http_status"_s] = outcome.httpStatus;
        }
        object[u"messages"_s] = QJsonArray::fromStringList(outcome.messages);
        object[u"field_issues"_s] = issuesJson(outcome.fieldIssues);
        object[u"vendor_lead_id"_s] = textOrNull(outcome.vendorLeadId);
        object[u"vendor_transaction_id"_s] = textOrNull(outcome.vendorTransactionId);
        break;
    }
    case SubmissionService::Result::LocalInvalid: {
        FieldIssues errors;
        for (const FieldIssue &issue : result.issues) {
            if (issue.severity == Severity::Error) {
                errors.append(issue);
            }
        }
        object[u"outcome"_s] = outcomeStateKey(OutcomeState::Invalid);
        object[u"messages"_s] =
            QJsonArray{SubmitCommand::tr("Not sent: the lead has %n problem(s).", nullptr, int(errors.size()))};
        object[u"field_issues"_s] = issuesJson(errors);
        break;
    }
    case SubmissionService::Result::Duplicate: {
        const DuplicateHit &hit = *result.duplicate;
        object[u"outcome"_s] = u"duplicate"_s;
        object[u"messages"_s] =
            QJsonArray{SubmitCommand::tr("Not sent: this phone number was sent to this vendor on %1 "
                                         "(submission %2, outcome %3).")
                           .arg(hit.createdAt.toUTC().toString(Qt::ISODate), hit.id, outcomeStateKey(hit.state))};
        break;
    }
    case SubmissionService::Result::DoNotCall:
        object[u"outcome"_s] = u"do_not_call"_s;
        object[u"messages"_s] = QJsonArray{result.error};
        object[u"do_not_call"_s] = result.doNotCall->toJson();
        break;
    case SubmissionService::Result::StoreFailed:
    case SubmissionService::Result::ConfigError:
        break; // reported on stderr only
    }
    return object;
}

int exitCodeFor(const SubmissionService::Result &result)
{
    switch (result.kind) {
    case SubmissionService::Result::LocalInvalid:
    case SubmissionService::Result::Duplicate:
    case SubmissionService::Result::DoNotCall:
        return ExitRejected;
    case SubmissionService::Result::StoreFailed:
    case SubmissionService::Result::ConfigError:
        return ExitUsage;
    case SubmissionService::Result::Sent:
        break;
    }
    return CliSupport::exitCodeFor(result.outcome.state);
}

QString description()
{
    return SubmitCommand::tr(
        "Validates one lead (a JSON file in LeadRelay's lead format), records it in the history and sends it\n"
        "to the vendor, then prints one JSON object on stdout:\n"
        "  {\"id\", \"vendor\", \"outcome\", \"billable\", \"final\", \"http_status\", \"messages\",\n"
        "   \"field_issues\": [{\"field\", \"message\"}], \"vendor_lead_id\", \"vendor_transaction_id\"}\n"
        "id is null when nothing was sent; http_status is null when no HTTP answer arrived.\n"
        "\n"
        "Credentials come from the environment: LEADRELAY_NTHERM_USER and LEADRELAY_NTHERM_PASSWORD, or\n"
        "LEADRELAY_BHM_AFFILIATE_ID and LEADRELAY_BHM_KEY. --training needs none: it starts the training\n"
        "simulator in this process and sends there.\n"
        "\n"
        "Exit status:\n"
        "  0  sold or accepted (a preliminary nTherm acceptance, and accepted-not-sold, which the vendor\n"
        "     accepted but will not pay for: see \"billable\")\n"
        "  1  rejected or invalid: by the vendor, or locally (every field issue is listed, nothing is sent\n"
        "     or stored), or refused as a duplicate (outcome \"duplicate\": the same phone was sent to the\n"
        "     same vendor within --duplicate-days; the earlier submission is named; --allow-duplicate sends)\n"
        "  2  usage or configuration error, including a vendor refusing the credentials (account_error)\n"
        "     and a history file that cannot be written (nothing is sent then)\n"
        "  3  not delivered (safe to send again) or delivery unknown (check with the vendor first)\n"
        "  4  the vendor answered (the outcome is printed) but the history could not record it, for example\n"
        "     on a full disk: the answer is kept in the side journal beside the history (<history>.answers)\n"
        "     and added to the history the next time it is opened with room to write; do not resubmit");
}

} // namespace

int SubmitCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    SubmitSetup setup;
    parser.addOptions(setup.options());
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"submit"_s, description() + BatchCommand::description(), arguments, &exitCode)) {
        return exitCode;
    }
    if (!setup.readCommon(parser)) {
        return ExitUsage;
    }
    const Vendor *vendor = setup.vendor;
    const bool training = setup.training;
    const QUrl callbackBase = setup.callbackBase;
    if (parser.isSet(setup.batchOption)) {
        if (parser.isSet(setup.leadOption)) {
            CliSupport::err(tr("--lead and --batch exclude each other: give one lead or one batch file."));
            return ExitUsage;
        }
        return BatchCommand::run(parser, setup);
    }
    for (const QCommandLineOption *batchOnly : {&setup.concurrencyOption, &setup.resultsOption, &setup.dryRunOption}) {
        if (parser.isSet(*batchOnly)) {
            CliSupport::err(tr("--%1 is used only with --batch.").arg(batchOnly->names().constFirst()));
            return ExitUsage;
        }
    }
    const QString leadPath = parser.value(setup.leadOption);
    if (leadPath.isEmpty()) {
        CliSupport::err(tr("--lead is required: give the lead as a JSON file, e.g. --lead lead.json "
                           "(or a file of leads with --batch)."));
        return ExitUsage;
    }

    // A FIFO, a device or a folder would block or never end: only a regular file is read.
    const QFileInfo leadInfo(leadPath);
    if (leadInfo.exists() && !leadInfo.isFile()) {
        CliSupport::err(tr("The lead file %1 is not a regular file (a folder, a pipe or a device): give a JSON file.")
                            .arg(leadPath));
        return ExitUsage;
    }
    QFile file(leadPath);
    if (!file.open(QIODevice::ReadOnly)) {
        CliSupport::err(tr("Cannot read the lead file %1: %2.").arg(leadPath, file.errorString()));
        return ExitUsage;
    }
    if (file.size() > MaxLeadFileBytes) {
        CliSupport::err(tr("The lead file %1 is larger than 1 MiB: is it really one lead?").arg(leadPath));
        return ExitUsage;
    }
    const LeadReadResult read = leadFromJson(file.read(MaxLeadFileBytes));
    if (!read.lead) {
        CliSupport::err(tr("The lead file %1 cannot be used: %2").arg(leadPath, read.error));
        return ExitUsage;
    }
    Lead lead = *read.lead;
    if (parser.isSet(setup.agentOption)) {
        lead.agent = parser.value(setup.agentOption).trimmed();
    }

    VendorSimulator simulator;
    if (!setup.resolveAccount(parser, &simulator)) {
        return ExitUsage;
    }
    const VendorAccount account = setup.account;

    const std::unique_ptr<HistoryStore> store = CliSupport::openStore(parser);
    if (!store) {
        return ExitUsage;
    }

    QNetworkAccessManager nam;
    SubmissionService service(store.get(), &nam);
    setup.configure(service);
    SubmissionService::Request request;
    request.lead = lead;
    request.vendor = vendor;
    request.account = account;
    request.callbackBase = callbackBase;
    request.allowDuplicate = parser.isSet(setup.allowDuplicateOption);

    bool callbackSent = false;
    QEventLoop loop;
    QObject::connect(&simulator, &VendorSimulator::callbackSent, &loop, [&callbackSent, &loop] {
        callbackSent = true;
        loop.quit();
    });
    SubmissionService::Result result;
    service.submit(request, &loop, [&result, &loop](const SubmissionService::Result &answer) {
        result = answer;
        loop.quit();
    });
    loop.exec();

    for (const FieldIssue &issue : std::as_const(result.issues)) {
        if (issue.severity == Severity::Warning) {
            CliSupport::err(tr("Warning: %1: %2").arg(issue.field, issue.message));
        }
    }
    switch (result.kind) {
    case SubmissionService::Result::ConfigError:
        CliSupport::err(tr("Not sent: %1").arg(result.error));
        return ExitUsage;
    case SubmissionService::Result::StoreFailed:
        CliSupport::err(
            tr("Not sent: the history could not be written (%1). Check the file or use --db FILE.").arg(result.error));
        return ExitUsage;
    case SubmissionService::Result::Duplicate:
        CliSupport::err(tr("Refused as a duplicate: this phone was sent to %3 on %2 (submission %1); "
                           "use --allow-duplicate to send it anyway.")
                            .arg(result.duplicate->id, result.duplicate->createdAt.toUTC().toString(Qt::ISODate),
                                 vendor->displayName()));
        break;
    case SubmissionService::Result::DoNotCall:
        CliSupport::err(result.error);
        break;
    case SubmissionService::Result::LocalInvalid:
    case SubmissionService::Result::Sent:
        break;
    }
    CliSupport::out(QJsonDocument(resultJson(vendor->id(), result)).toJson(QJsonDocument::Compact));
    CliSupport::out(QByteArray("\n"));

    if (result.kind == SubmissionService::Result::Sent &&
        result.answerKept != SubmissionService::Result::AnswerKept::InHistory) {
        CliSupport::err(
            result.answerKept == SubmissionService::Result::AnswerKept::InSideJournal
                ? tr("%1 answered \"%2\", but the history could not record it: %3 The answer is kept in %4 and will be "
                     "added the next time the history is opened with room to write. Do not resubmit.")
                      .arg(vendor->displayName(), outcomeStateKey(result.outcome.state), store->lastError(),
                           store->sideJournalPath())
                : tr("%1 answered \"%2\", but neither the history nor its side journal could record it: %3 "
                     "Keep this output; do not resubmit.")
                      .arg(vendor->displayName(), outcomeStateKey(result.outcome.state), store->lastError()));
        return ExitNotRecorded;
    }
    if (result.kind == SubmissionService::Result::Sent) {
        if (result.outcome.state == OutcomeState::DeliveryUnknown) {
            CliSupport::err(tr("The lead may have reached %1: check with the vendor before sending it again.")
                                .arg(vendor->displayName()));
        } else if (result.outcome.state == OutcomeState::AccountError) {
            CliSupport::err(tr("%1 refused the credentials: check the account settings.").arg(vendor->displayName()));
        }
        // The in-process simulator dies with this process: let it deliver the final result it owes first.
        const bool awaitingCallback = training && callbackBase.isValid() && Submitter::isLoopback(callbackBase) &&
                                      vendor->supportsCallback() && result.outcome.state == OutcomeState::Accepted &&
                                      !result.outcome.final;
        if (awaitingCallback && !callbackSent) {
            QTimer::singleShot(TrainingCallbackWaitMs, &loop, &QEventLoop::quit);
            loop.exec();
            if (!callbackSent) {
                CliSupport::err(tr("The training simulator could not deliver the final result in time."));
            }
        }
    }
    return exitCodeFor(result);
}

} // namespace LeadRelay
