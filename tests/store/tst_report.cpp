// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard's figures (Report over the roll-up of migration 7) against counts computed with plain SQL over
// submissions: after inserts, the live write path (begin, finish, finalise), final results, returns and deletes,
// and after the migration's backfill of rows that existed before it.
#include "StoreTestSupport.h"
#include "store/HistorySql.h"
#include "store/Report.h"
#include "store/TeamAdmin.h"

#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

Q_DECLARE_METATYPE(LeadRelay::ReportFilter)
Q_DECLARE_METATYPE(LeadRelay::ReportBy)

namespace
{

const OutcomeState States[] = {OutcomeState::Sold,     OutcomeState::Accepted,        OutcomeState::Accepted,
                               OutcomeState::Rejected, OutcomeState::Invalid,         OutcomeState::AcceptedNotSold,
                               OutcomeState::Sold,     OutcomeState::DeliveryUnknown, OutcomeState::NotDelivered,
                               OutcomeState::Sending,  OutcomeState::AccountError};

SubmissionRecord makeRecord(int i, const QDateTime &base)
{
    SubmissionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    // Seven hours apart: rows fall on both sides of UTC midnight.
    r.createdAt = base.addSecs(qint64(i) * 7 * 3600 + i);
    r.state = States[i % std::size(States)];
    if (r.state != OutcomeState::Sending)
        r.answeredAt = r.createdAt.addMSecs(900 + i * 13);
    r.agent = u"agent."_s + QString::number(i % 3);
    r.vendorId = i % 2 ? u"bhm"_s : u"ntherm"_s;
    r.accountMode = i % 5 == 0 ? u"training"_s : u"production"_s;
    r.campaign = u"CAMPAIGN_"_s + QString::number(i % 4);
    r.customerName = u"Customer "_s + QString::number(i);
    r.phone = QString::number(2125550000LL + i);
    r.leadJson = "{}";
    r.final = r.state != OutcomeState::Accepted || i % 4 == 1;
    r.billable = r.state == OutcomeState::Sold;
    if (r.final && r.answeredAt.isValid() && i % 3 == 0)
        r.finalisedAt = r.answeredAt.addSecs(60 * (i % 50) + 7);
    r.httpStatus = 200;
    return r;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void matchesPlainSql();
    void followsFinalResultsReturnsAndDeletes();
    void liveWritePath();
    void migrationBackfillsExistingRows();
    void staleCountsOldPreliminaryRows();
    void lookupsReadOnlyTheirIndexes_data();
    void lookupsReadOnlyTheirIndexes();
    void teamRolesSeeTheirOwnFigures();

private:
    // Report figures equal plain SQL over submissions, for every grouping and the filters below.
    void compareAll();
    void compare(const ReportFilter &filter, ReportBy by);

    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock;
    QString m_where;
    std::unique_ptr<HistoryStore> m_store;
    QList<SubmissionRecord> m_records;
};

void TestReport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = ManualClock();
    m_where = location(m_dir->filePath(u"report.sqlite"_s));
    m_store = std::make_unique<HistoryStore>(m_where, m_clock.clock());
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    m_records.clear();
    const QDateTime base = m_clock.now.addDays(-30);
    for (int i = 0; i < 120; ++i)
        m_records.append(makeRecord(i, base));
    QVERIFY2(m_store->importRecords(m_records), qPrintable(m_store->lastError()));
}

void TestReport::cleanup()
{
    m_store.reset();
}

void TestReport::compare(const ReportFilter &filter, ReportBy by)
{
    ReportTable table;
    QVERIFY2(m_store->report(filter, by, &table), qPrintable(m_store->lastError()));

    // The same question asked of submissions directly, with plain SQL.
    const QString key = by == ReportBy::Day      ? u"substr(created_at, 1, 10)"_s
                        : by == ReportBy::Vendor ? u"vendor_id"_s
                        : by == ReportBy::Agent  ? u"agent"_s
                                                 : u"campaign"_s;
    QStringList where{u"1 = 1"_s};
    QVariantList values;
    if (filter.since.isValid()) {
        where << u"created_at >= ?"_s;
        values << HistorySql::timeValue(filter.since.startOfDay(Qt::UTC));
    }
    if (filter.until.isValid()) {
        where << u"created_at < ?"_s;
        values << HistorySql::timeValue(filter.until.addDays(1).startOfDay(Qt::UTC));
    }
    for (const auto &[column, value] :
         {std::pair{u"vendor_id"_s, filter.vendorId}, std::pair{u"agent"_s, filter.agent},
          std::pair{u"campaign"_s, filter.campaign}, std::pair{u"account_mode"_s, filter.accountMode}}) {
        if (!value.isEmpty()) {
            where << column + u" = ?"_s;
            values << value;
        }
    }
    RawDb raw(m_where);
    QSqlQuery query(QSqlDatabase::database(raw.name(), false));
    const QString sql =
        u"SELECT "_s + key +
        u", COUNT(*), "
        "SUM(CASE WHEN state NOT IN ('not_delivered', 'sending') THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state IN ('sold', 'accepted') THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state = 'invalid' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state = 'delivery_unknown' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state = 'accepted' AND final = 0 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN returned_at IS NOT NULL THEN 1 ELSE 0 END), "
        "SUM(billable), "
        "SUM(CASE WHEN billable = 1 AND returned_at IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN final = 1 AND answered_at IS NOT NULL AND finalised_at IS NOT NULL THEN 1 ELSE 0 END) "
        "FROM submissions WHERE "_s +
        where.join(u" AND "_s) + u" GROUP BY "_s + key;
    QVERIFY2(query.prepare(sql), qPrintable(query.lastError().text()));
    for (const QVariant &value : values)
        query.addBindValue(value);
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    QMap<QString, QList<qint64>> expected;
    while (query.next()) {
        QList<qint64> figures;
        for (int column = 1; column <= 11; ++column)
            figures << query.value(column).toLongLong();
        expected.insert(query.value(0).toString(), figures);
    }
    QVERIFY(!expected.isEmpty() || table.rows.isEmpty());
    QMap<QString, QList<qint64>> actual;
    for (const ReportRow &row : std::as_const(table.rows)) {
        actual.insert(row.key,
                      {row.submissions, row.sent, row.soldOrAccepted, row.rejected, row.invalid, row.deliveryUnknown,
                       row.awaitingFinal, row.returned, row.billable, row.netBillable, row.finalTimed});
    }
    QCOMPARE(actual, expected);

    // The average wait to a final result, from the rows' own times.
    QSqlQuery times(QSqlDatabase::database(raw.name(), false));
    QVERIFY(times.prepare(u"SELECT answered_at, finalised_at FROM submissions WHERE "_s + where.join(u" AND "_s) +
                          u" AND final = 1 AND answered_at IS NOT NULL AND finalised_at IS NOT NULL"_s));
    for (const QVariant &value : values)
        times.addBindValue(value);
    QVERIFY(times.exec());
    qint64 ms = 0;
    while (times.next()) {
        ms += qMax<qint64>(
            0, HistorySql::timeFromValue(times.value(0)).msecsTo(HistorySql::timeFromValue(times.value(1))));
    }
    QCOMPARE(table.total.finalMs, ms);
}

void TestReport::compareAll()
{
    const QDate first = m_records.first().createdAt.date();
    const QList<ReportFilter> filters{
        {},
        {.since = first.addDays(5), .until = first.addDays(12)},
        {.vendorId = u"bhm"_s},
        {.agent = u"agent.1"_s},
        {.campaign = u"CAMPAIGN_2"_s, .accountMode = u"production"_s},
        {.since = first.addDays(3), .vendorId = u"ntherm"_s, .accountMode = u"training"_s},
    };
    for (const ReportFilter &filter : filters) {
        for (ReportBy by : {ReportBy::Day, ReportBy::Vendor, ReportBy::Agent, ReportBy::Campaign}) {
            compare(filter, by);
            if (QTest::currentTestFailed()) {
                qWarning() << "by" << Report::byName(by) << "since" << filter.since << "vendor" << filter.vendorId
                           << "agent" << filter.agent << "campaign" << filter.campaign;
                return;
            }
        }
    }
}

void TestReport::matchesPlainSql()
{
    compareAll();
    ReportTable table;
    QVERIFY(m_store->report({}, ReportBy::Vendor, &table));
    QCOMPARE(table.total.submissions, qint64(m_records.size()));
    QCOMPARE(table.rows.size(), 2);
    QCOMPARE(table.rows.at(0).key, u"bhm"_s);
}

void TestReport::followsFinalResultsReturnsAndDeletes()
{
    RawDb raw(m_where);
    // Final results arrive for preliminary rows (state, final, billable and finalised_at change at once).
    QVERIFY(raw.exec(u"UPDATE submissions SET state = 'sold', final = 1, billable = 1, "
                     "finalised_at = '2026-11-22T10:00:00.000Z' WHERE state = 'accepted' AND final = 0 "
                     "AND agent = 'agent.0'"_s));
    compareAll();
    QVERIFY(!QTest::currentTestFailed());
    // A buyer returns some sold leads; one return is later withdrawn.
    QVERIFY(raw.exec(u"UPDATE submissions SET returned_at = '2026-11-20T00:00:00.000Z', return_reason = 'dup' "
                     "WHERE billable = 1 AND campaign IN ('CAMPAIGN_1', 'CAMPAIGN_2')"_s));
    compareAll();
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(raw.exec(u"UPDATE submissions SET returned_at = NULL WHERE campaign = 'CAMPAIGN_2'"_s));
    // Rows moved to another agent and day.
    QVERIFY(raw.exec(u"UPDATE submissions SET agent = 'agent.9', created_at = '2026-10-01T23:59:59.999Z' "
                     "WHERE campaign = 'CAMPAIGN_3' AND vendor_id = 'bhm'"_s));
    compareAll();
    QVERIFY(!QTest::currentTestFailed());
    // Deletes: some rows, then all of one agent; its figures vanish from the roll-up.
    QVERIFY(raw.exec(u"DELETE FROM submission_payloads"_s));
    QVERIFY(raw.exec(u"DELETE FROM submissions WHERE state IN ('rejected', 'invalid') AND vendor_id = 'ntherm'"_s));
    QVERIFY(raw.exec(u"DELETE FROM submissions WHERE agent = 'agent.2'"_s));
    compareAll();
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submission_rollup WHERE agent = 'agent.2'"_s).toInt(), 0);
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submission_rollup WHERE submissions <= 0"_s).toInt(), 0);
}

void TestReport::liveWritePath()
{
    // What the app does: the durable row, the vendor's answer, a callback's final result.
    const QString sold = m_store->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"3105550199"_s)));
    QVERIFY(!sold.isEmpty());
    compareAll();
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(m_store->finish(sold, makeOutcome(OutcomeState::Sold, true, true), 420));
    const QString token = u"tok-report-1"_s;
    const QString waiting =
        m_store->begin(makeStart(makeLead(u"Bob"_s, u"Kay"_s, u"3105550100"_s, u"bob.k"_s), u"ntherm"_s, token));
    QVERIFY(!waiting.isEmpty());
    QVERIFY(m_store->finish(waiting, makeOutcome(OutcomeState::Accepted), 300));
    compareAll();
    QVERIFY(!QTest::currentTestFailed());
    m_clock.now = m_clock.now.addSecs(95);
    QVERIFY(m_store->finalise(token, makeOutcome(OutcomeState::Sold, true, true)).has_value());
    compareAll();
    QVERIFY(!QTest::currentTestFailed());
    ReportTable table;
    QVERIFY(m_store->report({.agent = u"bob.k"_s}, ReportBy::Agent, &table));
    QCOMPARE(table.rows.size(), 1);
    QCOMPARE(table.rows.at(0).soldOrAccepted, 1);
    QCOMPARE(table.rows.at(0).netBillable, 1);
    QCOMPARE(table.rows.at(0).finalTimed, 1);
    QVERIFY(table.rows.at(0).averageFinalSeconds() >= 94.0);
}

void TestReport::migrationBackfillsExistingRows()
{
    // A history that had rows before migration 7: undo the step, then open again so it runs on those rows.
    m_store.reset();
    {
        RawDb raw(m_where);
        if (onPostgres()) {
            QVERIFY(raw.exec(u"DROP TRIGGER submissions_rollup ON submissions"_s));
            QVERIFY(raw.exec(u"DROP FUNCTION leadrelay_rollup()"_s));
        } else {
            for (const QString &name : {u"insert"_s, u"update"_s, u"delete"_s})
                QVERIFY(raw.exec(u"DROP TRIGGER submissions_rollup_"_s + name));
        }
        QVERIFY(raw.exec(u"DROP TABLE submission_rollup"_s));
        QVERIFY(raw.exec(u"DELETE FROM schema_version WHERE version = 7"_s));
    }
    m_store = std::make_unique<HistoryStore>(m_where, m_clock.clock());
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    QCOMPARE(m_store->schemaVersion(), HistoryStore::knownSchemaVersion());
    compareAll();
}

void TestReport::staleCountsOldPreliminaryRows()
{
    RawDb raw(m_where);
    const QDate since = m_records.first().createdAt.date().addDays(10);
    for (const QDateTime &before : {m_clock.now, m_clock.now.addDays(-10), m_clock.now.addDays(-40)}) {
        for (const bool period : {false, true}) {
            ReportFilter filter{.vendorId = u"ntherm"_s, .staleBefore = before};
            if (period)
                filter.since = since;
            ReportTable table;
            QVERIFY(m_store->report(filter, ReportBy::Vendor, &table));
            QSqlQuery query(QSqlDatabase::database(raw.name(), false));
            QVERIFY(query.prepare(u"SELECT COUNT(*) FROM submissions WHERE state = 'accepted' AND final = 0 "
                                  "AND answered_at < ? AND vendor_id = 'ntherm' AND created_at >= ?"_s));
            query.addBindValue(HistorySql::timeValue(before));
            query.addBindValue(period ? HistorySql::timeValue(since.startOfDay(Qt::UTC)) : QVariant(u""_s));
            QVERIFY(query.exec() && query.next());
            QCOMPARE(table.stale, query.value(0).toLongLong());
        }
    }
    ReportTable none;
    QVERIFY(m_store->report({}, ReportBy::Day, &none));
    QCOMPARE(none.stale, -1);
}

void TestReport::lookupsReadOnlyTheirIndexes_data()
{
    QTest::addColumn<ReportFilter>("filter");
    const QDateTime before = m_clock.now.addDays(-1);
    const QDate since = m_clock.now.date().addDays(-29);
    QTest::newRow("everything") << ReportFilter{.staleBefore = before};
    QTest::newRow("last 30 days") << ReportFilter{.since = since, .staleBefore = before};
    QTest::newRow("vendor, agent, campaign, mode") << ReportFilter{.since = since,
                                                                   .until = m_clock.now.date(),
                                                                   .vendorId = u"ntherm"_s,
                                                                   .agent = u"maria.g"_s,
                                                                   .campaign = u"OHIO"_s,
                                                                   .accountMode = u"production"_s,
                                                                   .staleBefore = before};
}

// Migration 11: the stale count reads the partial index of awaiting rows alone, never a table row (at 1M rows the
// table lookups cost 0.2 s for 30 days on a cold cache). SQLite's plan; PostgreSQL gets the same index.
void TestReport::lookupsReadOnlyTheirIndexes()
{
    LEADRELAY_SQLITE_ONLY();
    QFETCH(ReportFilter, filter);
    QVariantList values;
    const QString sql = Report::staleCountSql(filter, &values);
    RawDb raw(m_where);
    QSqlQuery query(QSqlDatabase::database(raw.name(), false));
    QVERIFY(query.prepare(u"EXPLAIN QUERY PLAN "_s + sql));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    QStringList plan;
    while (query.next())
        plan.append(query.value(3).toString());
    QVERIFY2(plan.join(u'\n').contains(u"USING COVERING INDEX submissions_awaiting"_s), qPrintable(plan.join(u'\n')));
}

void TestReport::teamRolesSeeTheirOwnFigures()
{
    if (!onPostgres())
        QSKIP("Roles and row-level security are a team server's");
    const QString password = u"report roles pw"_s;
    const QString database = HistoryLocation::parse(m_where).database();
    TeamAdmin admin(HistoryLocation::parse(m_where));
    QVERIFY2(admin.connect(), qPrintable(admin.lastError()));
    // Logins are cluster-wide: names of this test's own.
    for (const auto &[name, role] : {std::pair{u"rpt_ann"_s, u"agent"_s}, std::pair{u"rpt_sue"_s, u"supervisor"_s},
                                     std::pair{u"rpt_rex"_s, u"receiver"_s}}) {
        adminExec(u"postgres"_s, u"DROP OWNED BY "_s + name);
        adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + name);
        QVERIFY2(admin.addUser(name, role, password), qPrintable(admin.lastError()));
    }
    auto storeAs = [&](const QString &user) {
        auto store =
            std::make_unique<HistoryStore>(serverUri(database).replace(u"postgres@"_s, user + u'@'), m_clock.clock());
        store->setPassword(password);
        return store;
    };
    auto ann = storeAs(u"rpt_ann"_s);
    QVERIFY2(ann->open(), qPrintable(ann->lastError()));
    // The agent's own submission: the trigger (SECURITY DEFINER) counts it although the agent cannot write there.
    const QString id = ann->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"3105550199"_s, u"someone else"_s)));
    QVERIFY2(!id.isEmpty(), qPrintable(ann->lastError()));
    QVERIFY(ann->finish(id, makeOutcome(OutcomeState::Sold, true, true), 300));
    ReportTable mine;
    QVERIFY2(ann->report({}, ReportBy::Agent, &mine), qPrintable(ann->lastError()));
    QCOMPARE(mine.rows.size(), 1);
    QCOMPARE(mine.rows.at(0).key, u"rpt_ann"_s);
    QCOMPARE(mine.total.submissions, 1);
    QCOMPARE(mine.total.netBillable, 1);
    // Nor may an agent write the roll-up itself; the receiver does not read it.
    {
        RawDb raw(m_where);
        QCOMPARE(raw.scalar(u"SELECT has_table_privilege('rpt_ann', 'submission_rollup', 'INSERT')"_s).toBool(), false);
        QCOMPARE(raw.scalar(u"SELECT has_table_privilege('rpt_ann', 'submission_rollup', 'UPDATE')"_s).toBool(), false);
        QCOMPARE(raw.scalar(u"SELECT has_table_privilege('rpt_rex', 'submission_rollup', 'SELECT')"_s).toBool(), false);
        QCOMPARE(raw.scalar(u"SELECT has_table_privilege('rpt_sue', 'submission_rollup', 'SELECT')"_s).toBool(), true);
    }
    auto sue = storeAs(u"rpt_sue"_s);
    QVERIFY2(sue->open(), qPrintable(sue->lastError()));
    ReportTable floor;
    QVERIFY2(sue->report({}, ReportBy::Agent, &floor), qPrintable(sue->lastError()));
    QCOMPARE(floor.total.submissions, qint64(m_records.size()) + 1);
    compareAll();
    ann.reset();
    sue.reset();
    for (const QString &name : {u"rpt_ann"_s, u"rpt_sue"_s, u"rpt_rex"_s}) {
        adminExec(database, u"DROP OWNED BY "_s + name);
        adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + name);
    }
}

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
