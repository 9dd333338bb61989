// SPDX-License-Identifier: GPL-3.0-or-later
// Team mode on a real PostgreSQL server (the "postgres" CTest fixture): roles enforced by the database itself.
// Every check that matters is made with raw SQL as the login, the way a user with psql and the same password
// would try, not only through the app's store.
#include "StoreTestSupport.h"
#include "TeamLogin.h"
#include "store/TeamAdmin.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

class TestTeamRoles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void agentsSeeAndChangeOnlyTheirOwnRows();
    void agentColumnComesFromTheLogin();
    void supervisorReadsAllAndChangesNothing();
    void receiverOnlyAppliesFinalResults();
    void duplicateGuardCoversTheFloor();
    void changesReachOtherConnections();
    void teamLoginCannotMigrate();
    void checkServerSaysWhatIsWrong();
    void addUserRefusesBadNames();

private:
    std::unique_ptr<HistoryStore> storeAs(const QString &user)
    {
        auto store = std::make_unique<HistoryStore>(uriAs(m_database, user), m_clock.clock());
        store->setPassword(Password);
        if (!store->open())
            qWarning() << "open as" << user << "failed:" << store->lastError();
        return store;
    }

    QTemporaryDir m_dir;
    QString m_database;
    ManualClock m_clock;
};

void TestTeamRoles::initTestCase()
{
    if (!onPostgres())
        QSKIP("Needs the PostgreSQL test cluster (LEADRELAY_TEST_BACKEND=postgresql)");
    const QString owner = location(m_dir.filePath(u"team"_s));
    m_database = HistoryLocation::parse(owner).database();
    HistoryStore init(owner);
    QVERIFY2(init.open(), qPrintable(init.lastError()));
    QCOMPARE(init.role(), HistoryStore::Role::Owner);
    TeamAdmin admin(HistoryLocation::parse(owner));
    QVERIFY2(admin.connect(), qPrintable(admin.lastError()));
    // Logins are cluster-wide: names unique to this run.
    for (const auto &[name, role] : {std::pair{u"ann"_s, u"agent"_s}, std::pair{u"bob"_s, u"agent"_s},
                                     std::pair{u"sue"_s, u"supervisor"_s}, std::pair{u"rex"_s, u"receiver"_s}}) {
        adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + name);
        QVERIFY2(admin.addUser(name, role, Password), qPrintable(admin.lastError()));
    }
    const auto users = admin.users();
    QVERIFY(users);
    // Logins are cluster-wide and other tests add theirs in parallel: look for ours, not at the total.
    QStringList names;
    for (const TeamAdmin::User &user : *users)
        names << user.name;
    for (const QString &name : {u"ann"_s, u"bob"_s, u"sue"_s, u"rex"_s})
        QVERIFY2(names.contains(name), qPrintable(name));
}

void TestTeamRoles::agentsSeeAndChangeOnlyTheirOwnRows()
{
    auto ann = storeAs(u"ann"_s);
    auto bob = storeAs(u"bob"_s);
    QCOMPARE(ann->role(), HistoryStore::Role::Agent);
    const QString annRow = ann->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"2127365100"_s)));
    const QString bobRow = bob->begin(makeStart(makeLead(u"Bob"_s, u"Ray"_s, u"2127365101"_s)));
    QVERIFY2(!annRow.isEmpty() && !bobRow.isEmpty(), qPrintable(ann->lastError() + bob->lastError()));
    QVERIFY(!ann->record(bobRow));
    QVERIFY(ann->record(annRow));
    QVERIFY(!ann->finish(bobRow, makeOutcome(OutcomeState::Sold, true, true), 1));

    // As psql would: read, change and delete Bob's rows as Ann.
    Login psql(m_database, u"ann"_s);
    QVERIFY2(psql.isOpen(), qPrintable(psql.error()));
    QCOMPARE(psql.exec(u"SELECT COUNT(*) FROM submissions WHERE agent = 'bob'"_s), 0);
    QCOMPARE(psql.exec(u"SELECT COUNT(*) FROM submission_payloads WHERE submission_id = '%1'"_s.arg(bobRow)), 0);
    QCOMPARE(psql.exec(u"UPDATE submissions SET state = 'sold' WHERE id = '%1'"_s.arg(bobRow)), 0);
    QCOMPARE(psql.exec(u"UPDATE submissions SET agent = 'ann' WHERE id = '%1'"_s.arg(bobRow)), 0);
    QCOMPARE(psql.exec(u"DELETE FROM submissions WHERE id = '%1'"_s.arg(bobRow)), -1);
    QVERIFY2(psql.error().contains(u"permission denied"_s), qPrintable(psql.error()));
    QCOMPARE(psql.exec(u"DELETE FROM submissions WHERE id = '%1'"_s.arg(annRow)), -1); // history is append-only
    QCOMPARE(psql.exec(u"UPDATE submissions SET agent = 'bob' WHERE id = '%1'"_s.arg(annRow)), 1); // trigger keeps ann
    QCOMPARE(psql.exec(u"TRUNCATE submissions"_s), -1);
    QCOMPARE(psql.exec(u"ALTER TABLE submissions DISABLE ROW LEVEL SECURITY"_s), -1);

    RawDb raw(serverUri(m_database));
    QCOMPARE(raw.scalar(u"SELECT state FROM submissions WHERE id = '%1'"_s.arg(bobRow)).toString(), u"sending"_s);
    QCOMPARE(raw.scalar(u"SELECT agent FROM submissions WHERE id = '%1'"_s.arg(annRow)).toString(), u"ann"_s);
    QCOMPARE(raw.scalar(u"SELECT agent FROM submissions WHERE id = '%1'"_s.arg(bobRow)).toString(), u"bob"_s);
}

void TestTeamRoles::agentColumnComesFromTheLogin()
{
    auto ann = storeAs(u"ann"_s);
    // The form says someone else; the server writes the login.
    const QString id = ann->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"2127365102"_s, u"bob"_s)));
    QVERIFY2(!id.isEmpty(), qPrintable(ann->lastError()));
    QCOMPARE(ann->record(id)->agent, u"ann"_s);
    Login psql(m_database, u"ann"_s);
    QCOMPARE(psql.exec(u"INSERT INTO submissions (id, created_at, vendor_id, state, agent) "
                       "VALUES ('forged', '2026-01-01T00:00:00.000Z', 'ntherm', 'sold', 'bob')"_s),
             1);
    RawDb raw(serverUri(m_database));
    QCOMPARE(raw.scalar(u"SELECT agent FROM submissions WHERE id = 'forged'"_s).toString(), u"ann"_s);
}

void TestTeamRoles::supervisorReadsAllAndChangesNothing()
{
    auto sue = storeAs(u"sue"_s);
    QCOMPARE(sue->role(), HistoryStore::Role::Supervisor);
    QVERIFY(sue->count({}) >= 2);
    QVERIFY(sue->agents().contains(u"ann"_s));
    QVERIFY(sue->agents().contains(u"bob"_s));
    QVERIFY(sue->begin(makeStart(makeLead(u"Sue"_s, u"Kim"_s, u"2127365103"_s))).isEmpty());
    Login psql(m_database, u"sue"_s);
    QVERIFY(psql.exec(u"SELECT COUNT(*) FROM submissions"_s) >= 2);
    QCOMPARE(psql.exec(u"UPDATE submissions SET state = 'sold'"_s), -1);
    QCOMPARE(psql.exec(u"DELETE FROM submissions"_s), -1);
    QCOMPARE(psql.exec(u"INSERT INTO submissions (id, created_at, vendor_id, state) VALUES ('x', 'x', 'x', 'x')"_s),
             -1);
    QCOMPARE(psql.exec(u"UPDATE team_settings SET value = 'http://evil'"_s), -1);
}

void TestTeamRoles::receiverOnlyAppliesFinalResults()
{
    auto ann = storeAs(u"ann"_s);
    const QString token = u"tok-"_s + QUuid::createUuid().toString(QUuid::Id128);
    const QString id = ann->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"2127365104"_s), u"ntherm"_s, token));
    QVERIFY(ann->finish(id, makeOutcome(OutcomeState::Accepted), 5));

    auto rex = storeAs(u"rex"_s);
    QVERIFY2(rex->isOpen(), qPrintable(rex->lastError()));
    QCOMPARE(rex->role(), HistoryStore::Role::Receiver);
    QCOMPARE(rex->finalise(u"no-such-token"_s, makeOutcome(OutcomeState::Sold, true, true)), std::nullopt);
    QCOMPARE(rex->finalise(token, makeOutcome(OutcomeState::Sold, true, true)), std::optional<QString>(id));
    QCOMPARE(ann->record(id)->state, OutcomeState::Sold);
    QVERIFY(ann->record(id)->final);
    QCOMPARE(rex->count({}), -1); // reads nothing
    QVERIFY(rex->begin(makeStart(makeLead(u"Rex"_s, u"Roe"_s, u"2127365105"_s))).isEmpty());

    Login psql(m_database, u"rex"_s);
    QCOMPARE(psql.exec(u"SELECT COUNT(*) FROM submissions"_s), -1);
    QCOMPARE(psql.exec(u"SELECT COUNT(*) FROM submission_payloads"_s), -1);
    QCOMPARE(psql.exec(u"UPDATE submissions SET state = 'sold'"_s), -1);
    QCOMPARE(psql.exec(u"SELECT COUNT(*) FROM leadrelay_find_duplicate('2127365104', 'ntherm', '', '', '', '')"_s), -1);
}

void TestTeamRoles::duplicateGuardCoversTheFloor()
{
    auto ann = storeAs(u"ann"_s);
    auto bob = storeAs(u"bob"_s);
    SubmissionStart start = makeStart(makeLead(u"Cat"_s, u"Fox"_s, u"2127365106"_s));
    start.duplicateSince = m_clock.now.addDays(-30);
    const BeginResult first = ann->beginChecked(start);
    QVERIFY2(!first.id.isEmpty(), qPrintable(ann->lastError()));
    // Bob cannot read Ann's row, yet the guard sees it.
    const BeginResult second = bob->beginChecked(start);
    QVERIFY(second.id.isEmpty());
    QVERIFY(second.duplicate);
    QCOMPARE(second.duplicate->id, first.id);
}

void TestTeamRoles::changesReachOtherConnections()
{
    auto sue = storeAs(u"sue"_s);
    auto ann = storeAs(u"ann"_s);
    QSignalSpy changed(sue.get(), &HistoryStore::changed);
    const QString id = ann->begin(makeStart(makeLead(u"Dan"_s, u"Poe"_s, u"2127365107"_s)));
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 1, 10000);
    QCOMPARE(changed.constFirst().constFirst().toString(), id);
}

void TestTeamRoles::teamLoginCannotMigrate()
{
    // A fresh database the owner has not initialised: a floor login is told to ask for team init.
    const QString fresh = location(m_dir.filePath(u"uninitialised"_s));
    const QString database = HistoryLocation::parse(fresh).database();
    HistoryStore ann(uriAs(database, u"ann"_s));
    ann.setPassword(Password);
    QVERIFY(!ann.open());
    QVERIFY2(ann.lastError().contains(u"team init"_s), qPrintable(ann.lastError()));
}

void TestTeamRoles::checkServerSaysWhatIsWrong()
{
    HistoryLocation good = HistoryLocation::parse(uriAs(m_database, u"ann"_s));
    good.setPassword(Password);
    QCOMPARE(HistoryStore::checkServer(good), QString());
    HistoryLocation wrong = good;
    wrong.setPassword(u"not the password"_s);
    QVERIFY2(HistoryStore::checkServer(wrong).contains(u"user name or password"_s),
             qPrintable(HistoryStore::checkServer(wrong)));
    HistoryLocation away =
        HistoryLocation::parse(uriAs(m_database, u"ann"_s).replace(QRegularExpression(u"port=\\d+"_s), u"port=1"_s));
    away.setPassword(Password);
    QVERIFY2(HistoryStore::checkServer(away).contains(u"cannot be reached"_s),
             qPrintable(HistoryStore::checkServer(away)));
    const QString fresh = location(m_dir.filePath(u"uninitialised"_s));
    HistoryLocation empty = HistoryLocation::parse(uriAs(HistoryLocation::parse(fresh).database(), u"ann"_s));
    empty.setPassword(Password);
    QVERIFY2(HistoryStore::checkServer(empty).contains(u"not initialised"_s),
             qPrintable(HistoryStore::checkServer(empty)));
}

void TestTeamRoles::addUserRefusesBadNames()
{
    TeamAdmin admin(HistoryLocation::parse(serverUri(m_database)));
    QVERIFY(admin.connect());
    for (const QString &name : {u"Robert'); DROP TABLE submissions;--"_s, u"leadrelay_agent"_s, u""_s, u"1abc"_s}) {
        QVERIFY(!admin.addUser(name, u"agent"_s, Password));
        QVERIFY(!admin.lastError().isEmpty());
    }
    QVERIFY(!admin.addUser(u"carl"_s, u"admin"_s, Password));
    QVERIFY(!admin.addUser(u"carl"_s, u"agent"_s, u"short"_s));
    // A login of the floor is not an administrator.
    HistoryLocation ann = HistoryLocation::parse(uriAs(m_database, u"ann"_s));
    ann.setPassword(Password);
    TeamAdmin asAgent(ann);
    QVERIFY(!asAgent.connect());
    QVERIFY2(asAgent.lastError().contains(u"owner"_s), qPrintable(asAgent.lastError()));
}

QTEST_GUILESS_MAIN(TestTeamRoles)
#include "tst_teamroles.moc"
