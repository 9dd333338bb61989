// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

class QDateTime;

namespace LeadRelay
{

class HistoryStore;

// `leadrelay-cli retention policy|apply`: how long personal data is kept, and removing it from older submissions.
class RetentionCommand
{
    Q_DECLARE_TR_FUNCTIONS(RetentionCommand)

public:
    static int run(const QStringList &arguments); // arguments[0] is "retention"

    // 16 CFR 310.5(a)(5) asks for consent records to be kept five years: the default, and the shortest period
    // LeadRelay accepts, so no setting can make it delete evidence the rule still requires.
    static constexpr int DefaultYears = 5;
    static constexpr int MinimumYears = 5;
    // The history's setting (shared by the floor on a team server); DefaultYears when unset or unreadable.
    static int policyYears(HistoryStore &store);
    static QString policyKey();
};

} // namespace LeadRelay
