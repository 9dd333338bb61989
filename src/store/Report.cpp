// SPDX-License-Identifier: GPL-3.0-or-later
#include "Report.h"

#include "HistorySql.h"
#include "core/Outcome.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

void ReportRow::add(const QString &state, bool final, bool returnedRow, qint64 rows, qint64 billableRows, qint64 ms,
                    qint64 timed)
{
    byState[state] += rows;
    submissions += rows;
    if (state != outcomeStateKey(OutcomeState::NotDelivered) && state != outcomeStateKey(OutcomeState::Sending))
        sent += rows;
    if (state == outcomeStateKey(OutcomeState::Sold) || state == outcomeStateKey(OutcomeState::Accepted))
        soldOrAccepted += rows;
    if (state == outcomeStateKey(OutcomeState::Rejected))
        rejected += rows;
    if (state == outcomeStateKey(OutcomeState::Invalid))
        invalid += rows;
    if (state == outcomeStateKey(OutcomeState::DeliveryUnknown))
        deliveryUnknown += rows;
    if (state == outcomeStateKey(OutcomeState::Accepted) && !final)
        awaitingFinal += rows;
    if (returnedRow)
        returned += rows;
    billable += billableRows;
    if (!returnedRow)
        netBillable += billableRows;
    finalMs += ms;
    finalTimed += timed;
}

namespace Report
{

namespace
{

QString column(ReportBy by)
{
    switch (by) {
    case ReportBy::Day:
        return u"day"_s;
    case ReportBy::Vendor:
        return u"vendor_id"_s;
    case ReportBy::Agent:
        return u"agent"_s;
    case ReportBy::Campaign:
        return u"campaign"_s;
    }
    return u"day"_s;
}

// The filter's conditions on columns both the roll-up and submissions have; `day` is the roll-up's, created_at
// the submissions'.
HistorySql::Where whereFor(const ReportFilter &filter, bool rollup)
{
    HistorySql::Where where;
    if (filter.since.isValid()) {
        where.conditions.append(rollup ? u"day >= ?"_s : u"created_at >= ?"_s);
        where.values.append(rollup ? filter.since.toString(Qt::ISODate)
                                   : HistorySql::timeValue(filter.since.startOfDay(Qt::UTC)));
    }
    if (filter.until.isValid()) {
        where.conditions.append(rollup ? u"day <= ?"_s : u"created_at < ?"_s);
        where.values.append(rollup ? filter.until.toString(Qt::ISODate)
                                   : HistorySql::timeValue(filter.until.addDays(1).startOfDay(Qt::UTC)));
    }
    const std::pair<QString, QString> exact[] = {{u"vendor_id"_s, filter.vendorId},
                                                 {u"agent"_s, filter.agent},
                                                 {u"campaign"_s, filter.campaign},
                                                 {u"account_mode"_s, filter.accountMode}};
    for (const auto &[name, value] : exact) {
        if (value.isEmpty())
            continue;
        where.conditions.append(name + u" = ?"_s);
        where.values.append(value);
    }
    return where;
}

bool exec(QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error)
{
    query.setForwardOnly(true);
    bool ok = query.prepare(sql);
    if (ok) {
        for (const QVariant &value : values)
            query.addBindValue(value);
        ok = query.exec();
    }
    if (!ok)
        *error = query.lastError().text();
    return ok;
}

} // namespace

QString byName(ReportBy by)
{
    return by == ReportBy::Vendor ? u"vendor"_s : column(by);
}

std::optional<ReportBy> byFromName(const QString &name)
{
    for (ReportBy by : {ReportBy::Day, ReportBy::Vendor, ReportBy::Agent, ReportBy::Campaign}) {
        if (byName(by) == name)
            return by;
    }
    return std::nullopt;
}

QString staleCountSql(const ReportFilter &filter, QVariantList *values)
{
    // From the partial covering index submissions_awaiting (migration 11): answered_at a range, every other column
    // read from the index. Its condition is written out, not bound: a database uses a partial index only when the
    // query's own text implies the index's WHERE.
    Q_ASSERT(outcomeStateKey(OutcomeState::Accepted) == u"accepted"_s);
    HistorySql::Where stale = whereFor(filter, false);
    stale.conditions.prepend(u"state = 'accepted' AND final = 0 AND answered_at < ?"_s);
    stale.values.prepend(HistorySql::timeValue(filter.staleBefore));
    if (filter.since.isValid()) {
        // A row is answered after it is created, so its answer falls in the period too: this bounds the index range
        // to the period's awaiting rows instead of every one ever (created_at still decides exactly).
        stale.conditions.insert(1, u"answered_at >= ?"_s);
        stale.values.insert(1, HistorySql::timeValue(filter.since.startOfDay(Qt::UTC)));
    }
    *values = stale.values;
    return u"SELECT COUNT(*) FROM submissions"_s + stale.sql();
}

bool run(const QSqlDatabase &db, const ReportFilter &filter, ReportBy by, ReportTable *table, QString *error)
{
    *table = ReportTable{};
    table->by = by;
    const HistorySql::Where where = whereFor(filter, true);
    const QString group = column(by);
    QSqlQuery query(db);
    if (!exec(query,
              u"SELECT "_s + group +
                  u", state, final, returned, SUM(submissions), SUM(billable), SUM(final_ms), SUM(final_timed) "
                  "FROM submission_rollup"_s +
                  where.sql() + u" GROUP BY "_s + group + u", state, final, returned ORDER BY "_s + group,
              where.values, error))
        return false;
    while (query.next()) {
        const QString key = query.value(0).toString();
        if (table->rows.isEmpty() || table->rows.constLast().key != key) {
            table->rows.append(ReportRow{});
            table->rows.last().key = key;
        }
        const QString state = query.value(1).toString();
        const bool final = query.value(2).toInt() != 0;
        const bool returned = query.value(3).toInt() != 0;
        const qint64 rows = query.value(4).toLongLong();
        const qint64 billable = query.value(5).toLongLong();
        const qint64 ms = query.value(6).toLongLong();
        const qint64 timed = query.value(7).toLongLong();
        table->rows.last().add(state, final, returned, rows, billable, ms, timed);
        table->total.add(state, final, returned, rows, billable, ms, timed);
    }
    if (query.lastError().isValid()) {
        *error = query.lastError().text();
        return false;
    }
    // The database's ORDER BY compares by its collation; the dashboard and the CLI show keys in one order.
    std::stable_sort(table->rows.begin(), table->rows.end(),
                     [](const ReportRow &a, const ReportRow &b) { return a.key < b.key; });
    if (filter.staleBefore.isValid()) {
        QVariantList values;
        const QString sql = staleCountSql(filter, &values);
        QSqlQuery count(db);
        if (!exec(count, sql, values, error) || !count.next())
            return false;
        table->stale = count.value(0).toLongLong();
    }
    return true;
}

} // namespace Report

} // namespace LeadRelay
