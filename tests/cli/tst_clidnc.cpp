// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli dnc as a user runs it: the company list refuses a lead before anything leaves (exit 1, a plain
// message, the JSON says do_not_call), removals need a reason and are kept, and registry downloads are found,
// also by `submit`, which keeps what it found in the lead's consent record as the form does.
#include "../TestData.h"
#include "CliTestSupport.h"
#include "CountingServer.h"
#include "store/HistoryStore.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestCliDnc : public QObject, public CliFixture
{
    Q_OBJECT

    Run runAsync(const QStringList &arguments)
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(Cli, arguments);
        Run result;
        if (!process.waitForStarted(10000) ||
            !QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 90000)) {
            process.kill();
            process.waitForFinished();
            result.err = "timed out";
            return result;
        }
        result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

private Q_SLOTS:
    void initTestCase() { checkSetUp(); }

    void listedPhoneIsRefusedBeforeSending()
    {
        CountingServer server;
        QVERIFY(server.isListening());
        server.response = CountingServer::answer(200, testData(u"bhm/response-sold.json"_s));
        const QString db = m_home.filePath(u"dnc.sqlite"_s);
        const QStringList submit{u"submit"_s,
                                 u"--vendor"_s,
                                 u"bhm"_s,
                                 u"--lead"_s,
                                 SampleLead,
                                 u"--db"_s,
                                 db,
                                 u"--endpoint"_s,
                                 server.url(u"/post/energy/"_s),
                                 u"--allow-duplicate"_s};

        Run added = run({u"dnc"_s, u"add"_s, u"310.555.1212"_s, u"--reason"_s, u"asked on the call"_s, u"--db"_s, db});
        QCOMPARE(added.code, 0);
        QCOMPARE(parseObject(added.out).value(u"phone"_s).toString(), u"3105551212"_s);

        Run refused = runAsync(submit);
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains("asked not to be called"), refused.err.constData());
        QCOMPARE(parseObject(refused.out).value(u"outcome"_s).toString(), u"do_not_call"_s);
        QCOMPARE(server.requests, 0);

        // A removal needs a reason; then the lead goes.
        QCOMPARE(run({u"dnc"_s, u"remove"_s, u"3105551212"_s, u"--db"_s, db}).code, 1);
        QCOMPARE(
            run({u"dnc"_s, u"remove"_s, u"3105551212"_s, u"--reason"_s, u"entered by mistake"_s, u"--db"_s, db}).code,
            0);
        Run sent = runAsync(submit);
        QCOMPARE(sent.code, 0);
        QCOMPARE(server.requests, 1);

        // The removal is kept beside the entry.
        Run listed = run({u"dnc"_s, u"list"_s, u"--all"_s, u"--json"_s, u"--db"_s, db});
        QCOMPARE(listed.code, 0);
        const QJsonObject entry = parseObject(listed.out.trimmed());
        QCOMPARE(entry.value(u"removal_reason"_s).toString(), u"entered by mistake"_s);
        QCOMPARE(run({u"dnc"_s, u"list"_s, u"--db"_s, db}).out.trimmed(), QByteArray());
    }

    void importAndRegistry()
    {
        const QString db = m_home.filePath(u"registry.sqlite"_s);
        QFile list(m_home.filePath(u"company.txt"_s));
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write("3105551213\nnot a phone\n\"(310) 555-1214\",old\n");
        list.close();
        Run imported = run({u"dnc"_s, u"import"_s, list.fileName(), u"--db"_s, db});
        QCOMPARE(imported.code, 0);
        QVERIFY(imported.err.contains("not a phone"));
        QCOMPARE(run({u"dnc"_s, u"check"_s, u"3105551214"_s, u"--db"_s, db, u"--registry"_s, m_home.filePath(u"reg"_s)})
                     .code,
                 1);

        QFile download(m_home.filePath(u"310.txt"_s));
        QVERIFY(download.open(QIODevice::WriteOnly));
        download.write("3105550001\n3105550002\n");
        download.close();
        const QString registry = m_home.filePath(u"reg"_s);
        Run registered = run({u"dnc"_s, u"registry"_s, u"import"_s, download.fileName(), u"--list"_s, u"national"_s,
                              u"--date"_s, u"2026-11-28"_s, u"--registry"_s, registry});
        QCOMPARE(registered.code, 0);
        Run checked = run({u"dnc"_s, u"check"_s, u"(310) 555-0002"_s, u"--db"_s, db, u"--registry"_s, registry});
        QCOMPARE(checked.code, 1);
        const QJsonObject result = parseObject(checked.out);
        QCOMPARE(result.value(u"company_list_hit"_s).toBool(), false);
        QCOMPARE(result.value(u"registry_hits"_s).toArray().first().toObject().value(u"download_date"_s).toString(),
                 u"2026-11-28"_s);
        QCOMPARE(run({u"dnc"_s, u"check"_s, u"3105550003"_s, u"--db"_s, db, u"--registry"_s, registry}).code, 0);
        QCOMPARE(run({u"dnc"_s, u"registry"_s, u"import"_s, download.fileName(), u"--list"_s, u"national"_s,
                      u"--registry"_s, registry})
                     .code,
                 2); // no date
    }

    void submitKeepsRegistryHitsInTheConsentRecord()
    {
        QFile download(m_home.filePath(u"310-submit.txt"_s));
        QVERIFY(download.open(QIODevice::WriteOnly));
        download.write("3105551212\n3105550001\n"); // the sample lead's number first
        download.close();
        const QString registry = m_home.filePath(u"reg-submit"_s);
        QCOMPARE(run({u"dnc"_s, u"registry"_s, u"import"_s, download.fileName(), u"--list"_s, u"national"_s,
                      u"--date"_s, u"2026-11-28"_s, u"--registry"_s, registry})
                     .code,
                 0);
        const QString db = m_home.filePath(u"registry-submit.sqlite"_s);
        const Run sent = run({u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--training"_s, u"--lead"_s, SampleLead, u"--db"_s,
                              db, u"--registry"_s, registry});
        QCOMPARE(sent.code, 0); // a registry hit is the agent's to weigh against the consent: it is sent, and kept
        const QString id = parseObject(sent.out).value(u"id"_s).toString();
        QVERIFY2(!id.isEmpty(), sent.out.constData());

        HistoryStore store(db);
        QVERIFY(store.open());
        const auto record = store.consentRecord(id);
        QVERIFY(record);
        const QJsonObject dnc = record->content.value(u"dnc"_s).toObject();
        QCOMPARE(dnc.value(u"phone"_s).toString(), u"3105551212"_s);
        QCOMPARE(dnc.value(u"company_list_hit"_s).toBool(true), false);
        const QJsonArray hits = dnc.value(u"registry_hits"_s).toArray();
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().toObject().value(u"download_date"_s).toString(), u"2026-11-28"_s);
        QVERIFY(!dnc.value(u"checked_at_utc"_s).toString().isEmpty());
        QVERIFY(store.verifyEvidence().ok());
    }
};

QTEST_GUILESS_MAIN(TestCliDnc)
#include "tst_clidnc.moc"
