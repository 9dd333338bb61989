// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace LeadRelay
{

// One entry of the company do-not-call list ("Customer asked not to be called"). Never deleted: a removal is
// recorded on the entry, so the list's history stays provable (FCC: honour a company-specific request within
// 10 business days; keep it).
struct DncEntry
{
    QString id;
    QString phone; // 10 digits
    QDateTime addedAt;
    QString addedBy;
    QString reason;
    QString source;      // where it was recorded: "form", "history:<submission id>", "cli", "import"
    QDateTime removedAt; // invalid while on the list
    QString removedBy;
    QString removalReason;

    bool isActive() const { return !removedAt.isValid(); }
    QJsonObject toJson() const
    {
        QJsonObject object{
            {QStringLiteral("id"), id},
            {QStringLiteral("phone"), phone},
            {QStringLiteral("added_at"), addedAt.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("added_by"), addedBy},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("source"), source},
        };
        if (!isActive()) {
            object.insert(QStringLiteral("removed_at"), removedAt.toUTC().toString(Qt::ISODateWithMs));
            object.insert(QStringLiteral("removed_by"), removedBy);
            object.insert(QStringLiteral("removal_reason"), removalReason);
        }
        return object;
    }
};

} // namespace LeadRelay
