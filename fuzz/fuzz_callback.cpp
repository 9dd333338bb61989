// SPDX-License-Identifier: GPL-3.0-or-later
// The callback body parser: whatever a caller POSTs to the callback receiver goes to the vendor's parseCallback
// (CallbackReceiver), so every vendor's parseCallback must take any body without a crash or a hang, and return an
// Outcome that keeps its promises (VendorChecks.h).
#include "FuzzSupport.h"
#include "VendorChecks.h"

#include "vendors/Vendor.h"

using namespace LeadRelay;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    LeadRelayFuzz::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = LeadRelayFuzz::bytes(data, size);
    for (const Vendor *vendor : allVendors()) {
        const Outcome outcome = vendor->parseCallback(body);
        LeadRelayFuzz::checkOutcome(outcome, body, vendor->id().toUtf8().constData());
        // A vendor that never calls back changes nothing with what arrives (BrightHorizonsVendor::parseCallback).
        if (!vendor->supportsCallback())
            FUZZ_CHECK(!outcome.final && !outcome.billable, "a vendor without callbacks changes nothing", body);
    }
    return 0;
}
