// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Outcome.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QStringList>

#include <optional>

namespace LeadRelay
{

// Reading vendor answers whose members may have any JSON type: shared by the vendor adapters so that a
// string where a list was documented (or a number, null, an object) never crashes and never loses text.
class VendorAnswer
{
    Q_DECLARE_TR_FUNCTIONS(LeadRelay::VendorAnswer)

public:
    static constexpr qsizetype MaxTexts = 50;
    static constexpr qsizetype MaxTextChars = 1000;

    // Every text in a value, flattened without recursion: strings as they are, numbers and booleans as text,
    // an object by its "error" or "message" member (else as compact JSON); null and empty strings dropped.
    static QStringList texts(const QJsonValue &value);
    // 1/0, true/false, "1"/"0", "true"/"false"; anything else is unknown.
    static std::optional<bool> flag(const QJsonValue &value);
    // An identifier sent as a number or a string; empty for anything else.
    static QString idText(const QJsonValue &value);

    static bool isSuccessStatus(int httpStatus) { return httpStatus >= 200 && httpStatus < 300; }
    static bool isAccountStatus(int httpStatus) { return httpStatus == 401 || httpStatus == 403; }

    // The outcome for a body that could not be read (SPEC-DECISIONS.md, "Tolerant parsing"): the delivery
    // state follows the HTTP status, the raw body is kept, and nobody is told to simply resend.
    static Outcome unreadable(int httpStatus, const QByteArray &body);
    // 401/403: the account is wrong, not the lead.
    static QString accountProblem(const QString &vendorName, int httpStatus);
};

} // namespace LeadRelay
