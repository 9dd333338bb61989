// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DncEntry.h"
#include "DncRegistry.h"

#include <QJsonArray>

#include <optional>

namespace LeadRelay
{

class DncList;

// What the do-not-call lists said about one phone at one moment: shown to the agent on the form and kept with
// the consent record (toJson()).
struct DncCheck
{
    QString phone; // 10 digits; empty when the input was not a US number
    QDateTime checkedAtUtc;
    std::optional<DncEntry> company; // the active company-list entry, if any
    QList<RegistryHit> registry;     // registry lists holding the number
    QString error;                   // the company list could not be read

    bool listed() const { return company.has_value() || !registry.isEmpty(); }
    QJsonObject toJson() const
    {
        QJsonArray hits;
        for (const RegistryHit &hit : registry)
            hits.append(hit.toJson());
        QJsonObject object{
            {QStringLiteral("phone"), phone},
            {QStringLiteral("checked_at_utc"), checkedAtUtc.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("company_list_hit"), company.has_value()},
            {QStringLiteral("registry_hits"), hits},
        };
        if (company)
            object.insert(QStringLiteral("company_entry"), company->toJson());
        if (!error.isEmpty())
            object.insert(QStringLiteral("error"), error);
        return object;
    }

    // Looks the phone up in the company list and (when given) the registry lists.
    static DncCheck of(DncList &list, const DncRegistry *registry, const QString &phone, const QDateTime &now);
};

} // namespace LeadRelay
