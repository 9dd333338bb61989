// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Clock.h"
#include "store/HistoryStore.h"
#include "vendors/Vendor.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace LeadRelay
{

class Submitter;

// The whole way of one lead: validate → duplicate check → history row "sending" (durable) → build request →
// send → parse → history row answered. Shared by the desktop app and leadrelay-cli.
class SubmissionService : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        Lead lead;
        const Vendor *vendor = nullptr;
        VendorAccount account; // endpoint already resolved (training: the simulator's)
        QUrl callbackBase;     // empty: no call_back_url
        bool allowDuplicate = false;
    };

    struct Result
    {
        enum Kind
        {
            Sent,         // outcome is the vendor's (or transport's) answer; historyId set
            LocalInvalid, // validation errors; nothing sent, nothing stored
            Duplicate,    // the same phone to the same vendor within the window; nothing sent
            StoreFailed,  // the history could not be written; nothing sent
            ConfigError,  // endpoint not allowed, missing credentials; nothing sent
        };
        Kind kind = Sent;
        QString historyId;
        Outcome outcome;
        FieldIssues issues; // LocalInvalid
        std::optional<DuplicateHit> duplicate;
        QString error; // StoreFailed, ConfigError
        // Sent: where the answer is. Recorded in the history; or, when the history could not take it even after
        // retrying (a full disk), kept in the side journal and applied on the next open; or, when even that
        // failed, only here (the caller must show it: it exists nowhere else).
        enum class AnswerKept
        {
            InHistory,
            InSideJournal,
            Nowhere,
        };
        AnswerKept answerKept = AnswerKept::InHistory;
    };

    SubmissionService(HistoryStore *store, QNetworkAccessManager *nam, Clock clock = systemClock(),
                      QObject *parent = nullptr);
    ~SubmissionService() override;

    void setDuplicateWindowDays(int days); // default 30; 0 turns the guard off

    // Asynchronous; done is called exactly once unless context is destroyed first.
    void submit(const Request &request, QObject *context, std::function<void(const Result &)> done);

    // Writing an answer is tried this often, this far apart, before it goes to the side journal.
    static constexpr int AnswerWriteAttempts = 3;
    static constexpr int AnswerRetryPauseMs = 100;

private:
    Result::AnswerKept recordAnswer(const QString &id, Outcome *outcome, qint64 durationMs);

    HistoryStore *m_store;
    Submitter *m_submitter;
    Clock m_clock;
    int m_duplicateWindowDays = 30;
    bool m_journalPending = false;
};

} // namespace LeadRelay
