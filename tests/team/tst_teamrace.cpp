// SPDX-License-Identifier: GPL-3.0-or-later
// The floor-wide duplicate guard across processes (issue 9, item 3): two agents, each their own login and their
// own leadrelay-cli process, send the same phone to the same vendor at the same instant into the team database.
// Row-level security hides each agent's rows from the other, so only the server's own lock can make check and
// insert one step: exactly one request reaches the vendor, every round, and the other agent is told which
// submission went.
#include "../TestData.h"
#include "../cli/CountingServer.h"
#include "TeamTestSupport.h"

using namespace LeadRelay;
using namespace LeadRelay::TeamTest;

namespace
{

const QString Ann = u"tt_race_ann"_s;
const QString Bob = u"tt_race_bob"_s;

} // namespace

class TestTeamRace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!StoreTest::onPostgres())
            QSKIP("Needs the PostgreSQL test cluster (LEADRELAY_TEST_BACKEND=postgresql)");
        QVERIFY2(QFile::exists(Cli), qPrintable(Cli));
        m_owner = makeTeamDatabase(u"tt_race"_s, {{Ann, u"agent"_s}, {Bob, u"agent"_s}});
        QVERIFY(!m_owner.isEmpty());
    }

    void samePhoneFromTwoDesksIsSentOnce()
    {
        constexpr int Rounds = 10;
        Test::CountingServer vendor;
        vendor.response = Test::CountingServer::answer(200, Test::testData(u"bhm/response-sold.json"_s));
        QVERIFY(vendor.isListening());
        QTemporaryDir homes;
        QVERIFY(homes.isValid());
        const QStringList logins{Ann, Bob};

        for (int round = 0; round < Rounds; ++round) {
            // A phone of its own per round: the guard looks back 30 days, so an earlier round's row would refuse it.
            const QString phone = u"(212) 736-6%1"_s.arg(round, 3, 10, QChar(u'0'));
            const QString lead =
                writeFile(homes.filePath(u"lead-%1.json"_s.arg(round)), QJsonDocument(leadWithPhone(phone)).toJson());
            QVERIFY(!lead.isEmpty());
            vendor.requests = 0;
            std::vector<std::unique_ptr<QProcess>> desks;
            for (const QString &login : logins) {
                auto desk = std::make_unique<QProcess>();
                desk->setProcessEnvironment(childEnvironment(homes.filePath(login)));
                desks.push_back(std::move(desk));
            }
            // Started back to back, without waiting: both reach the server within milliseconds of each other.
            for (int i = 0; i < int(desks.size()); ++i)
                desks[i]->start(Cli, {u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--lead"_s, lead, u"--db"_s,
                                      uriAs(m_owner, logins.at(i)), u"--endpoint"_s, vendor.url(u"/post/energy/"_s)});
            QTRY_VERIFY_WITH_TIMEOUT(std::all_of(desks.begin(), desks.end(),
                                                 [](const auto &d) { return d->state() == QProcess::NotRunning; }),
                                     60000);

            QString sentId;
            QString sender;
            QStringList refusals;
            for (int i = 0; i < int(desks.size()); ++i) {
                QProcess &desk = *desks[i];
                const QByteArray out = desk.readAllStandardOutput();
                const QByteArray err = desk.readAllStandardError();
                const QJsonObject result = QJsonDocument::fromJson(out).object();
                const QString where = u"round %1, %2: exit %3\n%4%5"_s.arg(round)
                                          .arg(logins.at(i))
                                          .arg(desk.exitCode())
                                          .arg(QString::fromUtf8(out), QString::fromUtf8(err));
                QVERIFY2(desk.exitStatus() == QProcess::NormalExit, qPrintable(where));
                if (desk.exitCode() == 0) {
                    QVERIFY2(sentId.isEmpty(), qPrintable(u"both sent: "_s + where));
                    QCOMPARE(result.value(u"outcome"_s).toString(), u"sold"_s);
                    sentId = result.value(u"id"_s).toString();
                    sender = logins.at(i);
                } else {
                    QVERIFY2(desk.exitCode() == 1, qPrintable(where));
                    QVERIFY2(result.value(u"outcome"_s).toString() == u"duplicate"_s, qPrintable(where));
                    refusals.append(result.value(u"messages"_s).toArray().first().toString() + QString::fromUtf8(err));
                }
            }
            QVERIFY2(vendor.requests == 1,
                     qPrintable(u"round %1: %2 requests left for one lead"_s.arg(round).arg(vendor.requests)));
            QVERIFY(!sentId.isEmpty());
            QCOMPARE(refusals.size(), 1);
            QVERIFY2(refusals.constFirst().contains(sentId), qPrintable(refusals.constFirst()));

            // One row for the phone, written by the desk that sent it, with its login as the agent.
            StoreTest::RawDb raw(m_owner);
            const QString digits = u"2127366%1"_s.arg(round, 3, 10, QChar(u'0'));
            QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submissions WHERE phone = '%1'"_s.arg(digits)).toInt(), 1);
            QCOMPARE(raw.scalar(u"SELECT agent FROM submissions WHERE phone = '%1'"_s.arg(digits)).toString(), sender);
            QCOMPARE(raw.scalar(u"SELECT id FROM submissions WHERE phone = '%1'"_s.arg(digits)).toString(), sentId);
        }
        StoreTest::RawDb raw(m_owner);
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submissions"_s).toInt(), Rounds);
    }

private:
    QString m_owner;
};

QTEST_GUILESS_MAIN(TestTeamRace)
#include "tst_teamrace.moc"
