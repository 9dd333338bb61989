// SPDX-License-Identifier: GPL-3.0-or-later
// The team server going away (issue 9, item 2), on a throwaway cluster of this test's own (it is stopped and
// started under running desks, so never the shared fixture's):
// - mid-send: the vendor's answer arrives after the server went down; the desk keeps it in its side journal
//   (exit 4, saying so), and once the server is back any command on the same history applies it;
// - down from the start: nothing is sent, and the agent is told in plain words that the server cannot be reached.
#include "../TestData.h"
#include "../cli/CountingServer.h"
#include "TeamTestSupport.h"
#include "store/SideJournal.h"

#include <QDirIterator>

using namespace LeadRelay;
using namespace LeadRelay::TeamTest;

namespace
{

const QString Script = QStringLiteral(LEADRELAY_PG_CLUSTER_SCRIPT);
const QString Database = u"tt_loss"_s;
const QString Ann = u"tt_loss_ann"_s;

// Runs one statement as the superuser of this test's own cluster.
bool superuserExec(const QString &uri, const QString &sql)
{
    const QString name = u"loss-admin"_s;
    bool ok = false;
    {
        const HistoryLocation location = HistoryLocation::parse(uri);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(location.host());
        db.setPort(location.port());
        db.setUserName(location.user());
        db.setDatabaseName(location.database());
        QSqlQuery query(db);
        ok = db.open() && query.exec(sql);
        if (!ok)
            qWarning().noquote() << sql << db.lastError().text() << query.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QStringList journals(const QString &home)
{
    QStringList found;
    QDirIterator it(home, {u"*.answers"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        found.append(it.next());
    return found;
}

} // namespace

class TestTeamServerLoss : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!StoreTest::onPostgres())
            QSKIP("Needs PostgreSQL 15 (LEADRELAY_TEST_BACKEND=postgresql)");
        QVERIFY2(QFile::exists(Cli), qPrintable(Cli));
        QVERIFY(m_dir.isValid());
        m_state = m_dir.filePath(u"cluster.uri"_s);
        QVERIFY(cluster(u"start"_s));
        QFile state(m_state);
        QVERIFY(state.open(QIODevice::ReadOnly));
        const QString superuser = QString::fromUtf8(state.readAll()).trimmed();
        QVERIFY(superuserExec(superuser, u"CREATE DATABASE "_s + Database));
        m_owner = QString(superuser).replace(u"@/postgres?"_s, u"@/"_s + Database + u'?');
        {
            HistoryStore init(m_owner);
            QVERIFY2(init.open(), qPrintable(init.lastError()));
        }
        TeamAdmin admin(HistoryLocation::parse(m_owner));
        QVERIFY2(admin.connect() && admin.addUser(Ann, u"agent"_s, LoginPassword), qPrintable(admin.lastError()));
        m_ann = uriAs(m_owner, Ann);
    }

    void cleanupTestCase()
    {
        if (!m_state.isEmpty())
            cluster(u"stop"_s);
    }

    // A failed check must not leave the next test without its server.
    void cleanup()
    {
        if (m_paused)
            cluster(u"resume"_s);
    }

    void serverGoneMidSend()
    {
        const QString home = m_dir.filePath(u"desk-mid-send"_s);
        Test::CountingServer vendor;
        vendor.response = Test::CountingServer::answer(200, Test::testData(u"bhm/response-sold.json"_s));
        vendor.answerFirst = 0; // holds the request until told to answer
        const QString lead =
            writeFile(m_dir.filePath(u"mid-send.json"_s), QJsonDocument(leadWithPhone(u"(212) 736-9101"_s)).toJson());

        QProcess desk;
        desk.setProcessEnvironment(childEnvironment(home));
        desk.start(Cli, {u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--lead"_s, lead, u"--db"_s, m_ann, u"--endpoint"_s,
                         vendor.url(u"/post/energy/"_s), u"--timeout"_s, u"120"_s});
        QTRY_COMPARE_WITH_TIMEOUT(vendor.requests, 1, 30000);
        QCOMPARE(vendor.held.size(), 1);
        QCOMPARE(scalar(u"SELECT state FROM submissions WHERE phone = '2127369101'"_s).toString(), u"sending"_s);

        // The server goes away while the vendor is still thinking; then the vendor answers.
        QVERIFY(cluster(u"pause"_s));
        QTcpSocket *socket = vendor.held.constFirst();
        socket->write(vendor.response);
        socket->disconnectFromHost();
        QTRY_VERIFY_WITH_TIMEOUT(desk.state() == QProcess::NotRunning, 60000);
        const QByteArray out = desk.readAllStandardOutput();
        const QByteArray err = desk.readAllStandardError();
        const QString said = QString::fromUtf8(out + err);
        QVERIFY2(desk.exitStatus() == QProcess::NormalExit && desk.exitCode() == 4,
                 qPrintable(u"exit %1: %2"_s.arg(desk.exitCode()).arg(said)));
        const QJsonObject result = QJsonDocument::fromJson(out).object();
        QCOMPARE(result.value(u"outcome"_s).toString(), u"sold"_s); // the agent still learns the answer
        const QString id = result.value(u"id"_s).toString();
        QVERIFY(!id.isEmpty());
        const QStringList kept = journals(home);
        QCOMPARE(kept.size(), 1);
        QVERIFY2(err.contains(QByteArray("kept in " + kept.constFirst().toUtf8())), err.constData());
        QVERIFY2(err.contains("Do not resubmit"), err.constData());
        QVERIFY2(err.contains("cannot be reached"), err.constData()); // why, in plain words
        QCOMPARE(vendor.requests, 1);

        // The server is back: the next command of that desk on the same history applies the kept answer.
        QVERIFY(cluster(u"resume"_s));
        QCOMPARE(scalar(u"SELECT state FROM submissions WHERE id = '%1'"_s.arg(id)).toString(), u"sending"_s);
        const Run history = run({u"history"_s, u"--db"_s, m_ann, u"--format"_s, u"json"_s}, childEnvironment(home));
        QVERIFY2(history.code == 0, qPrintable(history.text()));
        const QJsonArray rows = QJsonDocument::fromJson(history.out).array();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(u"id"_s).toString(), id);
        QCOMPARE(rows.at(0).toObject().value(u"outcome"_s).toString(), u"sold"_s);
        QCOMPARE(scalar(u"SELECT state FROM submissions WHERE id = '%1'"_s.arg(id)).toString(), u"sold"_s);
        QCOMPARE(scalar(u"SELECT billable FROM submissions WHERE id = '%1'"_s.arg(id)).toInt(), 1);
        QCOMPARE(scalar(u"SELECT vendor_transaction_id FROM submissions WHERE id = '%1'"_s.arg(id)).toString(),
                 u"123456789"_s);
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM submissions"_s).toInt(), 1);
        QString error;
        QCOMPARE(SideJournal(kept.constFirst()).read(&error).size(), 0); // applied, so no longer waiting
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(vendor.requests, 1); // never resent
    }

    void serverDownFromTheStart()
    {
        const QString home = m_dir.filePath(u"desk-down"_s);
        Test::CountingServer vendor;
        vendor.response = Test::CountingServer::answer(200, Test::testData(u"bhm/response-sold.json"_s));
        const QString lead =
            writeFile(m_dir.filePath(u"down.json"_s), QJsonDocument(leadWithPhone(u"(212) 736-9102"_s)).toJson());
        QVERIFY(cluster(u"pause"_s));
        const Run submit = run({u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--lead"_s, lead, u"--db"_s, m_ann,
                                u"--endpoint"_s, vendor.url(u"/post/energy/"_s)},
                               childEnvironment(home));
        QTest::qWait(200); // a request would have arrived by now; there is nothing to poll for
        QVERIFY(cluster(u"resume"_s));
        QVERIFY2(submit.code == 2, qPrintable(u"exit %1: %2"_s.arg(submit.code).arg(submit.text())));
        QCOMPARE(vendor.requests, 0);
        QVERIFY2(submit.err.contains("team server cannot be reached"), submit.err.constData());
        QVERIFY(!submit.text().contains(LoginPassword));
        QCOMPARE(scalar(u"SELECT COUNT(*) FROM submissions WHERE phone = '2127369102'"_s).toInt(), 0);
        QVERIFY(journals(home).isEmpty());
    }

    // The app's case: a desk idle while the server restarts. Qt's driver closes the connection as soon as its
    // LISTEN socket sees the server go, without an error text; the next submission must connect again, not fail
    // on a closed connection until the app is restarted.
    void idleStoreConnectsAgainAfterARestart()
    {
        HistoryStore desk(m_ann);
        desk.setPassword(LoginPassword);
        QVERIFY2(desk.open(), qPrintable(desk.lastError()));
        QVERIFY(cluster(u"pause"_s));
        QTest::qWait(300); // the driver's socket notifier sees the server go
        QVERIFY(cluster(u"resume"_s));
        SubmissionStart start = StoreTest::makeStart(StoreTest::makeLead(u"Idle"_s, u"Desk"_s, u"2127369103"_s));
        const QString id = desk.begin(start);
        QVERIFY2(!id.isEmpty(), qPrintable(desk.lastError()));
        QCOMPARE(scalar(u"SELECT agent FROM submissions WHERE id = '%1'"_s.arg(id)).toString(), Ann);
    }

private:
    bool cluster(const QString &action)
    {
        QProcess script;
        script.start(u"bash"_s, {Script, action, m_state});
        const bool ok =
            script.waitForFinished(120000) && script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0;
        if (!ok)
            qWarning().noquote() << "pg-cluster.sh" << action << "failed:" << script.readAllStandardError();
        else if (action == u"pause"_s || action == u"resume"_s)
            m_paused = action == u"pause"_s;
        return ok;
    }

    QVariant scalar(const QString &sql)
    {
        StoreTest::RawDb raw(m_owner);
        return raw.scalar(sql);
    }

    QTemporaryDir m_dir;
    QString m_state;
    QString m_owner;
    QString m_ann;
    bool m_paused = false;
};

QTEST_GUILESS_MAIN(TestTeamServerLoss)
#include "tst_teamserverloss.moc"
