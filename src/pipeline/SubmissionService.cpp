// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubmissionService.h"

#include "core/CallbackBase.h"
#include "core/LeadValidator.h"
#include "net/CallbackReceiver.h"
#include "net/Submitter.h"
#include "store/CallingRulesFile.h"
#include "store/DncCheck.h"
#include "store/DncList.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QSysInfo>
#include <QThread>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPipeline, "leadrelay.pipeline")

namespace LeadRelay
{

namespace
{

QString accountModeKey(AccountMode mode)
{
    return mode == AccountMode::Production ? u"production"_s : u"training"_s;
}

} // namespace

SubmissionService::SubmissionService(HistoryStore *store, QNetworkAccessManager *nam, Clock clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_submitter(new Submitter(nam, this))
    , m_clock(std::move(clock))
{}

SubmissionService::~SubmissionService() = default;

void SubmissionService::setDuplicateWindowDays(int days)
{
    m_duplicateWindowDays = qMax(0, days);
}

void SubmissionService::setDoNotCallRegistry(std::shared_ptr<const DncRegistry> registry)
{
    m_registry = std::move(registry);
}

SubmissionService::Prepared SubmissionService::prepare(const Request &request) const
{
    Prepared prepared;
    Result &result = prepared.early;
    const Vendor *vendor = request.vendor;
    if (!vendor) {
        result.kind = Result::ConfigError;
        result.error = QCoreApplication::translate("SubmissionService", "No vendor was chosen.");
        return prepared;
    }

    const QDateTime now = m_clock();
    const FieldIssues issues = vendor->validate(request.lead, now.date());
    if (hasErrors(issues)) {
        result.kind = Result::LocalInvalid;
        result.issues = issues;
        return prepared;
    }

    VendorAccount account = request.account;
    if (account.vendorId.isEmpty()) {
        account.vendorId = vendor->id();
    }
    if (account.endpoint.isEmpty()) {
        account.endpoint = vendor->productionEndpoint();
    }
    // Missing credentials or a forbidden endpoint are configuration problems, not the lead's: nothing is sent.
    QString configProblem = vendor->checkAccount(account);
    if (configProblem.isEmpty()) {
        configProblem = Submitter::checkEndpoint(account.endpoint);
    }
    if (!configProblem.isEmpty()) {
        result.kind = Result::ConfigError;
        result.error = configProblem;
        return prepared;
    }

    QString token;
    QUrl callbackUrl;
    QUrl callbackBase = request.callbackBase;
    // On a team server, production final results go to the floor's receiver, whose public base is one setting of
    // the team (so no two desks can disagree); training keeps the desk's own receiver and simulator.
    if (m_store->location().isServer() && account.mode == AccountMode::Production)
        callbackBase = QUrl(m_store->teamSetting(u"callback_base"_s), QUrl::StrictMode);
    // The same rule wherever the base came from (an older settings file may still hold an http:// one): a token
    // is never sent where it would cross a network in clear; the lead goes without a callback and says why.
    if (!callbackBase.isEmpty() && !callbackBaseProblem(callbackBase).isEmpty()) {
        qCWarning(lcPipeline).noquote() << "No callback for this lead:" << callbackBaseProblem(callbackBase);
        callbackBase = QUrl();
    }
    if (vendor->supportsCallback() && callbackBase.isValid() && !callbackBase.isEmpty()) {
        token = CallbackReceiver::newToken();
        callbackUrl = CallbackReceiver::callbackUrl(callbackBase, vendor->id(), token);
    }

    prepared.httpRequest = vendor->buildRequest(request.lead, account, callbackUrl);
    prepared.start.lead = request.lead;
    prepared.start.vendorId = vendor->id();
    prepared.start.accountMode = accountModeKey(account.mode);
    prepared.start.redactedRequest = vendor->redacted(prepared.httpRequest).toText();
    prepared.start.callbackToken = token;
    if (!request.lead.consent.isEmpty())
        prepared.start.consent = consentContent(request);
    if (!request.allowDuplicate && m_duplicateWindowDays > 0)
        prepared.start.duplicateSince = now.addDays(-m_duplicateWindowDays);
    result.issues = issues; // warnings only
    prepared.vendor = vendor;
    prepared.account = account;
    prepared.ready = true;
    return prepared;
}

QJsonObject SubmissionService::consentContent(const Request &request) const
{
    // The exact version read, when the lead names one the history holds (the form's scripts do); an older
    // script id keeps only the questions as answered, and the record says the text is unknown.
    std::optional<ConsentScript> script;
    if (const auto reference = ConsentScript::parseReference(request.lead.consentScript))
        script = m_store->consentScript(reference->first, reference->second);
    ConsentContext context;
    context.desk = QSysInfo::machineHostName();
    context.appVersion = QCoreApplication::applicationVersion();
    context.callingWindow = request.callingWindow;
    // Callers without a form (the CLI, a file of leads) still keep the window the consent was recorded in: the
    // desk's rules at the time the lead says consent was recorded. Only the form can acknowledge a warning.
    if (context.callingWindow.isEmpty() && request.lead.consentRecordedAt.isValid()) {
        QString rulesError;
        const CallingWindow window(CallingRulesFile::load(QString(), &rulesError));
        context.callingWindow =
            window.checkAt(request.lead.state, request.lead.zip, request.lead.consentRecordedAt).toJson();
    }
    context.dnc = request.dnc;
    // Likewise the do-not-call lists, as the form checks them: the company list (a hit never gets this far) and
    // this desk's registry downloads, at the moment the record is written.
    if (context.dnc.isEmpty()) {
        DncList list(m_store);
        context.dnc = DncCheck::of(list, m_registry.get(), request.lead.phone, m_clock()).toJson();
    }
    // On a team server the store puts the login in place of the lead's agent, as for the row.
    return ConsentEvidence::content(request.lead, script, context);
}

void SubmissionService::send(const Prepared &prepared, const QString &historyId, QObject *context,
                             std::function<void(const Outcome &, qint64)> done)
{
    qCInfo(lcPipeline) << "sending" << historyId << "to" << prepared.vendor->id()
                       << accountModeKey(prepared.account.mode);
    const Vendor *vendor = prepared.vendor;
    QPointer<QObject> guard(context);
    m_submitter->send(prepared.httpRequest, prepared.account.timeoutMs, context,
                      [vendor, guard, done](const TransportResult &transport) {
                          if (guard)
                              done(Submitter::toOutcome(*vendor, transport), transport.durationMs);
                      });
}

void SubmissionService::submit(const Request &request, QObject *context, std::function<void(const Result &)> done)
{
    // Every early result is delivered through the event loop as well, so callers see one calling convention.
    QPointer<QObject> guard(context);
    auto deliver = [this, guard, done](const Result &result) {
        QMetaObject::invokeMethod(
            this,
            [guard, done, result] {
                if (guard) {
                    done(result);
                }
            },
            Qt::QueuedConnection);
    };

    const Prepared prepared = prepare(request);
    if (!prepared.ready) {
        deliver(prepared.early);
        return;
    }
    Result result;
    // The duplicate guard and the durable row are one atomic step: of several desks or processes sending the same
    // lead at the same instant, exactly one gets a row, and only a row is ever sent.
    const BeginResult begun = m_store->beginChecked(prepared.start);
    if (begun.duplicate) {
        result.kind = Result::Duplicate;
        result.duplicate = begun.duplicate;
        deliver(result);
        return;
    }
    if (begun.doNotCall) {
        result.kind = Result::DoNotCall;
        result.doNotCall = begun.doNotCall;
        result.error = doNotCallMessage(*begun.doNotCall);
        qCInfo(lcPipeline) << "refused: phone on the company do-not-call list";
        deliver(result);
        return;
    }
    const QString id = begun.id;
    if (id.isEmpty()) {
        // The row "sending" must be durable before any byte leaves; without it, nothing is sent.
        result.kind = Result::StoreFailed;
        result.error = m_store->lastError();
        qCWarning(lcPipeline) << "history row could not be written; nothing sent:" << result.error;
        deliver(result);
        return;
    }

    // The service, not the caller's context, owns the send: the answer is recorded even if the caller is gone.
    send(prepared, id, this, [this, guard, done, id, result](const Outcome &outcome, qint64 durationMs) {
        Result sent = result;
        sent.kind = Result::Sent;
        sent.historyId = id;
        sent.outcome = outcome;
        sent.answerKept = recordAnswer(id, &sent.outcome, durationMs);
        qCInfo(lcPipeline) << "answer for" << id << outcomeStateKey(sent.outcome.state) << sent.outcome.httpStatus;
        if (guard) {
            done(sent);
        }
    });
}

QString SubmissionService::doNotCallMessage(const DncEntry &entry)
{
    const QString when = entry.addedAt.toUTC().toString(u"yyyy-MM-dd"_s);
    const QString who = entry.addedBy.isEmpty() ? tr("the desk") : entry.addedBy;
    return entry.reason.isEmpty()
               ? tr("Not sent: the customer asked not to be called (on the company do-not-call list since %1, "
                    "recorded by %2).")
                     .arg(when, who)
               : tr("Not sent: the customer asked not to be called (on the company do-not-call list since %1, "
                    "recorded by %2: %3).")
                     .arg(when, who, entry.reason);
}

SubmissionService::Result::AnswerKept SubmissionService::recordAnswer(const QString &id, Outcome *outcome,
                                                                      qint64 durationMs)
{
    // The lead has left: its answer is the one thing that must not be lost. A passing failure (a lock held too
    // long, a moment of a full disk) gets a second and third chance; then the side journal takes it.
    for (int attempt = 1; attempt <= AnswerWriteAttempts; ++attempt) {
        if (m_store->finish(id, *outcome, durationMs)) {
            // The history takes writes again: answers this process had to park go in now, not at the next start.
            if (m_journalPending && m_store->applySideJournal() >= 0)
                m_journalPending = false;
            return Result::AnswerKept::InHistory;
        }
        if (attempt < AnswerWriteAttempts)
            QThread::msleep(AnswerRetryPauseMs * attempt);
    }
    const QString cause = m_store->lastError();
    qCWarning(lcPipeline) << "answer for" << id << "could not be recorded:" << cause;
    const QString outcomeWords = outcomeStateKey(outcome->state);
    if (m_store->journalAnswer(id, *outcome, durationMs)) {
        m_journalPending = true;
        outcome->messages.append(
            QCoreApplication::translate("SubmissionService",
                                        "Warning: this answer (%1) is not in the history yet: %2. It is kept in %3 "
                                        "and will be added when the history can be written again. Do not resubmit.")
                .arg(outcomeWords, cause, m_store->sideJournalPath()));
        return Result::AnswerKept::InSideJournal;
    }
    outcome->messages.append(
        QCoreApplication::translate("SubmissionService",
                                    "Warning: this answer (%1) could not be saved anywhere: %2. Write it down now; "
                                    "do not resubmit.")
            .arg(outcomeWords, m_store->lastError()));
    return Result::AnswerKept::Nowhere;
}

} // namespace LeadRelay
