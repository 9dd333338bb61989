// SPDX-License-Identifier: GPL-3.0-or-later
// The tolerant JSON reader (src/vendors/TolerantJson): any bytes, never a crash or a hang; and it only ever adds
// tolerance: strict JSON reads exactly as Qt reads it, the size cap holds, and what it returns writes back as
// strict JSON that reads the same.
#include "FuzzSupport.h"

#include "vendors/TolerantJson.h"

#include <QJsonParseError>

using namespace LeadRelay;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    LeadRelayFuzz::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = LeadRelayFuzz::bytes(data, size);
    const std::optional<QJsonDocument> tolerant = parseTolerantJson(body);

    QJsonParseError error;
    const QJsonDocument strict = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError) {
        FUZZ_CHECK(tolerant.has_value(), "strict JSON is read by the tolerant reader", body);
        FUZZ_CHECK(*tolerant == strict, "strict JSON reads the same through the tolerant reader", body);
    }
    if (!body.isEmpty())
        FUZZ_CHECK(!parseTolerantJson(body, body.size() - 1).has_value(), "a body over maxBytes is not parsed", body);

    if (tolerant) {
        const QByteArray written = tolerant->toJson(QJsonDocument::Compact);
        QJsonParseError again;
        const QJsonDocument reread = QJsonDocument::fromJson(written, &again);
        FUZZ_CHECK(again.error == QJsonParseError::NoError, "a repaired document writes back as strict JSON",
                   body + "\n--- written ---\n" + written);
        FUZZ_CHECK(reread == *tolerant, "a repaired document round-trips", body + "\n--- written ---\n" + written);
    }
    return 0;
}
