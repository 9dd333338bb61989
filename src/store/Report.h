// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace LeadRelay
{

// What the dashboard and `leadrelay-cli report` count. Empty members do not filter. Days are UTC (the roll-up's
// days, see MigrationRollup.h).
struct ReportFilter
{
    QDate since = {}; // first UTC day included
    QDate until = {}; // last UTC day included
    QString vendorId = {};
    QString agent = {};
    QString campaign = {};
    QString accountMode = {}; // "training" | "production"
    // When valid, rows still awaiting their final result whose preliminary answer is older than this are counted
    // as stale (the history view's rule: AppSettings::staleAfterHours() before now).
    QDateTime staleBefore = {};
};

enum class ReportBy
{
    Day,
    Vendor,
    Agent,
    Campaign,
};

// The figures of one group (a day, a vendor, an agent, a campaign) or of everything.
struct ReportRow
{
    QString key;                   // "2026-11-22", "ntherm", the agent, the campaign; empty for the total
    QMap<QString, qint64> byState; // outcomeStateKey() -> submissions
    qint64 submissions = 0;        // every row, whatever became of it
    qint64 sent = 0;               // every row but not_delivered (provably never left) and still sending
    qint64 soldOrAccepted = 0;     // sold, or accepted (preliminary or final)
    qint64 rejected = 0;
    qint64 invalid = 0;
    qint64 deliveryUnknown = 0;
    qint64 awaitingFinal = 0; // accepted, no final result yet
    qint64 returned = 0;      // a buyer's return recorded
    qint64 billable = 0;      // what the vendor called billable
    qint64 netBillable = 0;   // billable and not returned
    qint64 finalMs = 0;       // total wait from the preliminary answer to the final result
    qint64 finalTimed = 0;    // rows with both moments known

    double successRate() const { return sent > 0 ? double(soldOrAccepted) / double(sent) : 0.0; }
    // Seconds; negative when no row has both moments.
    double averageFinalSeconds() const { return finalTimed > 0 ? double(finalMs) / 1000.0 / double(finalTimed) : -1; }
    void add(const QString &state, bool final, bool returnedRow, qint64 rows, qint64 billableRows, qint64 ms,
             qint64 timed);
};

struct ReportTable
{
    ReportBy by = ReportBy::Day;
    QList<ReportRow> rows; // ordered by key
    ReportRow total;
    qint64 stale = -1; // -1 when staleBefore was not given
};

// One code path from filters to figures, for the dashboard and the CLI: reads the roll-up (a few thousand rows
// at a million submissions), never the submissions themselves, except for the stale count, which depends on the
// clock and is counted from the partial index submissions_awaiting (migration 11). Prepared SQL; the grouping column
// comes from a fixed list.
namespace Report
{
bool run(const QSqlDatabase &db, const ReportFilter &filter, ReportBy by, ReportTable *table, QString *error);
QString byName(ReportBy by); // "day", "vendor", "agent", "campaign"
// The stale count's statement and its values (filter.staleBefore valid); public so tests can check its plan.
QString staleCountSql(const ReportFilter &filter, QVariantList *values);
std::optional<ReportBy> byFromName(const QString &name);
} // namespace Report

} // namespace LeadRelay
