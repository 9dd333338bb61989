// SPDX-License-Identifier: GPL-3.0-or-later
#include "Outcome.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// Stored in the history and typed in the CLI: never rename a key, only add.
const std::array<std::pair<OutcomeState, QString>, 9> &stateKeys()
{
    static const std::array<std::pair<OutcomeState, QString>, 9> keys{{
        {OutcomeState::Sold, u"sold"_s},
        {OutcomeState::Accepted, u"accepted"_s},
        {OutcomeState::AcceptedNotSold, u"accepted_not_sold"_s},
        {OutcomeState::Rejected, u"rejected"_s},
        {OutcomeState::Invalid, u"invalid"_s},
        {OutcomeState::AccountError, u"account_error"_s},
        {OutcomeState::NotDelivered, u"not_delivered"_s},
        {OutcomeState::DeliveryUnknown, u"delivery_unknown"_s},
        {OutcomeState::Sending, u"sending"_s},
    }};
    return keys;
}

} // namespace

QString outcomeStateKey(OutcomeState state)
{
    for (const auto &[candidate, key] : stateKeys()) {
        if (candidate == state)
            return key;
    }
    return {};
}

std::optional<OutcomeState> outcomeStateFromKey(const QString &key)
{
    for (const auto &[state, candidate] : stateKeys()) {
        if (candidate == key)
            return state;
    }
    return std::nullopt;
}

QStringList outcomeStateKeys()
{
    QStringList keys;
    for (const auto &entry : stateKeys())
        keys.append(entry.second);
    return keys;
}

} // namespace LeadRelay
