// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SubmissionService.h"

#include <QObject>

#include <functional>

namespace LeadRelay
{

// Sends the valid rows of a batch through SubmissionService's stages with bounded concurrency, grouping the
// durable writes: answers that arrived and the rows that take their freed places are written in one transaction
// (HistoryStore::writeGroup), so a group pays one fsync. A row's request leaves only after the commit that
// recorded it, as for a single submission; nothing is ever resent automatically. A row whose key was recorded by
// an earlier run (an interrupted batch run again) is reported as AlreadySent with that submission, not sent.
class BatchSender : public QObject
{
    Q_OBJECT

public:
    struct Item
    {
        int line = 0;
        Lead lead;
    };

    struct RowResult
    {
        enum Kind
        {
            Sent,         // outcome is the vendor's (or transport's) answer
            LocalInvalid, // issues; nothing sent
            Duplicate,    // earlier names the submission of the same phone; nothing sent
            AlreadySent,  // this row was recorded by an earlier run (earlier); nothing sent now
            StoreFailed,  // the history could not take the row; nothing sent
            ConfigError,  // nothing sent
            NotStarted,   // the batch was stopped before this row; nothing sent (a run again sends it)
            DoNotCall,    // the phone is on the company do-not-call list; error says so; nothing sent
        };
        int line = 0;
        Kind kind = Sent;
        QString historyId;
        Outcome outcome;
        FieldIssues issues;
        std::optional<DuplicateHit> earlier;
        QString error;
        SubmissionService::Result::AnswerKept answerKept = SubmissionService::Result::AnswerKept::InHistory;
    };

    static constexpr int DefaultConcurrency = 4;
    static constexpr int MaxConcurrency = 64;

    BatchSender(SubmissionService *service, HistoryStore *store, QObject *parent = nullptr);

    void setConcurrency(int concurrency);
    // rowDone is called once per item, in the order answers arrive; finished once, after the last.
    void setRowDone(std::function<void(const RowResult &)> rowDone) { m_rowDone = std::move(rowDone); }

    // `request` carries vendor, account, callback base and allowDuplicate; its lead is replaced by each item's.
    void start(const QList<Item> &items, const SubmissionService::Request &request, const QString &batchId);
    // Stops starting rows; those in flight finish and are recorded; the rest are reported NotStarted.
    void cancel();
    bool isCancelled() const { return m_cancelled; }
    bool isRunning() const { return m_running; }
    int inFlight() const { return m_inFlight; }

Q_SIGNALS:
    void finished();

private:
    struct Answered
    {
        int line = 0;
        QString id;
        Outcome outcome;
        qint64 durationMs = -1;
    };
    struct Starting
    {
        int line = 0;
        SubmissionService::Prepared prepared;
    };

    void schedulePump();
    void pump();
    void handleBegun(const Starting &starting, const BeginResult &begun);
    void emitAnswer(const Answered &answered, SubmissionService::Result::AnswerKept kept);
    void finishIfDone();

    SubmissionService *m_service;
    HistoryStore *m_store;
    std::function<void(const RowResult &)> m_rowDone;
    int m_concurrency = DefaultConcurrency;
    QList<Item> m_items;
    SubmissionService::Request m_request;
    QString m_batchId;
    qsizetype m_next = 0;
    int m_inFlight = 0; // rows recorded as sending whose answer is not recorded yet
    QList<Answered> m_answered;
    bool m_pumpScheduled = false;
    bool m_cancelled = false;
    bool m_running = false;
};

} // namespace LeadRelay
