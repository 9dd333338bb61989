// SPDX-License-Identifier: GPL-3.0-or-later
// The lead JSON reader (Lead.cpp, LEAD-FORMAT.md): any bytes, never a crash; and a lead it accepts must survive
// read -> write -> read unchanged, through both writers (toJsonBytes for files and drafts, toJson for the history),
// with the written file stable. A lead that reads but does not read back is a draft moved aside as broken on the
// next start, or a history row that differs from what was sent.
#include "FuzzSupport.h"

#include "core/Lead.h"

#include <QJsonDocument>

using namespace LeadRelay;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    LeadRelayFuzz::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = LeadRelayFuzz::bytes(data, size);
    const LeadReadResult first = leadFromJson(input);
    FUZZ_CHECK(first.lead.has_value() == first.error.isEmpty(), "a reading gives a lead or an error, never both",
               input + "\n--- error ---\n" + first.error.toUtf8());
    if (!first.lead)
        return 0;
    const Lead &lead = *first.lead;

    const QByteArray written = lead.toJsonBytes();
    const LeadReadResult second = leadFromJson(written);
    FUZZ_CHECK(second.lead.has_value(), "a lead that was read can be read back after writing it",
               input + "\n--- written ---\n" + written + "\n--- error ---\n" + second.error.toUtf8());
    FUZZ_CHECK(*second.lead == lead, "read -> write -> read gives the same lead",
               input + "\n--- written ---\n" + written);
    FUZZ_CHECK(second.lead->toJsonBytes() == written, "writing a lead that was read back gives the same file",
               written + "\n--- then ---\n" + second.lead->toJsonBytes());

    const QJsonObject object = lead.toJson();
    const LeadReadResult fromObject = leadFromJsonObject(object);
    const QByteArray objectText = QJsonDocument(object).toJson();
    FUZZ_CHECK(fromObject.lead.has_value(), "the JSON object form reads back",
               input + "\n--- object ---\n" + objectText + "\n--- error ---\n" + fromObject.error.toUtf8());
    FUZZ_CHECK(*fromObject.lead == lead, "the JSON object form reads back as the same lead",
               input + "\n--- object ---\n" + objectText);
    return 0;
}
