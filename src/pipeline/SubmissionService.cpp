// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubmissionService.h"

#include "core/LeadValidator.h"
#include "net/CallbackReceiver.h"
#include "net/Submitter.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>

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

    Result result;
    const Vendor *vendor = request.vendor;
    if (!vendor) {
        result.kind = Result::ConfigError;
        result.error = QCoreApplication::translate("SubmissionService", "No vendor was chosen.");
        deliver(result);
        return;
    }

    const QDateTime now = m_clock();
    const FieldIssues issues = vendor->validate(request.lead, now.date());
    if (hasErrors(issues)) {
        result.kind = Result::LocalInvalid;
        result.issues = issues;
        deliver(result);
        return;
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
        deliver(result);
        return;
    }

    const QString phoneDigits = normalizedPhone(request.lead.phone);
    if (!request.allowDuplicate && m_duplicateWindowDays > 0 && !phoneDigits.isEmpty()) {
        const auto hit = m_store->findDuplicate(vendor->id(), phoneDigits, now.addDays(-m_duplicateWindowDays));
        if (hit) {
            result.kind = Result::Duplicate;
            result.duplicate = hit;
            deliver(result);
            return;
        }
    }

    QString token;
    QUrl callbackUrl;
    if (vendor->supportsCallback() && request.callbackBase.isValid() && !request.callbackBase.isEmpty()) {
        token = CallbackReceiver::newToken();
        callbackUrl = CallbackReceiver::callbackUrl(request.callbackBase, vendor->id(), token);
    }

    const HttpRequest httpRequest = vendor->buildRequest(request.lead, account, callbackUrl);

    SubmissionStart start;
    start.lead = request.lead;
    start.vendorId = vendor->id();
    start.accountMode = accountModeKey(account.mode);
    start.redactedRequest = vendor->redacted(httpRequest).toText();
    start.callbackToken = token;
    const QString id = m_store->begin(start);
    if (id.isEmpty()) {
        // The row "sending" must be durable before any byte leaves; without it, nothing is sent.
        result.kind = Result::StoreFailed;
        result.error = m_store->lastError();
        qCWarning(lcPipeline) << "history row could not be written; nothing sent:" << result.error;
        deliver(result);
        return;
    }

    qCInfo(lcPipeline) << "sending" << id << "to" << vendor->id() << accountModeKey(account.mode);
    // The service, not the caller's context, owns the send: the answer is recorded even if the caller is gone.
    m_submitter->send(
        httpRequest, account.timeoutMs, this, [this, guard, done, vendor, id](const TransportResult &transport) {
            Result sent;
            sent.kind = Result::Sent;
            sent.historyId = id;
            sent.outcome = Submitter::toOutcome(*vendor, transport);
            if (!m_store->finish(id, sent.outcome, transport.durationMs)) {
                qCWarning(lcPipeline) << "answer for" << id << "could not be recorded:" << m_store->lastError();
                sent.outcome.messages.append(
                    QCoreApplication::translate("SubmissionService",
                                                "Warning: the history could not be updated with this answer (%1). "
                                                "Note the outcome shown here; do not resubmit.")
                        .arg(m_store->lastError()));
            }
            qCInfo(lcPipeline) << "answer for" << id << outcomeStateKey(sent.outcome.state) << sent.outcome.httpStatus;
            if (guard) {
                done(sent);
            }
        });
}

} // namespace LeadRelay
