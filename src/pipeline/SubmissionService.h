// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Clock.h"
#include "store/HistoryStore.h"
#include "vendors/Vendor.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace LeadRelay
{

class DncRegistry;
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
        // What the compliance checks found, kept in the consent record (ConsentContext): filled by the caller (the
        // form), else checked when the record is written (see consentContent()).
        QJsonObject callingWindow;
        QJsonObject dnc;
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
            DoNotCall,    // the phone is on the company do-not-call list (doNotCall); nothing sent or stored
        };
        Kind kind = Sent;
        QString historyId;
        Outcome outcome;
        FieldIssues issues; // LocalInvalid
        std::optional<DuplicateHit> duplicate;
        std::optional<DncEntry> doNotCall;
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
    // The registry downloads looked up for a consent record whose caller checked nothing (the CLI, a file of
    // leads); without one only the company list is.
    void setDoNotCallRegistry(std::shared_ptr<const DncRegistry> registry);

    // Asynchronous; done is called exactly once unless context is destroyed first.
    void submit(const Request &request, QObject *context, std::function<void(const Result &)> done);

    // The stages of submit(), for a caller that groups the durable writes of many leads (BatchSender). It keeps
    // submit()'s order: prepare(); record `start` durably (HistoryStore::beginChecked or writeGroup); only then
    // send(); then record the answer (recordAnswer, or writeGroup with recordAnswer as the fallback).
    struct Prepared
    {
        bool ready = false; // false: `early` is the whole result (invalid, configuration), nothing to record
        Result early;
        const Vendor *vendor = nullptr;
        VendorAccount account; // resolved
        HttpRequest httpRequest;
        SubmissionStart start;
    };
    Prepared prepare(const Request &request) const;
    // Sends a prepared request whose row `historyId` is durable. The answer (not yet recorded) comes to done.
    void send(const Prepared &prepared, const QString &historyId, QObject *context,
              std::function<void(const Outcome &, qint64 durationMs)> done);
    // Records an answer: retried, then the side journal (Result::AnswerKept says where it is).
    Result::AnswerKept recordAnswer(const QString &id, Outcome *outcome, qint64 durationMs);

    // Writing an answer is tried this often, this far apart, before it goes to the side journal.
    // The plain words for a lead refused by the company do-not-call list (form, CLI and batch say the same).
    static QString doNotCallMessage(const DncEntry &entry);

    static constexpr int AnswerWriteAttempts = 3;
    static constexpr int AnswerRetryPauseMs = 100;

private:
    QJsonObject consentContent(const Request &request) const;

    HistoryStore *m_store;
    Submitter *m_submitter;
    Clock m_clock;
    std::shared_ptr<const DncRegistry> m_registry;
    int m_duplicateWindowDays = 30;
    bool m_journalPending = false;
};

} // namespace LeadRelay
