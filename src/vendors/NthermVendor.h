// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Vendor.h"

#include <QCoreApplication>

namespace LeadRelay
{

// nTherm's postLead (specs/ntherm-postLead.txt, SPEC-DECISIONS.md N1..N9). A 200 answer is only a preliminary
// acceptance; the final result arrives later at call_back_url.
class NthermVendor : public Vendor
{
    Q_DECLARE_TR_FUNCTIONS(LeadRelay::NthermVendor)

public:
    static constexpr qsizetype MaxCertificateUrlChars = 500; // N9

    QString id() const override;
    QString displayName() const override;
    QUrl productionEndpoint() const override;
    VendorRequirements requirements() const override;
    bool supportsCallback() const override { return true; }

    FieldIssues validate(const Lead &lead, const QDate &today) const override;
    QString checkAccount(const VendorAccount &account) const override;

    HttpRequest buildRequest(const Lead &lead, const VendorAccount &account,
                             const QUrl &callbackUrl = {}) const override;
    HttpRequest redacted(const HttpRequest &request) const override;

    Outcome parseResponse(int httpStatus, const QByteArray &body) const override;
    Outcome parseCallback(const QByteArray &body) const override;

    // The lead field an nTherm error text names (N7), empty when it names none.
    static QString fieldForError(const QString &errorText);
    static FieldIssues fieldIssuesFor(const QStringList &errorTexts);
    // call_back_url with its secret token (the last path segment, and any query) replaced by "[redacted]".
    static QString redactedCallbackUrl(const QString &url);
};

} // namespace LeadRelay
