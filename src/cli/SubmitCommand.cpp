// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubmitCommand.h"

#include "CliSupport.h"
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
constexpr int MaxTimeoutSeconds = 600;
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
        return ExitRejected;
    case SubmissionService::Result::StoreFailed:
    case SubmissionService::Result::ConfigError:
        return ExitUsage;
    case SubmissionService::Result::Sent:
        break;
    }
    switch (result.outcome.state) {
    case OutcomeState::Sold:
    case OutcomeState::Accepted:
    case OutcomeState::AcceptedNotSold:
        return ExitOk;
    case OutcomeState::Rejected:
    case OutcomeState::Invalid:
        return ExitRejected;
    case OutcomeState::AccountError:
        return ExitUsage;
    case OutcomeState::NotDelivered:
    case OutcomeState::DeliveryUnknown:
    case OutcomeState::Sending:
        break;
    }
    return ExitNotDelivered;
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
    const QCommandLineOption vendorOption(u"vendor"_s, tr("The vendor: ntherm or bhm (required)."), tr("VENDOR"));
    const QCommandLineOption leadOption(u"lead"_s, tr("The lead, a JSON file (required)."), tr("FILE"));
    const QCommandLineOption endpointOption(
        u"endpoint"_s, tr("Send to this URL instead of the vendor's (https; plain http only to a loopback address)."),
        tr("URL"));
    const QCommandLineOption trainingOption(u"training"_s,
                                            tr("Send to the built-in training simulator; no credentials needed."));
    const QCommandLineOption agentOption(u"agent"_s, tr("The agent recorded with the lead (overrides the file)."),
                                         tr("NAME"));
    const QCommandLineOption timeoutOption(u"timeout"_s, tr("Seconds to wait for the answer (default 30)."),
                                           tr("SECONDS"), u"30"_s);
    const QCommandLineOption allowDuplicateOption(u"allow-duplicate"_s,
                                                  tr("Send even if this phone was sent to this vendor recently."));
    const QCommandLineOption duplicateDaysOption(
        u"duplicate-days"_s, tr("Days the duplicate guard looks back (default 30; 0 turns it off)."), tr("DAYS"),
        u"30"_s);
    const QCommandLineOption callbackOption(
        u"callback-base"_s,
        tr("nTherm: ask for the final result at URL/callback/ntherm/<token> (run 'leadrelay-cli callbacks' there)."),
        tr("URL"));
    parser.addOptions({vendorOption, leadOption, endpointOption, trainingOption, CliSupport::dbOption(), agentOption,
                       timeoutOption, allowDuplicateOption, duplicateDaysOption, callbackOption});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"submit"_s, description(), arguments, &exitCode)) {
        return exitCode;
    }

    const QString vendorId = parser.value(vendorOption).trimmed().toLower();
    if (vendorId.isEmpty()) {
        CliSupport::err(tr("--vendor is required: use --vendor ntherm or --vendor bhm."));
        return ExitUsage;
    }
    const Vendor *vendor = vendorById(vendorId);
    if (!vendor) {
        CliSupport::err(tr("Unknown vendor '%1': use --vendor ntherm or --vendor bhm.").arg(vendorId));
        return ExitUsage;
    }
    const QString leadPath = parser.value(leadOption);
    if (leadPath.isEmpty()) {
        CliSupport::err(tr("--lead is required: give the lead as a JSON file, e.g. --lead lead.json."));
        return ExitUsage;
    }
    const bool training = parser.isSet(trainingOption);
    if (training && parser.isSet(endpointOption)) {
        CliSupport::err(tr("--training and --endpoint exclude each other: training always sends to the simulator."));
        return ExitUsage;
    }
    bool ok = false;
    const int timeoutSeconds = parser.value(timeoutOption).toInt(&ok);
    if (!ok || timeoutSeconds < 1 || timeoutSeconds > MaxTimeoutSeconds) {
        CliSupport::err(tr("--timeout must be a whole number of seconds from 1 to %1.").arg(MaxTimeoutSeconds));
        return ExitUsage;
    }
    const int duplicateDays = parser.value(duplicateDaysOption).toInt(&ok);
    if (!ok || duplicateDays < 0 || duplicateDays > 3650) {
        CliSupport::err(tr("--duplicate-days must be a whole number of days from 0 to 3650."));
        return ExitUsage;
    }
    QUrl callbackBase;
    if (parser.isSet(callbackOption)) {
        callbackBase = QUrl(parser.value(callbackOption), QUrl::StrictMode);
        const QString scheme = callbackBase.scheme();
        if (!callbackBase.isValid() || (scheme != u"http"_s && scheme != u"https"_s) || callbackBase.host().isEmpty()) {
            CliSupport::err(tr("--callback-base must be an http or https URL, e.g. https://leads.example.com."));
            return ExitUsage;
        }
        if (training && vendor->supportsCallback() && !Submitter::isLoopback(callbackBase)) {
            CliSupport::err(tr("Note: the training simulator calls back loopback addresses only; "
                               "no final result will reach %1.")
                                .arg(callbackBase.toDisplayString(QUrl::RemoveUserInfo)));
        }
        if (!vendor->supportsCallback()) {
            CliSupport::err(
                tr("Note: %1 does not report final results; --callback-base is ignored.").arg(vendor->displayName()));
        }
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
    if (parser.isSet(agentOption)) {
        lead.agent = parser.value(agentOption).trimmed();
    }

    VendorAccount account;
    account.vendorId = vendor->id();
    account.timeoutMs = timeoutSeconds * 1000;
    VendorSimulator simulator;
    if (training) {
        if (!simulator.listen(QHostAddress::LocalHost, 0)) {
            CliSupport::err(tr("The training simulator cannot listen on 127.0.0.1."));
            return ExitUsage;
        }
        simulator.setCallbackDelayMs(0);
        account.mode = AccountMode::Training;
        account.endpoint = simulator.endpoint(vendor->id());
        if (vendor->id() == u"bhm"_s) {
            account.user = QString::number(VendorSimulator::TrainingAffiliateId);
            account.secret = QString::fromLatin1(VendorSimulator::TrainingKey);
        } else {
            account.user = QString::fromLatin1(VendorSimulator::TrainingUser);
            account.secret = QString::fromLatin1(VendorSimulator::TrainingPassword);
        }
    } else {
        account.mode = AccountMode::Production;
        const bool bhm = vendor->id() == u"bhm"_s;
        const QString userVariable = bhm ? u"LEADRELAY_BHM_AFFILIATE_ID"_s : u"LEADRELAY_NTHERM_USER"_s;
        const QString secretVariable = bhm ? u"LEADRELAY_BHM_KEY"_s : u"LEADRELAY_NTHERM_PASSWORD"_s;
        account.user = qEnvironmentVariable(qPrintable(userVariable)).trimmed();
        account.secret = qEnvironmentVariable(qPrintable(secretVariable));
        if (account.user.isEmpty() || account.secret.isEmpty()) {
            CliSupport::err(tr("%1 and %2 must be set in the environment to send to %3 (or use --training).")
                                .arg(userVariable, secretVariable, vendor->displayName()));
            return ExitUsage;
        }
        const QString accountProblem = vendor->checkAccount(account);
        if (!accountProblem.isEmpty()) {
            CliSupport::err(tr("The credentials in %1 and %2 cannot be used: %3")
                                .arg(userVariable, secretVariable, accountProblem));
            return ExitUsage;
        }
        if (parser.isSet(endpointOption)) {
            account.endpoint = QUrl(parser.value(endpointOption), QUrl::StrictMode);
            if (!account.endpoint.userInfo().isEmpty()) {
                // A password in a URL ends up in shell history and process lists; credentials come from the
                // environment only.
                CliSupport::err(tr("--endpoint must not contain a user name or password: set %1 and %2 instead.")
                                    .arg(userVariable, secretVariable));
                return ExitUsage;
            }
        } else {
            account.endpoint = vendor->productionEndpoint();
        }
        const QString problem = Submitter::checkEndpoint(account.endpoint);
        if (!problem.isEmpty()) {
            CliSupport::err(tr("--endpoint cannot be used: %1").arg(problem));
            return ExitUsage;
        }
    }

    const std::unique_ptr<HistoryStore> store = CliSupport::openStore(parser);
    if (!store) {
        return ExitUsage;
    }

    QNetworkAccessManager nam;
    SubmissionService service(store.get(), &nam);
    service.setDuplicateWindowDays(duplicateDays);
    SubmissionService::Request request;
    request.lead = lead;
    request.vendor = vendor;
    request.account = account;
    request.callbackBase = callbackBase;
    request.allowDuplicate = parser.isSet(allowDuplicateOption);

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
