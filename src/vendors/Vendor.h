// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/FieldIssue.h"
#include "core/Lead.h"
#include "core/LeadValidator.h"
#include "core/Outcome.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace LeadRelay
{

// An HTTP request as a value: what Submitter sends and what the history keeps (redacted).
struct HttpRequest
{
    QByteArray method = QByteArrayLiteral("POST");
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
    QByteArray toText() const;                       // "POST url\nHeader: value\n\nbody", for the history and logs
};

enum class AccountMode
{
    Training,
    Production,
};

// One vendor account. Credentials come from the keychain or the environment; never from a settings file.
struct VendorAccount
{
    QString vendorId;
    AccountMode mode = AccountMode::Training;
    QUrl endpoint;  // empty: the vendor's production endpoint
    QString user;   // nTherm: Basic auth user. BHM: affiliate id (digits)
    QString secret; // nTherm: password. BHM: API key
    int timeoutMs = 30000;
    // Per-account defaults the form pre-fills.
    QString campaign;
    QString sourceUrl;
    QString sub1;
    QString consentScript;
};

// One vendor's protocol: pure functions of their inputs, no sockets, files or clock.
class Vendor
{
public:
    virtual ~Vendor() = default;

    virtual QString id() const = 0;          // "ntherm", "bhm"
    virtual QString displayName() const = 0; // "nTherm", "Bright Horizons Media"
    virtual QUrl productionEndpoint() const = 0;
    virtual VendorRequirements requirements() const = 0;
    virtual bool supportsCallback() const = 0;

    // Local checks for this vendor: the field rules plus requirements() plus vendor-specific limits.
    virtual FieldIssues validate(const Lead &lead, const QDate &today) const;

    // What is wrong with the account for this vendor, in plain words (missing user or secret, an affiliate id
    // that is not a number); empty when it can be used. buildRequest() cannot fail, so callers check this first.
    virtual QString checkAccount(const VendorAccount &account) const;

    // The exact request. callbackUrl is sent only when valid and the vendor supports it.
    virtual HttpRequest buildRequest(const Lead &lead, const VendorAccount &account,
                                     const QUrl &callbackUrl = {}) const = 0;
    // A copy with every secret replaced by "[redacted]" (headers and body).
    virtual HttpRequest redacted(const HttpRequest &request) const = 0;

    // Any status and body, however broken or large: never crashes, never hangs.
    virtual Outcome parseResponse(int httpStatus, const QByteArray &body) const = 0;
    // A final result POSTed later by the vendor; unknown shapes are kept raw with unparsable set.
    virtual Outcome parseCallback(const QByteArray &body) const = 0;

protected:
    // Shared by the adapters: the 10-digit US number (digits as typed when it is not a valid number, so the
    // vendor's answer names what was sent), and the 5-digit part of a ZIP or ZIP+4 (else as typed).
    static QString phoneDigits(const QString &phone);
    static QString zip5(const QString &zip);
};

// The vendors LeadRelay knows, by id. The objects live for the whole program.
const Vendor *vendorById(const QString &id);
QList<const Vendor *> allVendors();

} // namespace LeadRelay
