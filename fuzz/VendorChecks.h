// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What every Outcome a vendor parser returns must satisfy, whatever the bytes (ARCHITECTURE.md, Outcome):
// a parse never yields Sending, the raw body is kept as received, and only a final sold or accepted answer is
// billable (SPEC-DECISIONS.md B7 for BHM; nTherm bills its final acceptance).
#include "FuzzSupport.h"

#include "core/Outcome.h"

namespace LeadRelayFuzz
{

inline void checkOutcome(const LeadRelay::Outcome &outcome, const QByteArray &body, const char *where)
{
    using LeadRelay::OutcomeState;
    const auto detail = [&]() -> QByteArray {
        return QByteArray(where) + " state=" + LeadRelay::outcomeStateKey(outcome.state).toUtf8() +
               " billable=" + QByteArray::number(outcome.billable) + " final=" + QByteArray::number(outcome.final) +
               "\n--- body ---\n" + body;
    };
    FUZZ_CHECK(outcome.state != OutcomeState::Sending, "a parsed answer is never 'sending'", detail());
    FUZZ_CHECK(outcome.rawBody == body, "the raw body is kept as received", detail());
    if (outcome.billable)
        FUZZ_CHECK(outcome.final && (outcome.state == OutcomeState::Sold || outcome.state == OutcomeState::Accepted),
                   "only a final sold or accepted answer is billable", detail());
}

} // namespace LeadRelayFuzz
