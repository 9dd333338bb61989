// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore reading: the duplicate guard's window, filters (including hostile search text), whitelisted
// sorting, offset and keyset paging.
#include "StoreTestSupport.h"
#include "store/HistorySql.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

struct Row
{
    const char16_t *first, *last, *phone, *agent, *campaign, *vendor;
    OutcomeState state;
    bool final;
    const char16_t *vendorLeadId;
};

// Row i is created on day i after the base time.
const Row Rows[] = {
    {u"John", u"Smith", u"2127365000", u"maria.g", u"OHIO_GENERAL", u"ntherm", OutcomeState::Accepted, false, u""},
    {u"Jane", u"Smithers", u"2127365001", u"bob.k", u"texas", u"ntherm", OutcomeState::Sold, true, u""},
    {u"Ann", u"Lee", u"3105550199", u"maria.g", u"SAVE 50%", u"bhm", OutcomeState::Sold, true, u"BHM-777"},
    {u"Émile", u"Zola", u"3105551234", u"carl", u"bhmcamp", u"bhm", OutcomeState::Rejected, true, u""},
    {u"Bob", u"Drop", u"2127365002", u"bob.k", u"texas", u"ntherm", OutcomeState::NotDelivered, true, u""},
    {u"Chris", u"Accept", u"2127365003", u"carl", u"texas", u"ntherm", OutcomeState::Accepted, true, u""},
    {u"Dee", u"Unknown", u"4155550000", u"maria.g", u"OHIO_GENERAL", u"bhm", OutcomeState::DeliveryUnknown, false, u""},
};
constexpr int RowCount = int(std::size(Rows));

} // namespace

class TestHistoryQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void duplicateWindow_data();
    void duplicateWindow();
    void duplicateNewestWins();
    void filters_data();
    void filters();
    void injectionTextLeavesTableIntact();
    void sorts_data();
    void sorts();
    void unknownSortFallsBackToCreatedAt();
    void offsetAndKeysetPagesAgree_data();
    void offsetAndKeysetPagesAgree();
    void filtersUseIndexes_data();
    void filtersUseIndexes();
    void sortsUseIndexes_data();
    void returnsLookupUsesItsIndexes_data();
    void returnsLookupUsesItsIndexes();
    void sortsUseIndexes();

private:
    // Creates Rows (row i on day i) and returns their ids in order.
    QStringList fill();

    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock;
    QDateTime m_base;
    std::unique_ptr<HistoryStore> m_store;
};

void TestHistoryQuery::init()
{
    m_store.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = ManualClock();
    m_base = m_clock.now;
    m_store = std::make_unique<HistoryStore>(location(m_dir->filePath(u"h.sqlite"_s)), m_clock.clock());
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
}

QStringList TestHistoryQuery::fill()
{
    QStringList ids;
    for (int i = 0; i < RowCount; ++i) {
        const Row &row = Rows[i];
        m_clock.now = m_base.addDays(i);
        Lead lead = makeLead(QString::fromUtf16(row.first), QString::fromUtf16(row.last), QString::fromUtf16(row.phone),
                             QString::fromUtf16(row.agent), QString::fromUtf16(row.campaign));
        const QString id = m_store->begin(makeStart(lead, QString::fromUtf16(row.vendor)));
        Outcome outcome = makeOutcome(row.state, row.final, row.state == OutcomeState::Sold);
        outcome.vendorLeadId = QString::fromUtf16(row.vendorLeadId);
        if (id.isEmpty() || !m_store->finish(id, outcome, 100 + i))
            qFatal("fill failed: %s", qPrintable(m_store->lastError()));
        ids.append(id);
    }
    return ids;
}

void TestHistoryQuery::duplicateWindow_data()
{
    QTest::addColumn<QString>("vendor");
    QTest::addColumn<QString>("phone");
    QTest::addColumn<int>("state");
    QTest::addColumn<qint64>("ageMs");
    QTest::addColumn<bool>("hit");
    const qint64 day = 24 * 3600 * 1000LL;
    const auto rejected = int(OutcomeState::Rejected);
    QTest::newRow("inside") << u"ntherm"_s << u"2127365000"_s << rejected << day << true;
    QTest::newRow("at the edge (inclusive)") << u"ntherm"_s << u"2127365000"_s << rejected << 30 * day << true;
    QTest::newRow("1 ms outside") << u"ntherm"_s << u"2127365000"_s << rejected << 30 * day + 1 << false;
    QTest::newRow("other vendor") << u"bhm"_s << u"2127365000"_s << rejected << day << false;
    QTest::newRow("other phone") << u"ntherm"_s << u"2127365009"_s << rejected << day << false;
    QTest::newRow("not delivered never left")
        << u"ntherm"_s << u"2127365000"_s << int(OutcomeState::NotDelivered) << day << false;
    QTest::newRow("delivery unknown counts")
        << u"ntherm"_s << u"2127365000"_s << int(OutcomeState::DeliveryUnknown) << day << true;
    QTest::newRow("still sending counts")
        << u"ntherm"_s << u"2127365000"_s << int(OutcomeState::Sending) << 1LL << true;
    QTest::newRow("sold counts") << u"ntherm"_s << u"2127365000"_s << int(OutcomeState::Sold) << day << true;
    QTest::newRow("accepted counts") << u"ntherm"_s << u"2127365000"_s << int(OutcomeState::Accepted) << day << true;
    QTest::newRow("accepted not sold counts")
        << u"ntherm"_s << u"2127365000"_s << int(OutcomeState::AcceptedNotSold) << day << true;
    // The buyer never decided about the customer: once the cause is fixed, the lead may go again.
    QTest::newRow("account problem does not count")
        << u"ntherm"_s << u"2127365000"_s << int(OutcomeState::AccountError) << day << false;
    QTest::newRow("invalid data does not count")
        << u"ntherm"_s << u"2127365000"_s << int(OutcomeState::Invalid) << day << false;
}

void TestHistoryQuery::duplicateWindow()
{
    QFETCH(QString, vendor);
    QFETCH(QString, phone);
    QFETCH(int, state);
    QFETCH(qint64, ageMs);
    QFETCH(bool, hit);
    const QDateTime now = m_base.addDays(60);
    m_clock.now = now.addMSecs(-ageMs);
    const QString id = m_store->begin(makeStart(makeLead(u"A"_s, u"B"_s, phone), vendor));
    QVERIFY(!id.isEmpty());
    if (OutcomeState(state) != OutcomeState::Sending)
        QVERIFY(m_store->finish(id, makeOutcome(OutcomeState(state), true), 1));
    m_clock.now = now;

    const auto found = m_store->findDuplicate(u"ntherm"_s, u"2127365000"_s, now.addDays(-30));
    QCOMPARE(found.has_value(), hit);
    if (hit) {
        QCOMPARE(found->id, id);
        QCOMPARE(found->createdAt, now.addMSecs(-ageMs));
        QCOMPARE(int(found->state), state);
    }
}

void TestHistoryQuery::duplicateNewestWins()
{
    const QStringList ids = fill();
    m_clock.now = m_base.addDays(10);
    const QString again = m_store->begin(makeStart(makeLead(u"John"_s, u"Smith"_s, u"(212) 736-5000"_s)));
    QVERIFY(m_store->finish(again, makeOutcome(OutcomeState::Rejected, true), 1));
    const auto found = m_store->findDuplicate(u"ntherm"_s, u"2127365000"_s, m_base);
    QVERIFY(found);
    QCOMPARE(found->id, again);
    QCOMPARE(found->state, OutcomeState::Rejected);
    // With the window starting after the newer one, nothing.
    QVERIFY(!m_store->findDuplicate(u"ntherm"_s, u"2127365000"_s, m_clock.now.addMSecs(1)));
    QVERIFY(!ids.isEmpty());
}

void TestHistoryQuery::filters_data()
{
    QTest::addColumn<HistoryFilter>("filter");
    QTest::addColumn<QList<int>>("rows"); // indexes into Rows, newest first

    const QDateTime base = ManualClock().now;
    QTest::newRow("none") << HistoryFilter{} << QList<int>{6, 5, 4, 3, 2, 1, 0};
    QTest::newRow("vendor ntherm") << HistoryFilter{.vendorId = u"ntherm"_s} << QList<int>{5, 4, 1, 0};
    QTest::newRow("vendor bhm") << HistoryFilter{.vendorId = u"bhm"_s} << QList<int>{6, 3, 2};
    QTest::newRow("vendor unknown") << HistoryFilter{.vendorId = u"acme"_s} << QList<int>{};
    QTest::newRow("sold") << HistoryFilter{.stateKey = u"sold"_s} << QList<int>{2, 1};
    QTest::newRow("awaiting final") << HistoryFilter{.stateKey = u"awaiting_final"_s} << QList<int>{0};
    QTest::newRow("unknown state") << HistoryFilter{.stateKey = u"' OR 1=1 --"_s} << QList<int>{};
    QTest::newRow("bhm sold") << HistoryFilter{.vendorId = u"bhm"_s, .stateKey = u"sold"_s} << QList<int>{2};
    QTest::newRow("agent") << HistoryFilter{.agent = u"maria.g"_s} << QList<int>{6, 2, 0};
    QTest::newRow("since day 2") << HistoryFilter{.since = base.addDays(2)} << QList<int>{6, 5, 4, 3, 2};
    QTest::newRow("until day 2 (exclusive)") << HistoryFilter{.until = base.addDays(2)} << QList<int>{1, 0};
    QTest::newRow("day 1 to 3") << HistoryFilter{.since = base.addDays(1), .until = base.addDays(3)}
                                << QList<int>{2, 1};
    QTest::newRow("text name") << HistoryFilter{.text = u"smith"_s} << QList<int>{1, 0};
    QTest::newRow("text name upper") << HistoryFilter{.text = u"  SMITH "_s} << QList<int>{1, 0};
    QTest::newRow("text unicode name") << HistoryFilter{.text = u"Émile"_s} << QList<int>{3};
    QTest::newRow("text phone formatted") << HistoryFilter{.text = u"(212) 736-50"_s} << QList<int>{5, 4, 1, 0};
    QTest::newRow("text phone part") << HistoryFilter{.text = u"555"_s} << QList<int>{6, 3, 2};
    QTest::newRow("text agent") << HistoryFilter{.text = u"bob.k"_s} << QList<int>{4, 1};
    QTest::newRow("text campaign") << HistoryFilter{.text = u"texas"_s} << QList<int>{5, 4, 1};
    QTest::newRow("text vendor lead id") << HistoryFilter{.text = u"bhm-777"_s} << QList<int>{2};
    QTest::newRow("text percent is literal") << HistoryFilter{.text = u"%"_s} << QList<int>{2};
    QTest::newRow("text underscore is literal") << HistoryFilter{.text = u"_"_s} << QList<int>{6, 0};
    QTest::newRow("text escape char") << HistoryFilter{.text = u"!"_s} << QList<int>{};
    QTest::newRow("text injection") << HistoryFilter{.text = u"'; DROP TABLE submissions; --"_s} << QList<int>{};
    QTest::newRow("text quote") << HistoryFilter{.text = u"'"_s} << QList<int>{};
    QTest::newRow("text and vendor") << HistoryFilter{.vendorId = u"bhm"_s, .text = u"555"_s} << QList<int>{6, 3, 2};
}

void TestHistoryQuery::filters()
{
    QFETCH(HistoryFilter, filter);
    QFETCH(QList<int>, rows);
    const QStringList ids = fill();
    QStringList expected;
    for (int row : rows)
        expected.append(ids.at(row));

    QCOMPARE(m_store->count(filter), expected.size());
    QStringList got;
    for (const SubmissionRecord &record : m_store->query(filter, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 100))
        got.append(record.id);
    QCOMPARE(got, expected);
}

void TestHistoryQuery::injectionTextLeavesTableIntact()
{
    fill();
    for (const QString &text :
         {u"'; DROP TABLE submissions; --"_s, u"\"; DELETE FROM submissions; --"_s, u"x' OR '1'='1"_s, u"\\"_s}) {
        QCOMPARE(m_store->count({.text = text}), 0);
        QCOMPARE(m_store->count({.vendorId = text}), 0);
        QCOMPARE(m_store->count({.agent = text}), 0);
    }
    QCOMPARE(m_store->count({}), RowCount);
    QVERIFY(m_store->lastError().isEmpty());
}

void TestHistoryQuery::sorts_data()
{
    QTest::addColumn<HistorySort>("sort");
    QTest::addColumn<Qt::SortOrder>("order");
    const std::pair<const char *, HistorySort> sorts[] = {
        {"created", HistorySort::CreatedAt}, {"agent", HistorySort::Agent},       {"vendor", HistorySort::Vendor},
        {"customer", HistorySort::Customer}, {"phone", HistorySort::Phone},       {"campaign", HistorySort::Campaign},
        {"outcome", HistorySort::Outcome},   {"billable", HistorySort::Billable}, {"final", HistorySort::Final},
    };
    for (const auto &[name, sort] : sorts) {
        QTest::addRow("%s asc", name) << sort << Qt::AscendingOrder;
        QTest::addRow("%s desc", name) << sort << Qt::DescendingOrder;
    }
}

namespace
{
QString sortKey(HistorySort sort, const SubmissionRecord &r)
{
    switch (sort) {
    case HistorySort::CreatedAt:
        return QString();
    case HistorySort::Agent:
        return r.agent;
    case HistorySort::Vendor:
        return r.vendorId;
    case HistorySort::Customer:
        return r.customerName;
    case HistorySort::Phone:
        return r.phone;
    case HistorySort::Campaign:
        return r.campaign;
    case HistorySort::Outcome:
        return outcomeStateKey(r.state);
    case HistorySort::Billable:
        return r.billable ? u"1"_s : u"0"_s;
    case HistorySort::Final:
        return r.final ? u"1"_s : u"0"_s;
    }
    return {};
}
} // namespace

void TestHistoryQuery::sorts()
{
    QFETCH(HistorySort, sort);
    QFETCH(Qt::SortOrder, order);
    fill();
    QList<SubmissionRecord> expected = m_store->query({}, HistorySort::CreatedAt, Qt::AscendingOrder, 0, 100);
    QCOMPARE(expected.size(), RowCount);
    std::stable_sort(expected.begin(), expected.end(), [&](const SubmissionRecord &a, const SubmissionRecord &b) {
        const int byKey = sortKey(sort, a).compare(sortKey(sort, b));
        const bool less = byKey != 0 ? byKey < 0 : a.createdAt < b.createdAt;
        const bool greater = byKey != 0 ? byKey > 0 : a.createdAt > b.createdAt;
        return order == Qt::AscendingOrder ? less : greater;
    });
    const QList<SubmissionRecord> got = m_store->query({}, sort, order, 0, 100);
    QStringList gotIds, expectedIds;
    for (const auto &r : got)
        gotIds.append(r.id);
    for (const auto &r : expected)
        expectedIds.append(r.id);
    QCOMPARE(gotIds, expectedIds);
}

void TestHistoryQuery::unknownSortFallsBackToCreatedAt()
{
    const QStringList ids = fill();
    const auto rows = m_store->query({}, static_cast<HistorySort>(42), Qt::AscendingOrder, 0, 100);
    QStringList got;
    for (const auto &r : rows)
        got.append(r.id);
    QCOMPARE(got, ids);
}

void TestHistoryQuery::offsetAndKeysetPagesAgree_data()
{
    QTest::addColumn<HistorySort>("sort");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<HistoryFilter>("filter");
    QTest::newRow("created desc") << HistorySort::CreatedAt << Qt::DescendingOrder << HistoryFilter{};
    QTest::newRow("agent asc") << HistorySort::Agent << Qt::AscendingOrder << HistoryFilter{};
    QTest::newRow("campaign desc") << HistorySort::Campaign << Qt::DescendingOrder << HistoryFilter{};
    QTest::newRow("billable asc, ntherm")
        << HistorySort::Billable << Qt::AscendingOrder << HistoryFilter{.vendorId = u"ntherm"_s};
}

void TestHistoryQuery::offsetAndKeysetPagesAgree()
{
    QFETCH(HistorySort, sort);
    QFETCH(Qt::SortOrder, order);
    QFETCH(HistoryFilter, filter);
    fill();
    // Three more rows sharing one timestamp, so the id tiebreak matters.
    m_clock.now = m_base.addDays(20);
    for (int i = 0; i < 3; ++i)
        QVERIFY(!m_store->begin(makeStart(makeLead(u"Same"_s, u"Time"_s, u"2127365100"_s))).isEmpty());

    const QList<SubmissionRecord> all = m_store->query(filter, sort, order, 0, 1000);
    QCOMPARE(all.size(), m_store->count(filter));
    QStringList byOffset, byKeyset;
    for (int offset = 0; offset < all.size(); offset += 2) {
        for (const auto &r : m_store->query(filter, sort, order, offset, 2))
            byOffset.append(r.id);
    }
    QList<SubmissionRecord> page = m_store->query(filter, sort, order, 0, 2);
    while (!page.isEmpty()) {
        for (const auto &r : page)
            byKeyset.append(r.id);
        page = m_store->queryAfter(filter, sort, order, page.last(), 2);
    }
    QStringList allIds;
    for (const auto &r : all)
        allIds.append(r.id);
    QCOMPARE(byOffset, allIds);
    QCOMPARE(byKeyset, allIds);
}

namespace
{
// SQLite's plan for the store's own SQL text (built by the same functions), one line per step.
QString queryPlan(const QString &path, const QString &sql, const QVariantList &values)
{
    RawDb raw(path);
    QSqlQuery query(QSqlDatabase::database(raw.name(), false));
    query.prepare(u"EXPLAIN QUERY PLAN "_s + sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return u"error"_s;
    QStringList steps;
    while (query.next())
        steps.append(query.value(3).toString());
    return steps.join(u'\n');
}
} // namespace

void TestHistoryQuery::filtersUseIndexes_data()
{
    QTest::addColumn<HistoryFilter>("filter");
    const QDateTime base = ManualClock().now;
    QTest::newRow("vendor") << HistoryFilter{.vendorId = u"ntherm"_s};
    QTest::newRow("outcome") << HistoryFilter{.stateKey = u"sold"_s};
    QTest::newRow("awaiting final") << HistoryFilter{.stateKey = u"awaiting_final"_s};
    QTest::newRow("agent") << HistoryFilter{.agent = u"maria.g"_s};
    QTest::newRow("since") << HistoryFilter{.since = base};
    QTest::newRow("until") << HistoryFilter{.until = base};
    QTest::newRow("vendor and outcome") << HistoryFilter{.vendorId = u"bhm"_s, .stateKey = u"sold"_s};
    QTest::newRow("vendor and dates") << HistoryFilter{.vendorId = u"bhm"_s, .since = base, .until = base.addDays(3)};
}

void TestHistoryQuery::filtersUseIndexes()
{
    LEADRELAY_SQLITE_ONLY();
    QFETCH(HistoryFilter, filter);
    fill();
    const HistorySql::Where where = HistorySql::whereFor(filter, true);
    const QString plan = queryPlan(m_store->path(), u"SELECT COUNT(*) FROM submissions"_s + where.sql(), where.values);
    QVERIFY2(plan.contains(u"USING INDEX submissions_"_s) || plan.contains(u"USING COVERING INDEX submissions_"_s),
             qPrintable(plan));
    // The rows awaiting a final result have their own small partial index (migrations 11 and 14).
    if (filter.stateKey == u"awaiting_final"_s)
        QVERIFY2(plan.contains(u"INDEX submissions_awaiting"_s), qPrintable(plan));
}

void TestHistoryQuery::returnsLookupUsesItsIndexes_data()
{
    QTest::addColumn<QString>("column");
    QTest::newRow("lead id") << u"vendor_lead_id"_s;
    QTest::newRow("transaction id") << u"vendor_transaction_id"_s;
}

// Migration 11: a buyer's returns are matched by the vendor's ids through their own partial indexes, not by reading
// every row of the vendor. The statement's shape is HistoryStore::returnCandidates()' (ReturnsStore.cpp).
void TestHistoryQuery::returnsLookupUsesItsIndexes()
{
    LEADRELAY_SQLITE_ONLY();
    QFETCH(QString, column);
    fill();
    const QString plan = queryPlan(m_store->path(),
                                   u"SELECT id FROM submissions WHERE vendor_id = ? AND "_s + column +
                                       u" <> '' AND "_s + column + u" IN (?, ?)"_s,
                                   {u"ntherm"_s, u"1"_s, u"2"_s});
    QVERIFY2(
        plan.contains(u"INDEX submissions_vendor_"_s + (column == u"vendor_lead_id"_s ? u"lead"_s : u"transaction"_s)),
        qPrintable(plan));
}

void TestHistoryQuery::sortsUseIndexes_data()
{
    sorts_data();
}

void TestHistoryQuery::sortsUseIndexes()
{
    LEADRELAY_SQLITE_ONLY();
    QFETCH(HistorySort, sort);
    QFETCH(Qt::SortOrder, order);
    // Schema 8 dropped the indexes of the two-valued Billable and Final sorts (MigrationCompactPayloads.cpp), schema
    // 11 the Campaign sort's (MigrationTrimIndexes.cpp).
    if (sort == HistorySort::Billable || sort == HistorySort::Final || sort == HistorySort::Campaign)
        return;
    fill();
    // The id-picking part of query(): ordered by walking an index, never by sorting the whole table.
    const QString plan = queryPlan(
        m_store->path(), u"SELECT id FROM submissions"_s + HistorySql::orderBy(sort, order) + u" LIMIT 100"_s, {});
    QVERIFY2(plan.contains(u"INDEX submissions_"_s), qPrintable(plan));
    QVERIFY2(!plan.contains(u"TEMP B-TREE FOR ORDER BY"_s), qPrintable(plan));
}

QTEST_GUILESS_MAIN(TestHistoryQuery)
#include "tst_historyquery.moc"
