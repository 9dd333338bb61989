// SPDX-License-Identifier: GPL-3.0-or-later
#include "BatchSender.h"

#include "BatchFile.h"

#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcPipeline)

namespace LeadRelay
{

BatchSender::BatchSender(SubmissionService *service, HistoryStore *store, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_store(store)
{}

void BatchSender::setConcurrency(int concurrency)
{
    m_concurrency = qBound(1, concurrency, MaxConcurrency);
}

void BatchSender::start(const QList<Item> &items, const SubmissionService::Request &request, const QString &batchId)
{
    m_items = items;
    m_request = request;
    m_batchId = batchId;
    m_next = 0;
    m_inFlight = 0;
    m_answered.clear();
    m_cancelled = false;
    m_running = true;
    schedulePump();
}

void BatchSender::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    schedulePump();
}

void BatchSender::schedulePump()
{
    // Answers arriving in the same turn of the event loop (and those that queued up during the previous commit)
    // share one transaction: the group grows exactly when commits are the bottleneck.
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QTimer::singleShot(0, this, &BatchSender::pump);
}

void BatchSender::pump()
{
    m_pumpScheduled = false;
    if (!m_running)
        return;
    const QList<Answered> answered = std::exchange(m_answered, {});
    // Places freed by the answers of this group are taken by rows of this group: the same commit covers both.
    const int free = m_concurrency - (m_inFlight - int(answered.size()));
    QList<Starting> starting;
    while (!m_cancelled && starting.size() < free && m_next < m_items.size()) {
        const Item &item = m_items.at(m_next++);
        SubmissionService::Request request = m_request;
        request.lead = item.lead;
        Starting next{item.line, m_service->prepare(request)};
        if (!next.prepared.ready) {
            RowResult result;
            result.line = item.line;
            result.kind = next.prepared.early.kind == SubmissionService::Result::LocalInvalid ? RowResult::LocalInvalid
                                                                                              : RowResult::ConfigError;
            result.issues = next.prepared.early.issues;
            result.error = next.prepared.early.error;
            if (m_rowDone)
                m_rowDone(result);
            continue;
        }
        starting.append(next);
    }
    if (answered.isEmpty() && starting.isEmpty()) {
        finishIfDone();
        return;
    }

    QList<GroupAnswer> answers;
    answers.reserve(answered.size());
    for (const Answered &a : answered)
        answers.append(GroupAnswer{a.id, a.outcome, a.durationMs});
    QList<GroupStart> starts;
    starts.reserve(starting.size());
    for (const Starting &s : std::as_const(starting))
        starts.append(GroupStart{s.prepared.start, batchRowKey(s.prepared.vendor->id(), s.prepared.start.lead),
                                 m_batchId, s.line});

    QList<BeginResult> begun;
    if (m_store->writeGroup(answers, starts, &begun)) {
        for (const Answered &a : answered)
            emitAnswer(a, SubmissionService::Result::AnswerKept::InHistory);
        for (qsizetype i = 0; i < starting.size(); ++i)
            handleBegun(starting.at(i), begun.at(i));
    } else {
        // Something in the group could not be written. Each part on its own, as a single submission would:
        // answers with their retries and the side journal, rows one by one (a row not recorded is not sent).
        qCWarning(lcPipeline) << "group write failed; writing one by one:" << m_store->lastError();
        for (const Answered &a : answered) {
            Answered copy = a;
            const auto kept = m_service->recordAnswer(copy.id, &copy.outcome, copy.durationMs);
            emitAnswer(copy, kept);
        }
        for (qsizetype i = 0; i < starting.size(); ++i) {
            QList<BeginResult> one;
            if (m_store->writeGroup({}, {starts.at(i)}, &one)) {
                handleBegun(starting.at(i), one.value(0));
            } else {
                RowResult result;
                result.line = starting.at(i).line;
                result.kind = RowResult::StoreFailed;
                result.error = m_store->lastError();
                m_cancelled = true; // a history that cannot be written stops the batch: the rest stay unsent
                if (m_rowDone)
                    m_rowDone(result);
            }
        }
    }
    finishIfDone();
}

void BatchSender::handleBegun(const Starting &starting, const BeginResult &begun)
{
    RowResult result;
    result.line = starting.line;
    result.issues = starting.prepared.early.issues; // warnings
    if (begun.doNotCall) {
        result.kind = RowResult::DoNotCall;
        result.error = SubmissionService::doNotCallMessage(*begun.doNotCall);
        if (m_rowDone)
            m_rowDone(result);
        return;
    }
    if (begun.earlier || begun.duplicate) {
        result.kind = begun.earlier ? RowResult::AlreadySent : RowResult::Duplicate;
        result.earlier = begun.earlier ? begun.earlier : begun.duplicate;
        if (m_rowDone)
            m_rowDone(result);
        return;
    }
    // Recorded durably by the commit that just returned: now, and only now, the request may leave.
    ++m_inFlight;
    const int line = starting.line;
    const QString id = begun.id;
    m_service->send(starting.prepared, id, this, [this, line, id](const Outcome &outcome, qint64 durationMs) {
        m_answered.append(Answered{line, id, outcome, durationMs});
        schedulePump();
    });
}

void BatchSender::emitAnswer(const Answered &answered, SubmissionService::Result::AnswerKept kept)
{
    --m_inFlight;
    RowResult result;
    result.line = answered.line;
    result.kind = RowResult::Sent;
    result.historyId = answered.id;
    result.outcome = answered.outcome;
    result.answerKept = kept;
    if (m_rowDone)
        m_rowDone(result);
}

void BatchSender::finishIfDone()
{
    if (!m_running || !m_answered.isEmpty() || m_pumpScheduled)
        return;
    if (m_inFlight > 0) {
        if (!m_cancelled && m_inFlight < m_concurrency && m_next < m_items.size())
            schedulePump(); // refused rows left places free
        return;
    }
    if (!m_cancelled && m_next < m_items.size()) {
        schedulePump(); // every row of the last group was refused (duplicates, already sent): start more
        return;
    }
    for (; m_next < m_items.size(); ++m_next) {
        RowResult result;
        result.line = m_items.at(m_next).line;
        result.kind = RowResult::NotStarted;
        if (m_rowDone)
            m_rowDone(result);
    }
    m_running = false;
    Q_EMIT finished();
}

} // namespace LeadRelay
