// SPDX-License-Identifier: GPL-3.0-or-later
// nTherm's postLead answer (NthermVendor::parseResponse): any HTTP status and body, never a crash or a hang, and an
// Outcome that keeps its promises (VendorChecks.h) and names the status it was given. Input: the status in decimal on
// the first line, then the body ("400\n{...}"); a first line that is not a number is status 200 with the whole input as
// the body.
#include "FuzzSupport.h"
#include "VendorChecks.h"

#include "vendors/NthermVendor.h"

using namespace LeadRelay;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    LeadRelayFuzz::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = LeadRelayFuzz::bytes(data, size);
    const LeadRelayFuzz::Split split = LeadRelayFuzz::splitFirstLine(input);
    bool isNumber = false;
    int status = split.head.trimmed().toInt(&isNumber);
    const QByteArray body = isNumber ? split.body : input;
    if (!isNumber)
        status = 200;

    static const NthermVendor vendor;
    const Outcome outcome = vendor.parseResponse(status, body);
    LeadRelayFuzz::checkOutcome(outcome, body, "NthermVendor::parseResponse");
    FUZZ_CHECK(outcome.httpStatus == status, "the outcome names the HTTP status it was given",
               "status " + QByteArray::number(status) + " became " + QByteArray::number(outcome.httpStatus));
    return 0;
}
