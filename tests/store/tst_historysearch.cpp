// SPDX-License-Identifier: GPL-3.0-or-later
// The search index (schema 6): searches through it return exactly what the plain LIKEs return (the index only
// narrows), it follows every write, a history migrated from schema 5 is backfilled, and searches use it.
#include "StoreTestSupport.h"
#include "store/HistorySearch.h"
#include "store/HistorySql.h"

#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

// Names chosen so that the trigrams of a search occur apart ("Nguxyen" holds "ngu" and "yen", not "nguyen"),
// across columns, and in non-ASCII case (SQLite's LIKE folds ASCII only).
const QStringList Names{u"Van Nguyen"_s,  u"Nguxyen Tran"_s, u"NGUYEN Thi"_s,  u"Ann Smith"_s,
                        u"Émile Zola"_s,  u"émile zolA"_s,   u"Bob Ngu"_s,     u"Yen Bao"_s,
                        u"Quote \"Q\""_s, u"50% Off Corp"_s, u"Under_Score"_s, u"Zoë Ångström"_s};
const QStringList Agents{u"maria.g"_s, u"bob.k"_s, u"nguyen.t"_s};
const QStringList Campaigns{u"OHIO_GENERAL"_s, u"texas"_s, u"yen_campaign"_s};

QString foldAscii(const QString &text)
{
    QString folded = text;
    for (QChar &c : folded) {
        if (c.unicode() < 128)
            c = c.toLower();
    }
    return folded;
}

// Today's semantics, written out: the text in any searched column (case as the backend's LIKE ignores it), or
// its digits in the phone.
bool matches(const SubmissionRecord &r, const QString &typed)
{
    const QString text = typed.trimmed();
    auto fold = [](const QString &s) { return onPostgres() ? s.toLower() : foldAscii(s); };
    for (const QString &column : {r.customerName, r.agent, r.campaign, r.vendorLeadId, r.vendorTransactionId}) {
        if (fold(column).contains(fold(text)))
            return true;
    }
    QString digits;
    for (const QChar c : text) {
        if (c.isDigit() && c.unicode() < 128)
            digits.append(c);
    }
    return !digits.isEmpty() && r.phone.contains(digits);
}

} // namespace

class TestHistorySearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void sameRowsAsLike_data();
    void sameRowsAsLike();
    void indexFollowsWrites();
    void migrationBackfills();
    void searchUsesIndex();
    void aboutThenExact();
    void countWithOtherFilters();
    void pageWithoutBodies();

private:
    void fill();
    QList<SubmissionRecord> m_records;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    QString m_location;
};

void TestHistorySearch::init()
{
    m_store.reset();
    m_records.clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_location = location(m_dir->filePath(u"h.sqlite"_s));
    m_store = std::make_unique<HistoryStore>(m_location);
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
}

void TestHistorySearch::fill()
{
    const QDateTime base(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC);
    for (int i = 0; i < 240; ++i) {
        SubmissionRecord r;
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.createdAt = base.addSecs(i * 60);
        r.agent = Agents.at(i % Agents.size());
        r.vendorId = i % 2 ? u"ntherm"_s : u"bhm"_s;
        r.campaign = Campaigns.at(i % Campaigns.size());
        r.customerName = Names.at(i % Names.size());
        r.phone = QString::number(2125550000LL + i * 37);
        r.state = OutcomeState::Sold;
        r.final = true;
        r.vendorLeadId = i % 5 ? QString() : u"LEAD-"_s + QString::number(9000 + i);
        r.vendorTransactionId = i % 7 ? QString() : u"TX-"_s + QString::number(70000 + i);
        r.leadJson = "{}";
        m_records.append(r);
    }
    QVERIFY2(m_store->importRecords(m_records), qPrintable(m_store->lastError()));
}

void TestHistorySearch::sameRowsAsLike_data()
{
    QTest::addColumn<QString>("text");
    for (const QString &text :
         {u"nguyen"_s, u"NGUYEN"_s,       u"uyen"_s,    u"ngu"_s, u"ng"_s,         u"y"_s,   u"émile"_s,   u"Émile"_s,
          u"zola"_s,   u"ångström"_s,     u"\"q\""_s,   u"50%"_s, u"r_s"_s,        u"e_c"_s, u"lead-90"_s, u"tx-700"_s,
          u"555"_s,    u"(212) 555-00"_s, u"2125550"_s, u"12"_s,  u"nguyen 555"_s, u"a1b"_s, u"maria"_s,   u"xyzzy"_s})
        QTest::newRow(qPrintable(text)) << text;
}

void TestHistorySearch::sameRowsAsLike()
{
    QFETCH(QString, text);
    fill();
    QStringList expected;
    for (auto it = m_records.crbegin(); it != m_records.crend(); ++it) {
        if (matches(*it, text))
            expected.append(it->id);
    }
    QCOMPARE(m_store->count({.text = text}), expected.size());
    QStringList got;
    for (const SubmissionRecord &r :
         m_store->query({.text = text}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, int(m_records.size())))
        got.append(r.id);
    QCOMPARE(got, expected);
    // Keyset paging goes through the same conditions.
    if (expected.size() > 3) {
        const SubmissionRecord third = *m_store->record(expected.at(2));
        QStringList after;
        for (const SubmissionRecord &r :
             m_store->queryAfter({.text = text}, HistorySort::CreatedAt, Qt::DescendingOrder, third, 1000))
            after.append(r.id);
        QCOMPARE(after, expected.mid(3));
    }
}

void TestHistorySearch::indexFollowsWrites()
{
    const QString id = m_store->begin(makeStart(makeLead(u"Quentin"_s, u"Nakamura"_s, u"6175550123"_s)));
    QVERIFY2(!id.isEmpty(), qPrintable(m_store->lastError()));
    QCOMPARE(m_store->count({.text = u"nakamura"_s}), 1);
    QCOMPARE(m_store->count({.text = u"0123"_s}), 1);
    QCOMPARE(m_store->count({.text = u"ZX-4411"_s}), 0);

    // The vendor's answer brings its ids: searchable at once.
    Outcome answer = makeOutcome(OutcomeState::Accepted);
    answer.vendorLeadId = u"ZX-4411"_s;
    answer.vendorTransactionId = u"TRN-98765"_s;
    QVERIFY2(m_store->finish(id, answer, 120), qPrintable(m_store->lastError()));
    QCOMPARE(m_store->count({.text = u"zx-4411"_s}), 1);
    QCOMPARE(m_store->count({.text = u"trn-987"_s}), 1);
    QCOMPARE(m_store->count({.text = u"nakamura"_s}), 1);

    // A later answer replaces them: the old ids no longer find the row.
    answer.vendorLeadId = u"QQ-1000"_s;
    answer.vendorTransactionId = QString();
    QVERIFY(m_store->finish(id, answer, 130));
    QCOMPARE(m_store->count({.text = u"zx-4411"_s}), 0);
    QCOMPARE(m_store->count({.text = u"trn-987"_s}), 0);
    QCOMPARE(m_store->count({.text = u"qq-100"_s}), 1);

    // A row removed by another program leaves the index with it (SQLite keeps the index by triggers).
    if (!onPostgres()) {
        RawDb raw(m_location);
        QVERIFY(raw.exec(u"DELETE FROM submission_payloads"_s));
        QVERIFY(raw.exec(u"DELETE FROM submissions"_s));
        QCOMPARE(
            raw.scalar(u"SELECT COUNT(*) FROM submissions_search WHERE submissions_search MATCH '\"nak\"'"_s).toInt(),
            0);
        QVERIFY(raw.scalar(u"PRAGMA integrity_check"_s).toString() == u"ok"_s);
    }
}

void TestHistorySearch::migrationBackfills()
{
    fill();
    m_store.reset();
    {
        // Back to schema 5: no index.
        RawDb raw(m_location);
        if (onPostgres()) {
            QVERIFY(raw.exec(u"DROP INDEX submissions_search"_s));
        } else {
            for (const char *trigger : {"insert", "update", "delete"})
                QVERIFY(raw.exec(u"DROP TRIGGER submissions_search_"_s + QLatin1String(trigger)));
            QVERIFY(raw.exec(u"DROP TABLE submissions_search"_s));
        }
        QVERIFY(raw.exec(u"DELETE FROM schema_version WHERE version = 6"_s));
    }
    m_store = std::make_unique<HistoryStore>(m_location);
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    QCOMPARE(m_store->schemaVersion(), HistoryStore::knownSchemaVersion());
    qsizetype expected = 0;
    for (const SubmissionRecord &r : std::as_const(m_records))
        expected += matches(r, u"nguyen"_s) ? 1 : 0;
    QVERIFY(expected > 0);
    QCOMPARE(m_store->count({.text = u"nguyen"_s}), expected);
    if (!onPostgres()) {
        RawDb raw(m_location);
        // The index alone (before the exact LIKEs) holds every row with "guy" in a searched column.
        qint64 holding = 0;
        for (const SubmissionRecord &r : std::as_const(m_records))
            holding += matches(r, u"guy"_s) ? 1 : 0;
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submissions_search WHERE submissions_search MATCH '\"guy\"'"_s)
                     .toLongLong(),
                 holding);
    }
}

void TestHistorySearch::searchUsesIndex()
{
    fill();
    RawDb raw(m_location);
    const HistorySql::Where where = HistorySql::whereFor({.text = u"nguyen"_s}, !onPostgres());
    QSqlDatabase db = QSqlDatabase::database(raw.name(), false);
    QSqlQuery query(db);
    if (onPostgres()) {
        // A table this small would be read whole; ask the planner what it does when it may not.
        QVERIFY(query.exec(u"SET enable_seqscan = off"_s));
    }
    // EXPLAIN cannot be prepared on PostgreSQL: the test's own values (no quotes in them) go in as literals.
    QString sql =
        (onPostgres() ? u"EXPLAIN "_s : u"EXPLAIN QUERY PLAN "_s) + u"SELECT COUNT(*) FROM submissions"_s + where.sql();
    for (const QVariant &value : where.values) {
        QVERIFY(!value.toString().contains(u'\''));
        sql.replace(sql.indexOf(u'?'), 1, u'\'' + value.toString() + u'\'');
    }
    QVERIFY2(query.exec(sql), qPrintable(query.lastError().text()));
    QStringList plan;
    while (query.next())
        plan.append(query.value(onPostgres() ? 0 : 3).toString());
    const QString text = plan.join(u'\n');
    QVERIFY2(text.contains(onPostgres() ? u"submissions_search"_s : u"VIRTUAL TABLE INDEX"_s), qPrintable(text));
}

void TestHistorySearch::aboutThenExact()
{
    // More candidates than the estimate reads, and a figure that is not round: the estimate must say "about"
    // (two significant digits, within a few percent), never pass itself off as the count.
    const QDateTime base(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC);
    const int rows = 2 * HistorySearch::EstimateSample * 3 + 431;
    QList<SubmissionRecord> records;
    for (int i = 0; i < rows; ++i) {
        SubmissionRecord r;
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.createdAt = base.addSecs(i * 60);
        r.agent = u"maria.g"_s;
        r.vendorId = u"ntherm"_s;
        r.campaign = u"OHIO_GENERAL"_s;
        r.customerName = i % 2 ? u"Van Nguyen"_s : u"Ann Smith"_s;
        r.phone = QString::number(2125550000LL + i);
        r.state = OutcomeState::Sold;
        r.final = true;
        r.leadJson = "{}";
        records.append(r);
    }
    QVERIFY2(m_store->importRecords(records), qPrintable(m_store->lastError()));
    const qint64 exact = rows / 2;
    RawDb raw(m_location);
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submissions WHERE LOWER(customer_name) LIKE '%nguyen%'"_s).toLongLong(),
             exact);
    QCOMPARE(m_store->count({.text = u"nguyen"_s}), exact);

    bool isExact = true;
    const qint64 about = m_store->approximateCount({.text = u"nguyen"_s}, &isExact);
    if (onPostgres()) {
        // No estimate there: the count is the count.
        QVERIFY(isExact);
        QCOMPARE(about, exact);
    } else {
        QVERIFY(!isExact);
        QVERIFY2(qAbs(about - exact) <= exact / 10, qPrintable(QString::number(about)));
        QCOMPARE(about % 100, 0); // 3,215 shown as about 3,200 or so: the estimate does not look exact
    }

    // Few candidates: counted exactly at once, no "about".
    isExact = false;
    QCOMPARE(m_store->approximateCount({.text = u"2125550012"_s}, &isExact), 1);
    QVERIFY(isExact);
    // A filter besides the search: the exact count at once.
    isExact = false;
    QCOMPARE(m_store->approximateCount({.vendorId = u"ntherm"_s, .text = u"nguyen"_s}, &isExact), exact);
    QVERIFY(isExact);
}

void TestHistorySearch::countWithOtherFilters()
{
    // The count joins the index's rows to submissions: the other conditions must still mean submissions' columns.
    fill();
    for (const QString &text : {u"nguyen"_s, u"555"_s, u"lead-90"_s}) {
        for (const QString &vendor : {u"ntherm"_s, u"bhm"_s}) {
            qsizetype expected = 0;
            for (const SubmissionRecord &r : std::as_const(m_records))
                expected += r.vendorId == vendor && r.agent == u"bob.k"_s && matches(r, text) ? 1 : 0;
            QCOMPARE(m_store->count({.vendorId = vendor, .text = text, .agent = u"bob.k"_s}), expected);
            QCOMPARE(m_store
                         ->query({.vendorId = vendor, .text = text, .agent = u"bob.k"_s}, HistorySort::CreatedAt,
                                 Qt::DescendingOrder, 0, 1000)
                         .size(),
                     expected);
        }
    }
}

void TestHistorySearch::pageWithoutBodies()
{
    // The History tab's pages: the same rows in the same order, without the bodies it never shows.
    fill();
    const HistoryFilter filter{.text = u"nguyen"_s};
    const QList<SubmissionRecord> full = m_store->query(filter, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 50);
    const QList<SubmissionRecord> slim =
        m_store->query(filter, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 50, HistoryStore::Bodies::Skip);
    QVERIFY(!full.isEmpty());
    QCOMPARE(slim.size(), full.size());
    for (qsizetype i = 0; i < full.size(); ++i) {
        QCOMPARE(slim.at(i).id, full.at(i).id);
        QCOMPARE(slim.at(i).customerName, full.at(i).customerName);
        QVERIFY(!full.at(i).leadJson.isEmpty());
        QVERIFY(slim.at(i).leadJson.isEmpty());
    }
    const QList<SubmissionRecord> after = m_store->queryAfter(filter, HistorySort::CreatedAt, Qt::DescendingOrder,
                                                              full.first(), 10, HistoryStore::Bodies::Skip);
    QVERIFY(!after.isEmpty());
    QCOMPARE(after.first().id, full.at(1).id);
    QVERIFY(after.first().leadJson.isEmpty());
}

QTEST_GUILESS_MAIN(TestHistorySearch)
#include "tst_historysearch.moc"
