// SPDX-License-Identifier: GPL-3.0-or-later
// Buyers' returns (issue 10, item 5): a returns file matched, recorded once, and reported line by line; on both
// backends, and on a team server with the roles the database enforces.
#include "../store/StoreTestSupport.h"
#include "pipeline/ReturnsImport.h"
#include "store/TeamAdmin.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

const QString Vendor = u"ntherm"_s;
const QDate Today(2026, 11, 30);

SubmissionRecord row(const QString &id, const QDateTime &created, const QString &phone, const QString &leadId,
                     const QString &transactionId, bool billable = true, const QString &agent = u"maria.g"_s,
                     const QString &vendor = Vendor)
{
    SubmissionRecord r;
    r.id = id;
    r.createdAt = created;
    r.answeredAt = created.addSecs(2);
    r.agent = agent;
    r.vendorId = vendor;
    r.accountMode = u"production"_s;
    r.campaign = u"OHIO_GENERAL"_s;
    r.customerName = u"Pat Doe"_s;
    r.phone = phone;
    r.leadJson = R"({"first_name":"Pat"})";
    r.state = billable ? OutcomeState::Sold : OutcomeState::Rejected;
    r.billable = billable;
    r.final = true;
    r.vendorLeadId = leadId;
    r.vendorTransactionId = transactionId;
    r.durationMs = 100;
    return r;
}

QDateTime at(int day, int hour = 15)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, 0), Qt::UTC);
}

} // namespace

class TestReturns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void appliedTwiceChangesTheHistoryOnce();
    void reportsUnmatchedAndAmbiguousLinesWithLineNumbers();
    void differentReasonIsAConflictAndChangesNothing();
    void mappedColumnsAndUsDates();
    void malformedFileIsRefusedAndChangesNothing_data();
    void malformedFileIsRefusedAndChangesNothing();
    void returnedRowsStopCountingAsBillable();
    void agentCannotReturnAnotherAgentsRowButSupervisorCan();

private:
    int returnedRows()
    {
        RawDb raw(m_where);
        return raw.scalar(u"SELECT COUNT(*) FROM submissions WHERE returned_at IS NOT NULL"_s).toInt();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_where;
    ManualClock m_clock;
    std::unique_ptr<HistoryStore> m_store;
};

void TestReturns::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_where = location(m_dir->filePath(u"history.sqlite"_s) + QString::fromLatin1(QTest::currentTestFunction()) +
                       QString::fromLatin1(QTest::currentDataTag()));
    m_store = std::make_unique<HistoryStore>(m_where, m_clock.clock());
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    // a1: by lead id; a2: by transaction id; a3 and a4: the same phone on other days; b1, b2: one phone sent twice
    // on one day (ambiguous by phone); r1: rejected (not billable); o1: another vendor with a1's lead id.
    QVERIFY2(m_store->importRecords({
                 row(u"a1"_s, at(2), u"2125550101"_s, u"L-1"_s, u"T-1"_s),
                 row(u"a2"_s, at(3), u"2125550102"_s, u"L-2"_s, u"T-2"_s),
                 row(u"a3"_s, at(4), u"2125550103"_s, u"L-3"_s, u"T-3"_s),
                 row(u"a4"_s, at(10), u"2125550103"_s, u"L-4"_s, u"T-4"_s),
                 row(u"b1"_s, at(5, 14), u"2125550105"_s, u"L-5"_s, u"T-5"_s),
                 row(u"b2"_s, at(5, 16), u"2125550105"_s, u"L-6"_s, u"T-6"_s),
                 row(u"r1"_s, at(6), u"2125550107"_s, u"L-7"_s, u"T-7"_s, false),
                 row(u"o1"_s, at(2), u"2125550101"_s, u"L-1"_s, u"T-1"_s, true, u"maria.g"_s, u"bhm"_s),
             }),
             qPrintable(m_store->lastError()));
}

void TestReturns::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestReturns::appliedTwiceChangesTheHistoryOnce()
{
    const QByteArray file = "lead_id,transaction_id,phone,lead_date,return_date,reason\r\n"
                            "L-1,,,,2026-11-20,Disconnected number\r\n"
                            ",T-2,,,2026-11-21,Duplicate\r\n"
                            ",,(212) 555-0103,2026-11-04,2026-11-22,Wrong number\r\n";
    ReturnsImport first;
    QVERIFY2(first.parse(file), qPrintable(first.error()));
    QVERIFY2(first.match(*m_store, Vendor, Today), qPrintable(first.error()));
    QCOMPARE(first.count(ReturnResult::Status::ToReturn), 3);
    QCOMPARE(returnedRows(), 0); // matching alone writes nothing
    QSignalSpy changed(m_store.get(), &HistoryStore::changed);
    QVERIFY2(first.apply(*m_store), qPrintable(first.error()));
    QCOMPARE(first.count(ReturnResult::Status::Returned), 3);
    QCOMPARE(changed.size(), 3);
    QCOMPARE(returnedRows(), 3);
    QCOMPARE(first.results().at(0).submissionId, u"a1"_s);
    QCOMPARE(first.results().at(0).matchedBy, u"lead_id"_s);
    QCOMPARE(first.results().at(1).submissionId, u"a2"_s);
    QCOMPARE(first.results().at(1).matchedBy, u"transaction_id"_s);
    QCOMPARE(first.results().at(2).submissionId, u"a3"_s); // not a4: sent on another day
    QCOMPARE(first.results().at(2).matchedBy, u"phone"_s);
    const auto a1 = m_store->record(u"a1"_s);
    QVERIFY(a1);
    QCOMPARE(a1->returnedAt, QDateTime(QDate(2026, 11, 20), QTime(0, 0), Qt::UTC));
    QCOMPARE(a1->returnReason, u"Disconnected number"_s);
    QCOMPARE(a1->returnRecordedAt, m_clock.now);
    QVERIFY(!m_store->record(u"o1"_s)->isReturned()); // the same lead id at another vendor is another lead

    // The same file again, later: every line is recognised, nothing is written (not even the recorded time).
    m_clock.now = m_clock.now.addDays(1);
    RawDb raw(m_where);
    ReturnsImport second;
    QVERIFY(second.parse(file));
    QVERIFY(second.match(*m_store, Vendor, Today));
    QCOMPARE(second.count(ReturnResult::Status::AlreadyReturned), 3);
    QCOMPARE(second.count(ReturnResult::Status::ToReturn), 0);
    changed.clear();
    QVERIFY(second.apply(*m_store));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(returnedRows(), 3);
    QCOMPARE(m_store->record(u"a1"_s)->returnRecordedAt, a1->returnRecordedAt);
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submissions WHERE return_recorded_at > '2026-11-23'"_s).toInt(), 0);
}

void TestReturns::reportsUnmatchedAndAmbiguousLinesWithLineNumbers()
{
    // Line 3's reason spans two lines, so the later lines' numbers are file lines, not record numbers.
    const QByteArray file = "lead_id,phone,lead_date,reason\n"
                            "NOPE-1,,,Disputed\n"
                            "L-1,,,\"Customer says\n never asked\"\n"
                            ",2125550105,2026-11-05,Duplicate\n"
                            ",2125550107,2026-11-06,Rejected one\n"
                            ",,,No key at all\n";
    ReturnsImport import;
    QVERIFY2(import.parse(file), qPrintable(import.error()));
    QVERIFY(import.match(*m_store, Vendor, Today));
    const QList<ReturnResult> &results = import.results();
    QCOMPARE(results.size(), 5);
    QCOMPARE(results.at(0).data.line, 2);
    QCOMPARE(results.at(0).status, ReturnResult::Status::Unmatched);
    QVERIFY2(ReturnsImport::describe(results.at(0), Vendor).startsWith(u"line 2: no submission to ntherm"_s),
             qPrintable(ReturnsImport::describe(results.at(0), Vendor)));
    QCOMPARE(results.at(1).data.line, 3);
    QCOMPARE(results.at(1).status, ReturnResult::Status::ToReturn);
    QCOMPARE(results.at(2).data.line, 5);
    QCOMPARE(results.at(2).status, ReturnResult::Status::Ambiguous);
    QCOMPARE(results.at(2).candidates, (QStringList{u"b1"_s, u"b2"_s}));
    QVERIFY(ReturnsImport::describe(results.at(2), Vendor).startsWith(u"line 5: 2 submissions fit (b1, b2)"_s));
    QCOMPARE(results.at(3).data.line, 6);
    QCOMPARE(results.at(3).status, ReturnResult::Status::Unmatched); // rejected: nothing was billed to return
    QCOMPARE(results.at(4).data.line, 7);
    QCOMPARE(results.at(4).status, ReturnResult::Status::Unmatched);
    QVERIFY(import.apply(*m_store));
    QCOMPARE(returnedRows(), 1); // only the one clear match; the ambiguous pair is left alone
    QCOMPARE(m_store->record(u"a1"_s)->returnReason, u"Customer says\n never asked"_s);
    QVERIFY(!m_store->record(u"b1"_s)->isReturned());
}

void TestReturns::differentReasonIsAConflictAndChangesNothing()
{
    ReturnsImport first;
    QVERIFY(first.parse("lead_id,return_date,reason\nL-1,2026-11-20,Duplicate\n"));
    QVERIFY(first.match(*m_store, Vendor, Today) && first.apply(*m_store));
    ReturnsImport second;
    QVERIFY(second.parse("lead_id,return_date,reason\nL-1,2026-11-25,Wrong number\nL-2,,Duplicate\n"
                         "L-2,,duplicate\nL-2,,Other\n"));
    QVERIFY(second.match(*m_store, Vendor, Today));
    QCOMPARE(second.results().at(0).status, ReturnResult::Status::Conflict);
    QVERIFY(ReturnsImport::describe(second.results().at(0), Vendor).contains(u"\"Duplicate\""_s));
    // Two lines of one file for one lead: the first counts, the same reason again is no news, another conflicts.
    QCOMPARE(second.results().at(1).status, ReturnResult::Status::ToReturn);
    QCOMPARE(second.results().at(2).status, ReturnResult::Status::AlreadyReturned);
    QCOMPARE(second.results().at(3).status, ReturnResult::Status::Conflict);
    QVERIFY(second.apply(*m_store));
    const auto a1 = m_store->record(u"a1"_s);
    QCOMPARE(a1->returnReason, u"Duplicate"_s);
    QCOMPARE(a1->returnedAt.date(), QDate(2026, 11, 20));
    // No return date in the file: dated the day of the import.
    QCOMPARE(m_store->record(u"a2"_s)->returnedAt.date(), Today);
}

void TestReturns::mappedColumnsAndUsDates()
{
    ReturnsImport import;
    QString error;
    QVERIFY(import.setColumn(u"Lead ID=lead_id"_s, &error));
    QVERIFY(import.setColumn(u"Return Reason=reason"_s, &error));
    QVERIFY(import.setColumn(u"Returned=return_date"_s, &error));
    QVERIFY(!import.setColumn(u"Whatever=colour"_s, &error));
    QVERIFY(error.contains(u"colour"_s));
    QVERIFY2(import.parse("\xEF\xBB\xBFLead ID,Customer,Returned,Return Reason\nL-3,Pat,11/21/2026,Fraud\n"),
             qPrintable(import.error()));
    QVERIFY(import.match(*m_store, Vendor, Today) && import.apply(*m_store));
    QCOMPARE(m_store->record(u"a3"_s)->returnedAt.date(), QDate(2026, 11, 21));
    QCOMPARE(m_store->record(u"a3"_s)->returnReason, u"Fraud"_s);
}

void TestReturns::malformedFileIsRefusedAndChangesNothing_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("error");
    QTest::newRow("quote never closed") << QByteArray("lead_id,reason\nL-1,ok\nL-2,\"Dup\nL-3,x\n")
                                        << u"line 3: a quoted cell is never closed"_s;
    QTest::newRow("empty") << QByteArray("\n\n") << u"no header row"_s;
    QTest::newRow("no key column") << QByteArray("customer,reason\nPat,Dup\n") << u"line 1: the header names none"_s;
    QTest::newRow("bad date") << QByteArray("lead_id,return_date\nL-1,2026-11-20\nL-2,yesterday\n")
                              << u"line 3: return_date 'yesterday' is not a date"_s;
    QTest::newRow("impossible date") << QByteArray("lead_id,return_date\nL-1,13/45/2026\n")
                                     << u"line 2: return_date '13/45/2026' is not a date"_s;
    QTest::newRow("too many cells") << QByteArray("lead_id,reason\nL-1,Dup\nL-2,Dup,extra\n")
                                    << u"line 3: 3 cells, but the header names 2 columns"_s;
    QTest::newRow("not utf-8") << QByteArray("lead_id,reason\nL-1,D\xE9j\xE0 vu\n") << u"not UTF-8"_s;
}

void TestReturns::malformedFileIsRefusedAndChangesNothing()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, error);
    ReturnsImport import;
    QVERIFY(!import.parse(file));
    QVERIFY2(import.error().contains(error), qPrintable(import.error()));
    QVERIFY(import.lines().isEmpty()); // the good lines before the bad one are not kept either
    QVERIFY(import.match(*m_store, Vendor, Today));
    QVERIFY(import.apply(*m_store));
    QCOMPARE(returnedRows(), 0);
}

void TestReturns::returnedRowsStopCountingAsBillable()
{
    QVERIFY(m_store->record(u"a1"_s)->countsAsBillable());
    ReturnsImport import;
    QVERIFY(import.parse("lead_id,reason\nL-1,Disputed\n"));
    QVERIFY(import.match(*m_store, Vendor, Today) && import.apply(*m_store));
    const auto a1 = m_store->record(u"a1"_s);
    QVERIFY(a1->billable); // what the vendor said is kept
    QVERIFY(!a1->countsAsBillable());
    const QByteArray csv = historyCsvRow(*a1);
    QVERIFY2(csv.contains(",0,1,200,L-1,T-1,") || csv.contains(",0,1,,L-1,T-1,"), csv.constData());
    QVERIFY(csv.contains("2026-11-30T00:00:00.000Z,Disputed\r\n"));
    const QJsonObject json = historyJson(*a1);
    QCOMPARE(json.value(u"billable"_s).toBool(), false);
    QCOMPARE(json.value(u"return_reason"_s).toString(), u"Disputed"_s);
    QCOMPARE(json.value(u"returned_at"_s).toString(), u"2026-11-30T00:00:00.000Z"_s);
}

void TestReturns::agentCannotReturnAnotherAgentsRowButSupervisorCan()
{
    if (!onPostgres())
        QSKIP("Roles are a team server's (LEADRELAY_TEST_BACKEND=postgresql)");
    const QString password = u"correct horse battery"_s;
    const QString database = HistoryLocation::parse(m_where).database();
    TeamAdmin admin(HistoryLocation::parse(m_where));
    QVERIFY2(admin.connect(), qPrintable(admin.lastError()));
    // Logins are cluster-wide: names of this test's own.
    for (const auto &[name, role] : {std::pair{u"ret_ann"_s, u"agent"_s}, std::pair{u"ret_bob"_s, u"agent"_s},
                                     std::pair{u"ret_sue"_s, u"supervisor"_s}}) {
        adminExec(u"postgres"_s, u"DROP OWNED BY "_s + name + u" CASCADE"_s);
        adminExec(database, u"DROP OWNED BY "_s + name + u" CASCADE"_s);
        adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + name);
        QVERIFY2(admin.addUser(name, role, password), qPrintable(admin.lastError()));
    }
    QVERIFY(m_store->importRecords({row(u"ann1"_s, at(7), u"2125550111"_s, u"L-A"_s, u"T-A"_s, true, u"ret_ann"_s),
                                    row(u"bob1"_s, at(7), u"2125550112"_s, u"L-B"_s, u"T-B"_s, true, u"ret_bob"_s)}));
    auto storeAs = [&](const QString &user) {
        auto store =
            std::make_unique<HistoryStore>(serverUri(database).replace(u"postgres@"_s, user + u'@'), m_clock.clock());
        store->setPassword(password);
        if (!store->open())
            qWarning() << "open as" << user << "failed:" << store->lastError();
        return store;
    };
    const QByteArray file = "lead_id,phone,reason\nL-B,,Disputed\n,2125550112,Disputed\nL-A,,Disputed\n";

    auto ann = storeAs(u"ret_ann"_s);
    QCOMPARE(ann->role(), HistoryStore::Role::Agent);
    ReturnsImport asAnn;
    QVERIFY(asAnn.parse(file));
    QVERIFY2(asAnn.match(*ann, Vendor, Today), qPrintable(asAnn.error()));
    // Bob's row is not even visible to Ann: unmatched, by id and by phone.
    QCOMPARE(asAnn.results().at(0).status, ReturnResult::Status::Unmatched);
    QCOMPARE(asAnn.results().at(1).status, ReturnResult::Status::Unmatched);
    QCOMPARE(asAnn.results().at(2).status, ReturnResult::Status::ToReturn);
    QVERIFY(asAnn.apply(*ann));
    // Past the matching, straight to the store with Bob's id: the database changes nothing.
    const auto forced = ann->recordReturns({{u"bob1"_s, at(20), u"Forced"_s}});
    QVERIFY(!forced || forced->isEmpty());
    QVERIFY(!m_store->record(u"bob1"_s)->isReturned());
    QVERIFY(m_store->record(u"ann1"_s)->isReturned());

    auto sue = storeAs(u"ret_sue"_s);
    QCOMPARE(sue->role(), HistoryStore::Role::Supervisor);
    ReturnsImport asSue;
    QVERIFY(asSue.parse(file));
    QVERIFY2(asSue.match(*sue, Vendor, Today), qPrintable(asSue.error()));
    QCOMPARE(asSue.results().at(0).status, ReturnResult::Status::ToReturn);
    QCOMPARE(asSue.results().at(2).status, ReturnResult::Status::AlreadyReturned);
    QVERIFY2(asSue.apply(*sue), qPrintable(asSue.error()));
    QCOMPARE(asSue.count(ReturnResult::Status::Returned), 1);
    QCOMPARE(m_store->record(u"bob1"_s)->returnReason, u"Disputed"_s);
    // A return stands once recorded: recording it again changes nothing.
    const auto again = sue->recordReturns({{u"bob1"_s, at(21), u"Again"_s}});
    QVERIFY2(again && again->isEmpty(), qPrintable(sue->lastError()));
}

QTEST_GUILESS_MAIN(TestReturns)
#include "tst_returns.moc"
