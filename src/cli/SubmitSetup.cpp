// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubmitSetup.h"

#include "CliSupport.h"
#include "core/CallbackBase.h"
#include "net/Submitter.h"
#include "net/VendorSimulator.h"
#include "pipeline/BatchSender.h"
#include "pipeline/SubmissionService.h"
#include "store/DncRegistry.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

SubmitSetup::SubmitSetup()
    : vendorOption(u"vendor"_s, tr("The vendor: ntherm or bhm (required)."), tr("VENDOR"))
    , leadOption(u"lead"_s, tr("The lead, a JSON file (required unless --batch)."), tr("FILE"))
    , endpointOption(u"endpoint"_s,
                     tr("Send to this URL instead of the vendor's (https; plain http only to a loopback address)."),
                     tr("URL"))
    , trainingOption(u"training"_s, tr("Send to the built-in training simulator; no credentials needed."))
    , agentOption(u"agent"_s, tr("The agent recorded with the lead (overrides the file)."), tr("NAME"))
    , timeoutOption(u"timeout"_s, tr("Seconds to wait for the answer (default 30)."), tr("SECONDS"), u"30"_s)
    , allowDuplicateOption(u"allow-duplicate"_s, tr("Send even if this phone was sent to this vendor recently."))
    , duplicateDaysOption(u"duplicate-days"_s, tr("Days the duplicate guard looks back (default 30; 0 turns it off)."),
                          tr("DAYS"), u"30"_s)
    , callbackOption(
          u"callback-base"_s,
          tr("nTherm: ask for the final result at URL/callback/ntherm/<token> (run 'leadrelay-cli callbacks' there; "
             "https, plain http only to a loopback address)."),
          tr("URL"))
    , batchOption(u"batch"_s, tr("Send every lead of a CSV or JSON Lines file (instead of --lead)."), tr("FILE"))
    , concurrencyOption(u"concurrency"_s,
                        tr("--batch: leads in flight at once (default %1, at most %2).")
                            .arg(BatchSender::DefaultConcurrency)
                            .arg(BatchSender::MaxConcurrency),
                        tr("N"), QString::number(BatchSender::DefaultConcurrency))
    , resultsOption(u"results"_s, tr("--batch: write one line per input row to FILE (.csv, else JSON Lines)."),
                    tr("FILE"))
    , dryRunOption(u"dry-run"_s, tr("--batch: validate every row and report; send nothing, record nothing."))
{}

QList<QCommandLineOption> SubmitSetup::options() const
{
    return {vendorOption, leadOption,        endpointOption,       trainingOption,      CliSupport::dbOption(),
            agentOption,  timeoutOption,     allowDuplicateOption, duplicateDaysOption, callbackOption,
            batchOption,  concurrencyOption, resultsOption,        dryRunOption,        CliSupport::registryOption()};
}

bool SubmitSetup::readCommon(const QCommandLineParser &parser)
{
    const QString vendorId = parser.value(vendorOption).trimmed().toLower();
    if (vendorId.isEmpty()) {
        CliSupport::err(tr("--vendor is required: use --vendor ntherm or --vendor bhm."));
        return false;
    }
    vendor = vendorById(vendorId);
    if (!vendor) {
        CliSupport::err(tr("Unknown vendor '%1': use --vendor ntherm or --vendor bhm.").arg(vendorId));
        return false;
    }
    training = parser.isSet(trainingOption);
    if (training && parser.isSet(endpointOption)) {
        CliSupport::err(tr("--training and --endpoint exclude each other: training always sends to the simulator."));
        return false;
    }
    bool ok = false;
    timeoutSeconds = parser.value(timeoutOption).toInt(&ok);
    if (!ok || timeoutSeconds < 1 || timeoutSeconds > MaxTimeoutSeconds) {
        CliSupport::err(tr("--timeout must be a whole number of seconds from 1 to %1.").arg(MaxTimeoutSeconds));
        return false;
    }
    duplicateDays = parser.value(duplicateDaysOption).toInt(&ok);
    if (!ok || duplicateDays < 0 || duplicateDays > 3650) {
        CliSupport::err(tr("--duplicate-days must be a whole number of days from 0 to 3650."));
        return false;
    }
    // A lead's number found in the registry lists is kept in its consent record (SubmissionService).
    registry = CliSupport::openRegistry(parser);
    if (const QString stale = registry->staleNote(QDate::currentDate()); !stale.isEmpty())
        CliSupport::err(stale);
    if (parser.isSet(callbackOption)) {
        callbackBase = QUrl(parser.value(callbackOption), QUrl::StrictMode);
        if (const QString problem = callbackBaseProblem(callbackBase); !problem.isEmpty()) {
            CliSupport::err(tr("--callback-base: %1").arg(problem));
            return false;
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
    return true;
}

void SubmitSetup::configure(SubmissionService &service) const
{
    service.setDuplicateWindowDays(duplicateDays);
    service.setDoNotCallRegistry(registry);
}

bool SubmitSetup::resolveAccount(const QCommandLineParser &parser, VendorSimulator *simulator)
{
    account.vendorId = vendor->id();
    account.timeoutMs = timeoutSeconds * 1000;
    if (training) {
        if (!simulator->listen(QHostAddress::LocalHost, 0)) {
            CliSupport::err(tr("The training simulator cannot listen on 127.0.0.1."));
            return false;
        }
        simulator->setCallbackDelayMs(0);
        account.mode = AccountMode::Training;
        account.endpoint = simulator->endpoint(vendor->id());
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
            return false;
        }
        const QString accountProblem = vendor->checkAccount(account);
        if (!accountProblem.isEmpty()) {
            CliSupport::err(tr("The credentials in %1 and %2 cannot be used: %3")
                                .arg(userVariable, secretVariable, accountProblem));
            return false;
        }
        if (parser.isSet(endpointOption)) {
            account.endpoint = QUrl(parser.value(endpointOption), QUrl::StrictMode);
            if (!account.endpoint.userInfo().isEmpty()) {
                // A password in a URL ends up in shell history and process lists; credentials come from the
                // environment only.
                CliSupport::err(tr("--endpoint must not contain a user name or password: set %1 and %2 instead.")
                                    .arg(userVariable, secretVariable));
                return false;
            }
        } else {
            account.endpoint = vendor->productionEndpoint();
        }
        const QString problem = Submitter::checkEndpoint(account.endpoint);
        if (!problem.isEmpty()) {
            CliSupport::err(tr("--endpoint cannot be used: %1").arg(problem));
            return false;
        }
    }

    return true;
}

} // namespace LeadRelay
