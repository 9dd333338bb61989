// SPDX-License-Identifier: GPL-3.0-or-later
// Several leadrelay-cli processes sending the same lead into one history at the same instant: the duplicate
// guard and the durable row are one atomic step, so exactly one request reaches the vendor, every time.
#include "PipelineTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

const QString &Cli = CliPath;
const QString &SampleLead = SampleLeadPath;

} // namespace

class TestDuplicateRace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(QFile::exists(Cli), qPrintable(Cli)); }

    void sameLeadAtTheSameInstantIsSentOnce_data()
    {
        QTest::addColumn<int>("processes");
        QTest::addColumn<int>("rounds");
        QTest::newRow("2 processes") << 2 << 10;
        QTest::newRow("3 processes") << 3 << 8;
    }

    void sameLeadAtTheSameInstantIsSentOnce()
    {
        QFETCH(int, processes);
        QFETCH(int, rounds);
        CannedServer server;
        server.response = CannedServer::answer(200, testData(u"bhm/response-sold.json"_s));
        const QProcessEnvironment environment = bhmEnvironment();

        for (int round = 0; round < rounds; ++round) {
            QTemporaryDir dir;
            QVERIFY(dir.isValid());
            const QString db = dir.filePath(u"shared.sqlite"_s);
            server.requests = 0;
            std::vector<std::unique_ptr<QProcess>> children;
            for (int i = 0; i < processes; ++i) {
                auto child = std::make_unique<QProcess>();
                child->setProcessEnvironment(environment);
                children.push_back(std::move(child));
            }
            // Started back to back, without waiting: they reach the history within milliseconds of each other.
            for (auto &child : children)
                child->start(Cli, {u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--lead"_s, SampleLead, u"--db"_s, db,
                                   u"--endpoint"_s, server.url(u"/post/energy/"_s).toString()});
            QTRY_VERIFY_WITH_TIMEOUT(std::all_of(children.begin(), children.end(),
                                                 [](const auto &c) { return c->state() == QProcess::NotRunning; }),
                                     60000);
            int sent = 0;
            QString firstId;
            QStringList named;
            for (auto &child : children) {
                const QByteArray out = child->readAllStandardOutput();
                const QJsonObject result = QJsonDocument::fromJson(out).object();
                if (child->exitCode() == 0) {
                    ++sent;
                    QCOMPARE(result.value(u"outcome"_s).toString(), u"sold"_s);
                    firstId = result.value(u"id"_s).toString();
                } else {
                    QVERIFY2(child->exitCode() == 1, child->readAllStandardError().constData());
                    QCOMPARE(result.value(u"outcome"_s).toString(), u"duplicate"_s);
                    named.append(result.value(u"messages"_s).toArray().first().toString());
                }
            }
            QVERIFY2(server.requests == 1, qPrintable(u"round %1: %2 requests"_s.arg(round).arg(server.requests)));
            QCOMPARE(sent, 1);
            for (const QString &message : std::as_const(named))
                QVERIFY2(message.contains(firstId), qPrintable(message)); // refused, naming the one that went
            HistoryStore store(db);
            QVERIFY(store.open());
            QCOMPARE(store.count(HistoryFilter{}), qint64(1));
        }
    }
};

QTEST_GUILESS_MAIN(TestDuplicateRace)
#include "tst_duplicaterace.moc"
