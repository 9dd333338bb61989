// SPDX-License-Identifier: GPL-3.0-or-later
// The training simulator's Bright Horizons Media request reader (SimulatedBhm::handle, the whole server-side
// reading of a request without sockets): any Content-Type and body, never a crash or a hang, and an answer in the
// documented shape: 200, 400 or 401, with validated, accepted and sold as 0 or 1, and ids only on a sale or an
// acceptance.
// Input: when the first byte is 'H', the Content-Type is the rest of the first line and the body follows;
// otherwise application/json and the whole input is the body.
#include "FuzzSupport.h"

#include "net/SimulatedBhm.h"

using namespace LeadRelay;

namespace
{

bool isZeroOrOne(const QJsonValue &value)
{
    return value.isDouble() && (value.toDouble() == 0 || value.toDouble() == 1);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    LeadRelayFuzz::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = LeadRelayFuzz::bytes(data, size);
    QByteArray contentType = "application/json";
    QByteArray body = input;
    if (input.startsWith('H')) {
        const LeadRelayFuzz::Split split = LeadRelayFuzz::splitFirstLine(input.mid(1));
        contentType = split.head;
        body = split.body;
    }

    SimulatedBhm simulator;
    const SimulatedBhm::Answer answer = simulator.handle(contentType, body);
    const int status = answer.httpStatus;
    FUZZ_CHECK(status == 200 || status == 400 || status == 401, "a documented BHM status",
               QByteArray::number(status) + "\n--- input ---\n" + input);
    const QJsonObject &a = answer.body;
    for (const char *key : {"validated", "accepted", "sold"})
        FUZZ_CHECK(isZeroOrOne(a.value(QLatin1String(key))), "validated, accepted and sold are 0 or 1",
                   QByteArray(key) + "\n--- input ---\n" + input);
    const bool accepted = a.value(QStringLiteral("accepted")).toInt() == 1;
    FUZZ_CHECK(accepted || a.value(QStringLiteral("sold")).toInt() == 0, "nothing is sold that was not accepted",
               input);
    FUZZ_CHECK(accepted == a.contains(QStringLiteral("leadid")), "a lead id exactly on an acceptance", input);
    FUZZ_CHECK(a.value(QStringLiteral("messages")).isArray() && a.value(QStringLiteral("errors")).isArray(),
               "messages and errors are lists", input);
    return 0;
}
