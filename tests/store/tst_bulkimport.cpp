// SPDX-License-Identifier: GPL-3.0-or-later
// Bulk import (HistoryStore::importRecords, copyRecords; migration 13): the per-row triggers stand aside for the
// batch, and one aggregate step per batch adds its rows to the dashboard's roll-up (and on SQLite to the search
// index). The roll-up must equal a plain GROUP BY over submissions after every commit: after imports into new and
// existing keys, a copy that skips rows already there, and imports interleaved with the single-submission write
// path (begin, finish, finalise) and with updates and deletes. On both backends.
#include "StoreTestSupport.h"
#include "store/HistorySql.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

const OutcomeState States[] = {OutcomeState::Sold,     OutcomeState::Accepted,        OutcomeState::Accepted,
                               OutcomeState::Rejected, OutcomeState::Invalid,         OutcomeState::AcceptedNotSold,
                               OutcomeState::Sold,     OutcomeState::DeliveryUnknown, OutcomeState::NotDelivered};

// Rows `from` .. `from + count - 1`: few agents, vendors and days, so one batch holds many rows of one roll-up key
// and later batches add to keys that exist already.
QList<SubmissionRecord> makeRecords(int from, int count, const QDateTime &base)
{
    QList<SubmissionRecord> records;
    for (int i = from; i < from + count; ++i) {
        SubmissionRecord r;
        r.id = u"bulk-%1"_s.arg(i, 6, 10, QLatin1Char('0'));
        r.createdAt = base.addSecs(qint64(i % 9) * 5 * 3600 + i);
        r.state = States[i % std::size(States)];
        r.answeredAt = r.createdAt.addMSecs(700 + i % 400);
        r.agent = u"agent."_s + QString::number(i % 3);
        r.vendorId = i % 2 ? u"bhm"_s : u"ntherm"_s;
        r.accountMode = i % 5 == 0 ? u"training"_s : u"production"_s;
        r.campaign = u"CAMPAIGN_"_s + QString::number(i % 2);
        r.customerName = u"Bulk Zq"_s + QChar(u'a' + i % 26) + u"x"_s + QString::number(i);
        r.phone = QString::number(3125550000LL + i);
        r.leadJson = R"({"first_name":"Bulk","phone":")" + r.phone.toLatin1() + "\"}";
        r.final = r.state != OutcomeState::Accepted || i % 4 == 1;
        r.billable = r.state == OutcomeState::Sold;
        if (r.final && i % 3 == 0)
            r.finalisedAt = r.answeredAt.addSecs(60 * (i % 50) + 7);
        if (r.billable && i % 7 == 0)
            r.returnedAt = r.createdAt.addDays(3);
        r.vendorLeadId = u"VL-%1"_s.arg(i);
        r.httpStatus = 200;
        records.append(r);
    }
    return records;
}

} // namespace

class TestBulkImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void rollupEqualsGroupByAfterImports();
    void interleavedWithSingleWrites();
    void searchIndexHoldsImportedRows();

private:
    // The roll-up's rows and the same figures by plain SQL over submissions, as "key | figures" lines in key order.
    QStringList rollupRows();
    QStringList groupByRows();
    void compareRollup(const char *step);

    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock;
    QString m_where;
    std::unique_ptr<HistoryStore> m_store;
};

void TestBulkImport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = ManualClock();
    m_where = location(m_dir->filePath(u"bulk.sqlite"_s));
    m_store = std::make_unique<HistoryStore>(m_where, m_clock.clock());
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
}

void TestBulkImport::cleanup()
{
    m_store.reset();
}

QStringList TestBulkImport::rollupRows()
{
    RawDb raw(m_where);
    QSqlQuery query(QSqlDatabase::database(raw.name(), false));
    if (!query.exec(u"SELECT day, vendor_id, agent, campaign, account_mode, state, final, returned, submissions, "
                    "billable, final_ms, final_timed FROM submission_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8"_s))
        return {u"error: "_s + query.lastError().text()};
    QStringList rows;
    while (query.next()) {
        QStringList cells;
        for (int i = 0; i < 12; ++i)
            cells << query.value(i).toString();
        rows << cells.join(u'|');
    }
    return rows;
}

QStringList TestBulkImport::groupByRows()
{
    // Written out here, apart from the store's SQL: the question a reader of the roll-up asks of the table.
    const QString ms =
        onPostgres()
            ? u"GREATEST(0, ROUND(EXTRACT(EPOCH FROM (finalised_at::timestamptz - answered_at::timestamptz)) * 1000))"_s
            : u"MAX(0, CAST(ROUND((julianday(finalised_at) - julianday(answered_at)) * 86400000.0) AS INTEGER))"_s;
    const QString timed = u"final = 1 AND answered_at IS NOT NULL AND finalised_at IS NOT NULL"_s;
    RawDb raw(m_where);
    QSqlQuery query(QSqlDatabase::database(raw.name(), false));
    if (!query.exec(u"SELECT substr(created_at, 1, 10), vendor_id, agent, campaign, account_mode, state, final, "
                    "CASE WHEN returned_at IS NULL THEN 0 ELSE 1 END, COUNT(*), SUM(billable), "
                    "SUM(CASE WHEN %1 THEN %2 ELSE 0 END), SUM(CASE WHEN %1 THEN 1 ELSE 0 END) FROM submissions "
                    "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8"_s.arg(timed, ms)))
        return {u"error: "_s + query.lastError().text()};
    QStringList rows;
    while (query.next()) {
        QStringList cells;
        for (int i = 0; i < 12; ++i)
            cells << QString::number(query.value(i).toLongLong());
        for (int i = 0; i < 6; ++i)
            cells[i] = query.value(i).toString();
        rows << cells.join(u'|');
    }
    return rows;
}

void TestBulkImport::compareRollup(const char *step)
{
    const QStringList expected = groupByRows();
    const QStringList actual = rollupRows();
    QVERIFY2(!expected.isEmpty(), step);
    if (actual != expected) {
        for (qsizetype i = 0; i < qMax(actual.size(), expected.size()); ++i) {
            const QString a = actual.value(i), e = expected.value(i);
            if (a != e)
                QFAIL(qPrintable(u"%1: roll-up row %2 is [%3], plain SQL says [%4] (%5 vs %6 rows)"_s.arg(
                    QString::fromLatin1(step), QString::number(i), a, e, QString::number(actual.size()),
                    QString::number(expected.size()))));
        }
    }
}

void TestBulkImport::rollupEqualsGroupByAfterImports()
{
    const QDateTime base = m_clock.now.addDays(-3);
    // New keys, then the same keys again (the ON CONFLICT side), then a copy that meets rows it already holds.
    QVERIFY2(m_store->importRecords(makeRecords(0, 400, base)), qPrintable(m_store->lastError()));
    compareRollup("first import");
    QVERIFY2(m_store->importRecords(makeRecords(400, 700, base)), qPrintable(m_store->lastError()));
    compareRollup("second import, same keys");
    QCOMPARE(m_store->copyRecords(makeRecords(900, 400, base)), 200);
    compareRollup("copy over existing rows");
    QCOMPARE(m_store->copyRecords(makeRecords(0, 1300, base)), 0);
    compareRollup("copy of nothing new");
    // The batch's flag was never committed.
    RawDb raw(m_where);
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM bulk_import"_s).toInt(), 0);
    QCOMPARE(raw.scalar(u"SELECT SUM(submissions) FROM submission_rollup"_s).toLongLong(), 1300);
}

void TestBulkImport::interleavedWithSingleWrites()
{
    const QDateTime base = m_clock.now.addDays(-1);
    QVERIFY2(m_store->importRecords(makeRecords(0, 300, base)), qPrintable(m_store->lastError()));
    // The single-submission path: the per-row triggers keep the roll-up in step there.
    const QString token = u"tok-bulk-1"_s;
    const QString waiting =
        m_store->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"3105550199"_s, u"agent.1"_s), u"ntherm"_s, token));
    QVERIFY2(!waiting.isEmpty(), qPrintable(m_store->lastError()));
    compareRollup("begin after an import");
    QVERIFY(m_store->finish(waiting, makeOutcome(OutcomeState::Accepted), 300));
    QVERIFY2(m_store->importRecords(makeRecords(300, 300, base)), qPrintable(m_store->lastError()));
    compareRollup("import after a single write");
    m_clock.now = m_clock.now.addSecs(95);
    QVERIFY(m_store->finalise(token, makeOutcome(OutcomeState::Sold, true, true)).has_value());
    const QString sold = m_store->begin(makeStart(makeLead(u"Bob"_s, u"Kay"_s, u"3105550100"_s, u"agent.0"_s)));
    QVERIFY(!sold.isEmpty());
    QVERIFY(m_store->finish(sold, makeOutcome(OutcomeState::Sold, true, true), 420));
    compareRollup("single writes after imports");
    // Imported rows changed afterwards (final results, a return, deletes) go through the per-row triggers.
    {
        RawDb raw(m_where);
        QVERIFY(raw.exec(u"UPDATE submissions SET state = 'sold', final = 1, billable = 1, "
                         "finalised_at = '2026-11-22T10:00:00.000Z' WHERE state = 'accepted' AND final = 0 "
                         "AND agent = 'agent.2'"_s));
        QVERIFY(
            raw.exec(u"UPDATE submissions SET returned_at = '2026-11-22T00:00:00.000Z' WHERE id = 'bulk-000006'"_s));
        QVERIFY(raw.exec(u"DELETE FROM submission_payloads WHERE submission_id LIKE 'bulk-0001%'"_s));
        QVERIFY(raw.exec(u"DELETE FROM submissions WHERE id LIKE 'bulk-0001%'"_s));
    }
    compareRollup("updates and deletes of imported rows");
    QVERIFY2(m_store->importRecords(makeRecords(600, 250, base)), qPrintable(m_store->lastError()));
    compareRollup("import after updates and deletes");
}

void TestBulkImport::searchIndexHoldsImportedRows()
{
    const QDateTime base = m_clock.now.addDays(-2);
    QVERIFY2(m_store->importRecords(makeRecords(0, 500, base)), qPrintable(m_store->lastError()));
    QVERIFY(m_store->begin(makeStart(makeLead(u"Cara"_s, u"Nakamura"_s, u"3105550177"_s))).size() > 0);
    QVERIFY2(m_store->importRecords(makeRecords(500, 500, base)), qPrintable(m_store->lastError()));
    // Every imported row is found by the search, as plain LIKE finds it.
    QCOMPARE(m_store->count({.text = u"zqkx"_s}), 39); // every 26th row from row 10 of the 1,000
    QCOMPARE(m_store->count({.text = u"3125550999"_s}), 1);
    QCOMPARE(m_store->count({.text = u"nakamura"_s}), 1);
    if (!onPostgres()) {
        RawDb raw(m_where);
        QVERIFY(raw.exec(u"INSERT INTO submissions_search (submissions_search, rank) VALUES ('integrity-check', 1)"_s));
    }
}

QTEST_GUILESS_MAIN(TestBulkImport)
#include "tst_bulkimport.moc"
