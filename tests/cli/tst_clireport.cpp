// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli report: each grouping and format, its figures against plain SQL over the history, filters,
// formula-safe CSV and usage errors.
#include "CliTestSupport.h"
#include "store/HistorySql.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

// Rows on three UTC days; an agent named like a spreadsheet formula.
QList<SubmissionRecord> records()
{
    const QDateTime base(QDate(2026, 11, 20), QTime(22, 30), Qt::UTC);
    const OutcomeState states[] = {OutcomeState::Sold,    OutcomeState::Accepted,        OutcomeState::Rejected,
                                   OutcomeState::Invalid, OutcomeState::DeliveryUnknown, OutcomeState::NotDelivered};
    QList<SubmissionRecord> list;
    for (int i = 0; i < 30; ++i) {
        SubmissionRecord r;
        r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.createdAt = base.addSecs(qint64(i) * 5400);
        r.answeredAt = r.createdAt.addSecs(2);
        r.agent = i % 3 == 0 ? u"=HYPERLINK(\"x\")"_s : u"maria.g"_s;
        r.vendorId = i % 2 ? u"bhm"_s : u"ntherm"_s;
        r.accountMode = i % 4 == 0 ? u"training"_s : u"production"_s;
        r.campaign = i % 2 ? u"TEXAS"_s : u"OHIO"_s;
        r.phone = QString::number(2125550000LL + i);
        r.leadJson = "{}";
        r.state = states[i % std::size(states)];
        r.final = r.state != OutcomeState::Accepted;
        r.billable = r.state == OutcomeState::Sold;
        list.append(r);
    }
    return list;
}

} // namespace

class TestCliReport : public QObject, public CliFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        checkSetUp();
        m_db = dbPath(u"report"_s);
        HistoryStore store(m_db);
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QVERIFY(store.importRecords(records()));
        // A buyer's return on one sold row.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"plain"_s);
        db.setDatabaseName(m_db);
        QVERIFY(db.open());
        QSqlQuery returned(db);
        QVERIFY(
            returned.exec(u"UPDATE submissions SET returned_at = '2026-11-23T00:00:00.000Z' "
                          "WHERE id = (SELECT id FROM submissions WHERE billable = 1 ORDER BY created_at LIMIT 1)"_s));
    }

    void cleanupTestCase()
    {
        QSqlDatabase::database(u"plain"_s, false).close();
        QSqlDatabase::removeDatabase(u"plain"_s);
    }

    void jsonMatchesPlainSql_data()
    {
        QTest::addColumn<QString>("by");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("where");
        QTest::newRow("day") << u"day"_s << u"substr(created_at, 1, 10)"_s << QStringList() << u"1 = 1"_s;
        QTest::newRow("vendor") << u"vendor"_s << u"vendor_id"_s << QStringList() << u"1 = 1"_s;
        QTest::newRow("agent, one vendor")
            << u"agent"_s << u"agent"_s << QStringList{u"--vendor"_s, u"bhm"_s} << u"vendor_id = 'bhm'"_s;
        QTest::newRow("campaign, one day") << u"campaign"_s << u"campaign"_s
                                           << QStringList{u"--since"_s, u"2026-11-21"_s, u"--until"_s, u"2026-11-21"_s}
                                           << u"created_at >= '2026-11-21' AND created_at < '2026-11-22'"_s;
        QTest::newRow("day, production, one agent")
            << u"day"_s << u"substr(created_at, 1, 10)"_s
            << QStringList{u"--mode"_s, u"production"_s, u"--agent"_s, u"maria.g"_s}
            << u"account_mode = 'production' AND agent = 'maria.g'"_s;
    }

    void jsonMatchesPlainSql()
    {
        QFETCH(QString, by);
        QFETCH(QString, key);
        QFETCH(QStringList, extra);
        QFETCH(QString, where);
        const Run result =
            run(QStringList{u"report"_s, u"--db"_s, m_db, u"--by"_s, by, u"--format"_s, u"json"_s} + extra);
        QCOMPARE(result.code, 0);
        const QJsonObject report = parseObject(result.out);
        QCOMPARE(report.value(u"by"_s).toString(), by);
        QMap<QString, QList<qint64>> actual;
        for (const QJsonValue &value : report.value(u"rows"_s).toArray()) {
            const QJsonObject row = value.toObject();
            QList<qint64> figures;
            for (const QString &name : {u"submissions"_s, u"sold_or_accepted"_s, u"rejected"_s, u"awaiting_final"_s,
                                        u"returned"_s, u"billable"_s, u"net_billable"_s})
                figures << row.value(name).toInteger();
            actual.insert(row.value(by).toString(), figures);
        }
        QSqlQuery query(QSqlDatabase::database(u"plain"_s));
        QVERIFY(query.exec(u"SELECT "_s + key +
                           u", COUNT(*), SUM(state IN ('sold', 'accepted')), SUM(state = 'rejected'), "
                           "SUM(state = 'accepted' AND final = 0), SUM(returned_at IS NOT NULL), SUM(billable), "
                           "SUM(billable = 1 AND returned_at IS NULL) FROM submissions WHERE "_s +
                           where + u" GROUP BY "_s + key));
        QMap<QString, QList<qint64>> expected;
        while (query.next()) {
            QList<qint64> figures;
            for (int column = 1; column <= 7; ++column)
                figures << query.value(column).toLongLong();
            expected.insert(query.value(0).toString(), figures);
        }
        QVERIFY(!expected.isEmpty());
        QCOMPARE(actual, expected);
        QVERIFY(report.contains(u"stale"_s));
    }

    void tableAndCsv()
    {
        const Run table = run({u"report"_s, u"--db"_s, m_db, u"--by"_s, u"vendor"_s});
        QCOMPARE(table.code, 0);
        const QStringList lines = QString::fromUtf8(table.out).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6); // header, rule, bhm, ntherm, total, awaiting/stale
        QVERIFY(lines.at(0).startsWith(u"Vendor"_s));
        QVERIFY(lines.at(2).startsWith(u"bhm"_s));
        QVERIFY(lines.at(3).startsWith(u"ntherm"_s));
        QVERIFY(lines.at(4).startsWith(u"Total"_s));
        QVERIFY(lines.at(4).contains(u"30"_s));
        // Right-aligned: the totals' column ends where the header's does.
        QCOMPARE(lines.at(4).indexOf(u"30"_s) + 2, lines.at(0).indexOf(u"Rows"_s) + 4);

        const Run csv = run({u"report"_s, u"--db"_s, m_db, u"--by"_s, u"agent"_s, u"--format"_s, u"csv"_s});
        QCOMPARE(csv.code, 0);
        const QList<QByteArray> rows = csv.out.split('\n');
        QVERIFY(rows.at(0).startsWith("agent,submissions,sent,sold_or_accepted,rate,"));
        QVERIFY(csv.out.endsWith("\r\n"));
        // The formula-like agent is neutralised as in the history's CSV.
        QVERIFY2(csv.out.contains("\"'=HYPERLINK(\"\"x\"\")\",10,"), csv.out.constData());
        QVERIFY(!csv.out.contains("\n=") && !csv.out.contains(",="));
        QVERIFY(rows.at(3).startsWith(",30,")); // the total
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("grouping") << QStringList{u"--by"_s, u"week"_s};
        QTest::newRow("day") << QStringList{u"--since"_s, u"21/11/2026"_s};
        QTest::newRow("vendor") << QStringList{u"--vendor"_s, u"acme"_s};
        QTest::newRow("format") << QStringList{u"--format"_s, u"xml"_s};
        QTest::newRow("mode") << QStringList{u"--mode"_s, u"live"_s};
        QTest::newRow("stale hours") << QStringList{u"--stale-hours"_s, u"0"_s};
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const Run result = run(QStringList{u"report"_s, u"--db"_s, m_db} + arguments);
        QCOMPARE(result.code, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY(!result.err.isEmpty());
    }

private:
    QString m_db;
};

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_clireport.moc"
