// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Vendor.h"

#include <QCoreApplication>

namespace LeadRelay
{

// Bright Horizons Media's energy post (specs/brighthorizons-energy.txt, SPEC-DECISIONS.md B1..B9). The answer is
// final at once; only sold = 1 is billable. There are no callbacks.
class BrightHorizonsVendor : public Vendor
{
    Q_DECLARE_TR_FUNCTIONS(LeadRelay::BrightHorizonsVendor)

public:
    QString id() const override;
    QString displayName() const override;
    QUrl productionEndpoint() const override;
    VendorRequirements requirements() const override;
    bool supportsCallback() const override { return false; }

    QString checkAccount(const VendorAccount &account) const override;

    HttpRequest buildRequest(const Lead &lead, const VendorAccount &account,
                             const QUrl &callbackUrl = {}) const override;
    HttpRequest redacted(const HttpRequest &request) const override;

    Outcome parseResponse(int httpStatus, const QByteArray &body) const override;
    Outcome parseCallback(const QByteArray &body) const override;

    // The lead field a BHM error text names by its leading word ("Phone (required): ..." → "phone"); else empty.
    static QString fieldForError(const QString &errorText);
};

} // namespace LeadRelay
