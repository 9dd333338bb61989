// SPDX-License-Identifier: GPL-3.0-or-later
// The consent evidence on a team server (the "postgres" CTest fixture), checked as the floor's logins with raw SQL:
// agents append records (chained onto the floor's newest, which they cannot read) and change none; supervisors
// verify, write scripts and apply retention; nobody updates or deletes a record.
#include "StoreTestSupport.h"
#include "TeamLogin.h"
#include "store/TeamAdmin.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

class TestConsentRoles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void agentsAppendAndChangeNothing();
    void supervisorVerifiesWritesScriptsAppliesRetention();

private:
    std::unique_ptr<HistoryStore> storeAs(const QString &user)
    {
        auto store = std::make_unique<HistoryStore>(uriAs(m_database, user), m_clock.clock());
        store->setPassword(Password);
        if (!store->open())
            qWarning() << "open as" << user << "failed:" << store->lastError();
        return store;
    }
    SubmissionStart consentStart(HistoryStore &store, const QString &first, const QString &phone)
    {
        const ConsentScript script = *store.consentScript(u"energy-en"_s);
        Lead lead = makeLead(first, u"Doe"_s, phone);
        for (const QString &question : script.questions)
            lead.consent.append({question, u"Yes"_s});
        lead.consentScript = script.reference();
        SubmissionStart start = makeStart(lead);
        start.consent = ConsentEvidence::content(lead, script, {});
        return start;
    }

    QTemporaryDir m_dir;
    QString m_database;
    ManualClock m_clock;
};

void TestConsentRoles::initTestCase()
{
    if (!onPostgres())
        QSKIP("Needs the PostgreSQL test cluster (LEADRELAY_TEST_BACKEND=postgresql)");
    const QString owner = location(m_dir.filePath(u"consent-team"_s));
    m_database = HistoryLocation::parse(owner).database();
    HistoryStore init(owner);
    QVERIFY2(init.open(), qPrintable(init.lastError()));
    TeamAdmin admin(HistoryLocation::parse(owner));
    QVERIFY2(admin.connect(), qPrintable(admin.lastError()));
    // Logins are cluster-wide: names unique to this test.
    for (const auto &[name, role] : {std::pair{u"cagent1"_s, u"agent"_s}, std::pair{u"cagent2"_s, u"agent"_s},
                                     std::pair{u"csuper"_s, u"supervisor"_s}}) {
        adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + name);
        QVERIFY2(admin.addUser(name, role, Password), qPrintable(admin.lastError()));
    }
}

void TestConsentRoles::agentsAppendAndChangeNothing()
{
    auto one = storeAs(u"cagent1"_s);
    auto two = storeAs(u"cagent2"_s);
    const QString first = one->begin(consentStart(*one, u"Ann"_s, u"2127365201"_s));
    QVERIFY2(!first.isEmpty(), qPrintable(one->lastError()));
    // The second agent cannot see the first one's record, yet chains onto it.
    const QString second = two->begin(consentStart(*two, u"Bob"_s, u"2127365202"_s));
    QVERIFY2(!second.isEmpty(), qPrintable(two->lastError()));
    QVERIFY(!two->consentRecord(first));
    QCOMPARE(two->consentRecord(second)->seq, 2);
    QCOMPARE(two->consentRecord(second)->prevHash, one->consentRecord(first)->recordHash);
    QCOMPARE(two->consentRecord(second)->content[u"agent"_s].toString(), u"cagent2"_s);
    // Checking the floor's chain is not an agent's to do: it sees only its own records.
    QCOMPARE(two->verifyEvidence().problem, EvidenceCheck::Problem::Unreadable);

    Login psql(m_database, u"cagent1"_s);
    QVERIFY2(psql.isOpen(), qPrintable(psql.error()));
    QCOMPARE(psql.exec(u"UPDATE consent_records SET content = NULL"_s), -1);
    QCOMPARE(psql.exec(u"DELETE FROM consent_records"_s), -1);
    QCOMPARE(psql.exec(u"SELECT COUNT(*) FROM consent_records"_s), 1);
    // Neither a script nor retention is an agent's.
    QCOMPARE(psql.exec(u"INSERT INTO consent_scripts (script_id, version, created_at) VALUES ('x', 1, 'x')"_s), -1);
    QCOMPARE(psql.exec(u"SELECT submissions FROM leadrelay_retention_apply('9999', '9999')"_s), -1);
    ConsentScript script = *one->consentScript(u"energy-en"_s);
    QVERIFY(!one->saveConsentScript(&script));
}

void TestConsentRoles::supervisorVerifiesWritesScriptsAppliesRetention()
{
    auto sue = storeAs(u"csuper"_s);
    QCOMPARE(sue->role(), HistoryStore::Role::Supervisor);
    EvidenceCheck check = sue->verifyEvidence();
    QVERIFY2(check.ok(), qPrintable(check.message));
    QCOMPARE(check.records, 2);
    ConsentScript script = *sue->consentScript(u"energy-es"_s);
    script.purpose = u"Llamadas sobre ofertas de energía"_s;
    QVERIFY2(sue->saveConsentScript(&script), qPrintable(sue->lastError()));
    QCOMPARE(script.version, 2);
    QCOMPARE(script.createdBy, u"csuper"_s);

    Login psql(m_database, u"csuper"_s);
    QCOMPARE(psql.exec(u"UPDATE consent_records SET content = NULL"_s), -1);
    QCOMPARE(psql.exec(u"DELETE FROM consent_records"_s), -1);
    QCOMPARE(psql.exec(u"UPDATE consent_scripts SET disclosure = 'x'"_s), -1);

    const auto result = sue->applyRetention(QDateTime::currentDateTimeUtc().addYears(100), false);
    QVERIFY2(result.ok, qPrintable(sue->lastError()));
    QCOMPARE(result.records, 2);
    check = sue->verifyEvidence();
    QVERIFY2(check.ok(), qPrintable(check.message));
    QCOMPARE(check.tombstones, 2);
    QCOMPARE(sue->count({}), 2);
}

QTEST_GUILESS_MAIN(TestConsentRoles)
#include "tst_consentroles.moc"
