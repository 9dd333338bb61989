// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FieldIssue.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace LeadRelay
{

enum class OutcomeState
{
    Sending,  // stored before any byte leaves; never the result of a parse
    Sold,     // billable
    Accepted, // preliminary when not final
    AcceptedNotSold,
    Rejected,
    Invalid,
    AccountError,    // 401/403, bad credentials: not the lead's fault
    NotDelivered,    // provably never left: safe to resend
    DeliveryUnknown, // may have reached the vendor: never resend automatically
};

// Stable lower-case keys used in the history, the CLI and CSV: "sold", "accepted", "accepted_not_sold",
// "rejected", "invalid", "account_error", "not_delivered", "delivery_unknown", "sending".
QString outcomeStateKey(OutcomeState state);
std::optional<OutcomeState> outcomeStateFromKey(const QString &key);
QStringList outcomeStateKeys();

// What one vendor answer (or callback, or transport failure) means.
struct Outcome
{
    OutcomeState state = OutcomeState::DeliveryUnknown;
    bool billable = false;
    bool final = false;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QString vendorLeadId;
    QString vendorTransactionId;
    QStringList messages;
    FieldIssues fieldIssues;
    QByteArray rawBody;
    bool unparsable = false; // the body was kept raw because it could not be read
};

} // namespace LeadRelay
