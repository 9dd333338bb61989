// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace LeadRelay
{

struct ReportTable;

// `leadrelay-cli report`: the dashboard's figures (Report, from the history's roll-up) grouped by day, vendor,
// agent or campaign, as a table, JSON or CSV, for scripts and a nightly e-mail.
class ReportCommand
{
    Q_DECLARE_TR_FUNCTIONS(ReportCommand)

public:
    static int run(const QStringList &arguments); // arguments[0] is "report"

    // The three formats, apart from option parsing so they can be checked on their own.
    static QByteArray table(const ReportTable &report, int staleHours);
    static QByteArray json(const ReportTable &report, int staleHours);
    static QByteArray csv(const ReportTable &report);
};

} // namespace LeadRelay
