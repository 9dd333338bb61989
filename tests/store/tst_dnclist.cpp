// SPDX-License-Identifier: GPL-3.0-or-later
// The company do-not-call list, on both backends: entries never deleted, removals recorded, and a listed phone
// refused in the very transaction that would record (and so send) the lead. On the PostgreSQL run also the
// floor's roles, enforced by the server itself.
#include "StoreTestSupport.h"
#include "store/DncList.h"
#include "store/TeamAdmin.h"

#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

const QString Password = u"correct horse battery"_s;

QString uriAs(const QString &uri, const QString &user)
{
    return QString(uri).replace(u"postgres@"_s, user + u'@');
}

} // namespace

class TestDncList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void addListRemove();
    void removalNeedsAReasonAndIsKept();
    void entriesAreNeverDeleted();
    void listedPhoneIsRefusedBeforeRecording();
    void revocationOnAHistoryRowBlocksTheNextLead();
    void batchGroupIsRefusedToo();
    void importSkipsKnownAndInvalid();
    void teamAgentsAddOnlySupervisorsRemove();

private:
    QTemporaryDir m_dir;
    QString m_where;
    ManualClock m_clock;
    int m_run = 0;
};

void TestDncList::init()
{
    m_where = location(m_dir.filePath(u"dnc-%1.sqlite"_s.arg(++m_run)));
}

void TestDncList::addListRemove()
{
    HistoryStore store(m_where, m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    DncList list(&store);
    const auto entry = list.add(u"(614) 555-0134"_s, u"maria.g"_s, u"asked on the call"_s, u"form"_s);
    QVERIFY2(entry, qPrintable(list.lastError()));
    QCOMPARE(entry->phone, u"6145550134"_s);
    QCOMPARE(entry->addedAt, m_clock.now);
    // Adding again keeps the first entry (its time and agent are what counts).
    m_clock.now = m_clock.now.addSecs(60);
    const auto again = list.add(u"+1 614 555 0134"_s, u"other"_s, u"again"_s, u"cli"_s);
    QVERIFY(again);
    QCOMPARE(again->id, entry->id);
    const auto active = list.activeEntry(u"614-555-0134"_s);
    QVERIFY(active);
    QCOMPARE(active->addedBy, u"maria.g"_s);
    QCOMPARE(active->reason, u"asked on the call"_s);
    QCOMPARE(list.entries(false)->size(), 1);
    QVERIFY(!list.add(u"12345"_s, u"maria.g"_s, QString(), u"cli"_s));
    QVERIFY(!list.lastError().isEmpty());
    // Nothing but the phone given (the CLI without --reason): stored as empty text.
    QVERIFY2(list.add(u"6145550177"_s, QString(), QString(), QString()), qPrintable(list.lastError()));
    QVERIFY(list.remove(u"6145550177"_s, QString(), u"test"_s));
    QVERIFY(!list.lastError().isEmpty());
}

void TestDncList::removalNeedsAReasonAndIsKept()
{
    HistoryStore store(m_where, m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    DncList list(&store);
    QVERIFY(list.add(u"6145550134"_s, u"maria.g"_s, u"asked"_s, u"form"_s));
    QVERIFY(!list.remove(u"6145550134"_s, u"desk"_s, u"  "_s));
    QVERIFY(list.activeEntry(u"6145550134"_s));
    m_clock.now = m_clock.now.addDays(2);
    QVERIFY2(list.remove(u"6145550134"_s, u"desk"_s, u"customer called back and asked for offers"_s),
             qPrintable(list.lastError()));
    QVERIFY(!list.activeEntry(u"6145550134"_s));
    QVERIFY(!list.remove(u"6145550134"_s, u"desk"_s, u"twice"_s));
    const auto all = list.entries(true);
    QVERIFY(all);
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->first().removedAt, m_clock.now);
    QCOMPARE(all->first().removalReason, u"customer called back and asked for offers"_s);
    QVERIFY(list.entries(false)->isEmpty());
    // Listed again later: a new entry beside the removed one.
    QVERIFY(list.add(u"6145550134"_s, u"maria.g"_s, u"asked again"_s, u"form"_s));
    QCOMPARE(list.entries(true)->size(), 2);
}

void TestDncList::entriesAreNeverDeleted()
{
    {
        HistoryStore store(m_where, m_clock.clock());
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        DncList list(&store);
        QVERIFY(list.add(u"6145550134"_s, u"maria.g"_s, u"asked"_s, u"form"_s));
    }
    // Past the app, the way another program would try: the database itself refuses.
    RawDb raw(m_where);
    QVERIFY(!raw.exec(u"DELETE FROM dnc_entries"_s));
    QVERIFY(!raw.exec(u"UPDATE dnc_entries SET removed_at = '2026-01-01T00:00:00.000Z'"_s)); // no reason
    QVERIFY(!raw.exec(u"UPDATE dnc_entries SET phone = '6145550199'"_s));
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM dnc_entries WHERE removed_at IS NULL"_s).toInt(), 1);
}

void TestDncList::listedPhoneIsRefusedBeforeRecording()
{
    HistoryStore store(m_where, m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    DncList list(&store);
    QVERIFY(list.add(u"6145550134"_s, u"maria.g"_s, u"asked"_s, u"form"_s));
    // No duplicate window at all (as with --allow-duplicate): the list still refuses.
    const BeginResult refused = store.beginChecked(makeStart(makeLead(u"John"_s, u"Doe"_s, u"+1 (614) 555-0134"_s)));
    QVERIFY(refused.id.isEmpty());
    QVERIFY(refused.doNotCall);
    QCOMPARE(refused.doNotCall->reason, u"asked"_s);
    QVERIFY(store.lastError().contains(u"do-not-call"_s));
    QCOMPARE(store.count(HistoryFilter()), 0);
    // Another phone goes through.
    QVERIFY(!store.beginChecked(makeStart(makeLead(u"Jane"_s, u"Doe"_s, u"6145550135"_s))).id.isEmpty());
    // Removed with a reason: the phone may be sent again.
    QVERIFY(list.remove(u"6145550134"_s, u"desk"_s, u"entered by mistake"_s));
    QVERIFY(!store.beginChecked(makeStart(makeLead(u"John"_s, u"Doe"_s, u"6145550134"_s))).id.isEmpty());
}

void TestDncList::revocationOnAHistoryRowBlocksTheNextLead()
{
    HistoryStore store(m_where, m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    const QString first = store.begin(makeStart(makeLead(u"John"_s, u"Doe"_s, u"614.555.0134"_s)));
    QVERIFY(!first.isEmpty());
    QVERIFY(store.finish(first, makeOutcome(OutcomeState::Sold, true, true), 120));
    // The customer calls back and revokes: recorded from the history row.
    const auto record = store.record(first);
    QVERIFY(record);
    DncList list(&store);
    const auto entry = list.add(record->phone, u"maria.g"_s, u"revoked consent by phone"_s, u"history:"_s + first);
    QVERIFY2(entry, qPrintable(list.lastError()));
    QCOMPARE(entry->source, u"history:"_s + first);
    // The next lead to that phone, to another vendor, typed differently: refused, nothing recorded.
    m_clock.now = m_clock.now.addDays(40);
    const BeginResult next =
        store.beginChecked(makeStart(makeLead(u"Johnny"_s, u"Doe"_s, u"(614) 555-0134"_s), u"bhm"_s));
    QVERIFY(next.doNotCall);
    QVERIFY(next.id.isEmpty());
    QCOMPARE(store.count(HistoryFilter()), 1);
}

void TestDncList::batchGroupIsRefusedToo()
{
    HistoryStore store(m_where, m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    DncList list(&store);
    QVERIFY(list.add(u"6145550134"_s, u"maria.g"_s, u"asked"_s, u"cli"_s));
    GroupStart listed{makeStart(makeLead(u"John"_s, u"Doe"_s, u"6145550134"_s)), "key-1", u"batch"_s, 2};
    GroupStart other{makeStart(makeLead(u"Jane"_s, u"Roe"_s, u"6145550135"_s)), "key-2", u"batch"_s, 3};
    QList<BeginResult> begun;
    QVERIFY2(store.writeGroup({}, {listed, other}, &begun), qPrintable(store.lastError()));
    QCOMPARE(begun.size(), 2);
    QVERIFY(begun.at(0).doNotCall);
    QVERIFY(begun.at(0).id.isEmpty());
    QVERIFY(!begun.at(1).id.isEmpty());
    QCOMPARE(store.count(HistoryFilter()), 1);
}

void TestDncList::importSkipsKnownAndInvalid()
{
    HistoryStore store(m_where, m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    DncList list(&store);
    QVERIFY(list.add(u"6145550134"_s, u"maria.g"_s, u"asked"_s, u"form"_s));
    QStringList invalid;
    const int added =
        list.import({u"6145550134"_s, u"614-555-0135"_s, u"not a number"_s, u""_s, u"16145550136"_s, u"6145550135"_s},
                    u"sue"_s, u"old list"_s, &invalid);
    QCOMPARE(added, 2);
    QCOMPARE(invalid, QStringList{u"not a number"_s});
    QCOMPARE(list.entries(false)->size(), 3);
}

void TestDncList::teamAgentsAddOnlySupervisorsRemove()
{
    if (!onPostgres())
        QSKIP("Team roles need the PostgreSQL test cluster");
    {
        HistoryStore owner(m_where, m_clock.clock());
        QVERIFY2(owner.open(), qPrintable(owner.lastError()));
        TeamAdmin admin(owner.location());
        QVERIFY2(admin.connect(), qPrintable(admin.lastError()));
        // Logins are cluster-wide: names of this test only.
        for (const auto &[name, role] :
             {std::pair{u"dnc_ann"_s, u"agent"_s}, std::pair{u"dnc_sue"_s, u"supervisor"_s}}) {
            adminExec(u"postgres"_s, u"DROP OWNED BY "_s + name);
            adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS "_s + name);
            QVERIFY2(admin.addUser(name, role, Password), qPrintable(admin.lastError()));
        }
    }
    HistoryStore agent(uriAs(m_where, u"dnc_ann"_s), m_clock.clock());
    agent.setPassword(Password);
    QVERIFY2(agent.open(), qPrintable(agent.lastError()));
    DncList agentList(&agent);
    const auto entry = agentList.add(u"6145550134"_s, u"someone else"_s, u"asked"_s, u"form"_s);
    QVERIFY2(entry, qPrintable(agentList.lastError()));
    // The agent of an entry is the login, whatever the client says.
    QCOMPARE(agentList.activeEntry(u"6145550134"_s)->addedBy, u"dnc_ann"_s);
    QVERIFY(!agentList.remove(u"6145550134"_s, u"dnc_ann"_s, u"please"_s));
    // The agent's own send is refused by the list, even though RLS hides other agents' rows.
    QVERIFY(agent.beginChecked(makeStart(makeLead(u"John"_s, u"Doe"_s, u"6145550134"_s, u"dnc_ann"_s))).doNotCall);

    // Past the app: the server itself refuses the agent's removal and anybody's deletion.
    {
        const HistoryLocation server = HistoryLocation::parse(m_where);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"dnc-agent-raw"_s);
        db.setHostName(server.host());
        db.setPort(server.port());
        db.setDatabaseName(server.database());
        db.setUserName(u"dnc_ann"_s);
        db.setPassword(Password);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery query(db);
        QVERIFY(query.exec(u"SELECT COUNT(*) FROM dnc_entries"_s) && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        QVERIFY(!query.exec(u"UPDATE dnc_entries SET removed_at = 'x', removal_reason = 'r'"_s));
        QVERIFY(!query.exec(u"DELETE FROM dnc_entries"_s));
        QVERIFY(query.exec(u"SELECT COUNT(*) FROM dnc_entries WHERE removed_at IS NULL"_s) && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"dnc-agent-raw"_s);
    HistoryStore supervisor(uriAs(m_where, u"dnc_sue"_s), m_clock.clock());
    supervisor.setPassword(Password);
    QVERIFY2(supervisor.open(), qPrintable(supervisor.lastError()));
    DncList supervisorList(&supervisor);
    QVERIFY2(supervisorList.remove(u"6145550134"_s, u"not me"_s, u"entered by mistake"_s),
             qPrintable(supervisorList.lastError()));
    const auto all = supervisorList.entries(true);
    QVERIFY(all);
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->first().removedBy, u"dnc_sue"_s);
    QVERIFY(!agentList.activeEntry(u"6145550134"_s));
}

QTEST_GUILESS_MAIN(TestDncList)
#include "tst_dnclist.moc"
