// SPDX-License-Identifier: GPL-3.0-or-later
// The training simulator's nTherm request reader (SimulatedNtherm::handle, the whole server-side reading of a
// request without sockets): any headers and body, never a crash or a hang, and an answer that nTherm documents
// (200, 400, 401 with a challenge, 422), always a JSON object with success_bit, and a final result only for an
// accepted lead that named a valid call_back_url.
// Input: when the first byte is 'H', the Authorization header is the rest of the first line and the Content-Type
// the second line, then the body; otherwise the training credentials and application/json, and the whole input is
// the body (so most runs get past the credentials into the field rules).
#include "FuzzSupport.h"

#include "net/SimulatedNtherm.h"
#include "net/VendorSimulator.h"

using namespace LeadRelay;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    LeadRelayFuzz::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = LeadRelayFuzz::bytes(data, size);
    const QByteArray training = QByteArray(VendorSimulator::TrainingUser) + ':' + VendorSimulator::TrainingPassword;
    QByteArray authorization = "Basic " + training.toBase64();
    QByteArray contentType = "application/json";
    QByteArray body = input;
    if (input.startsWith('H')) {
        const LeadRelayFuzz::Split first = LeadRelayFuzz::splitFirstLine(input.mid(1));
        const LeadRelayFuzz::Split second = LeadRelayFuzz::splitFirstLine(first.body);
        authorization = first.head;
        contentType = second.head;
        body = second.body;
    }

    SimulatedNtherm simulator;
    const SimulatedNtherm::Answer answer = simulator.handle(authorization, contentType, body);
    const int status = answer.httpStatus;
    FUZZ_CHECK(status == 200 || status == 400 || status == 401 || status == 422, "a documented nTherm status",
               QByteArray::number(status) + "\n--- input ---\n" + input);
    FUZZ_CHECK(answer.body.value(QStringLiteral("success_bit")).isBool(), "every answer carries success_bit", input);
    FUZZ_CHECK(answer.authChallenge == (status == 401), "a challenge exactly with 401", input);
    if (answer.callbackUrl.isValid() || !answer.callbackBody.isEmpty())
        FUZZ_CHECK(status == 200 && answer.callbackUrl.isValid() && !answer.callbackBody.isEmpty(),
                   "a final result only for an accepted lead with a valid call_back_url", input);

    // The same phone accepted twice is the documented duplicate (422), never a second acceptance.
    if (status == 200) {
        const SimulatedNtherm::Answer again = simulator.handle(authorization, contentType, body);
        FUZZ_CHECK(again.httpStatus == 422, "a phone accepted once is refused as a duplicate after",
                   QByteArray::number(again.httpStatus) + "\n--- input ---\n" + input);
    }
    return 0;
}
