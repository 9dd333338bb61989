// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>

#include <optional>

namespace LeadRelay
{

// `leadrelay-cli history`: the submission history as a table, JSON or CSV, read page by page.
class HistoryCommand
{
    Q_DECLARE_TR_FUNCTIONS(HistoryCommand)

public:
    static int run(const QStringList &arguments); // arguments[0] is "history"

    // YYYY-MM-DD (a local calendar day) or an ISO date-time (local when it has no offset), as UTC.
    // endOfDay: a plain date means the start of the following day (an exclusive upper bound).
    static std::optional<QDateTime> parseDate(const QString &text, bool endOfDay);
};

} // namespace LeadRelay
