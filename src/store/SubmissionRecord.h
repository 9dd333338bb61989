// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/FieldIssue.h"
#include "core/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace LeadRelay
{

// One row of the history: a submission and what became of it.
struct SubmissionRecord
{
    QString id;           // UUID without braces
    QDateTime createdAt;  // UTC
    QDateTime answeredAt; // UTC; invalid while sending
    QString agent;
    QString vendorId;
    QString accountMode; // "training" | "production"
    QString campaign;
    QString customerName; // "First Last", for the table and search
    QString phone;        // 10 digits
    QByteArray leadJson;
    QByteArray redactedRequest;
    int httpStatus = 0;
    QByteArray rawAnswer; // capped at 64 KiB
    OutcomeState state = OutcomeState::Sending;
    bool billable = false;
    bool final = false;
    QString vendorLeadId;
    QString vendorTransactionId;
    QStringList messages;
    FieldIssues fieldIssues;
    qint64 durationMs = -1;
    // Lifecycle (callbacks).
    QString callbackToken; // empty when no callback was asked for
    QDateTime finalisedAt; // UTC; when a final result arrived by callback
    QByteArray callbackBody;
    bool callbackUnparsable = false;
    // A buyer's return (HistoryStore::recordReturns()): the buyer's date and reason, and when LeadRelay recorded
    // it. billable keeps what the vendor said; a returned row no longer counts (countsAsBillable()).
    QDateTime returnedAt; // UTC; invalid while not returned
    QString returnReason;
    QDateTime returnRecordedAt; // UTC

    bool isReturned() const { return returnedAt.isValid(); }
    // What billable figures count: the vendor's billable, unless the buyer returned the lead since.
    bool countsAsBillable() const { return billable && !isReturned(); }
};

// What the history view, the CLI and the dashboard filter by. Empty members do not filter. Every member has a
// default initialiser, so designated initialisers ({.vendorId = ...}) compile warning-free.
struct HistoryFilter
{
    QString vendorId = {};
    QString stateKey = {}; // outcomeStateKey(); "awaiting_final" for preliminary rows without a final result
    QDateTime since = {};  // inclusive, UTC
    QDateTime until = {};  // exclusive, UTC
    QString text = {};     // customer, phone, agent, campaign, vendor lead id
    QString agent = {};
};

enum class HistorySort
{
    CreatedAt,
    Agent,
    Vendor,
    Customer,
    Phone,
    Campaign,
    Outcome,
    Billable,
    Final,
};

} // namespace LeadRelay
