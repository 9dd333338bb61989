// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli callbacks serving HTTPS itself (--tls-cert, --tls-key), its refusals of wrong certificate files,
// and submit refusing a callback base that would send the token in clear.
#include "../net/ReceiverTestSupport.h"
#include "../net/TlsTestSupport.h"
#include "CliTestSupport.h"
#include "net/CallbackReceiver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSslSocket>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestCliCallbacks : public QObject, public CliFixture
{
    Q_OBJECT

    TlsPair m_pair;
    TlsPair m_other;

private Q_SLOTS:
    void initTestCase()
    {
        checkSetUp();
        QVERIFY(QSslSocket::supportsSsl());
        m_pair = makeTlsPair(m_home, u"receiver"_s);
        m_other = makeTlsPair(m_home, u"other"_s);
        QVERIFY2(!m_pair.certificate.isEmpty() && !m_other.certificate.isEmpty(), "openssl failed");
    }

    void callbacksServeHttps()
    {
        const QString db = dbPath(u"tls"_s);
        const QString token = CallbackReceiver::newToken();
        QString id;
        {
            HistoryStore store(db);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            id = waitingRow(store, token);
            QVERIFY(!id.isEmpty());
        }

        QProcess receiver;
        receiver.setProcessEnvironment(environment());
        receiver.start(Cli, {u"callbacks"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db, u"--tls-cert"_s,
                             m_pair.certificate, u"--tls-key"_s, m_pair.key});
        QVERIFY(receiver.waitForStarted());
        const QStringList lines = waitForLine(receiver);
        static const QRegularExpression listening(u"^listening on (https://127\\.0\\.0\\.1:\\d+)$"_s);
        const QRegularExpressionMatch match = listening.match(lines.constFirst());
        QVERIFY2(match.hasMatch(), qPrintable(lines.constFirst() + QString::fromUtf8(receiver.readAllStandardError())));

        // The vendor's call: HTTPS, the receiver's certificate trusted as a CA would make it.
        QNetworkAccessManager nam;
        QNetworkRequest request(CallbackReceiver::callbackUrl(QUrl(match.captured(1)), u"ntherm"_s, token));
        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        trusting.setCaCertificates(certificatesIn(m_pair.certificate));
        request.setSslConfiguration(trusting);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(nam.post(request, SoldCallback));
        QVERIFY(QTest::qWaitFor([&reply] { return reply->isFinished(); }, 20000));
        QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

        const QJsonArray rows = historyRows(db);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(u"id"_s).toString(), id);
        QVERIFY(rows.at(0).toObject().value(u"final"_s).toBool());

        receiver.terminate(); // SIGTERM: a clean quit
        QVERIFY(receiver.waitForFinished(10000));
        QCOMPARE(receiver.exitCode(), 0);
        const QByteArray log =
            lines.mid(1).join(u'\n').toUtf8() + receiver.readAllStandardOutput() + receiver.readAllStandardError();
        QVERIFY2(log.contains(QByteArray("ntherm " + token.left(6).toLatin1() + " 200 applied")), log.constData());
        QVERIFY2(!log.contains(token.toLatin1()), log.constData()); // never the whole token
        QVERIFY2(!log.contains("PRIVATE KEY"), log.constData());
    }

    void tlsMistakesAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("tls");
        QTest::addColumn<QString>("message");
        const QString missing = m_home.filePath(u"missing-key.pem"_s);
        QTest::newRow("key file missing") << QStringList{u"--tls-cert"_s, m_pair.certificate, u"--tls-key"_s, missing}
                                          << u"The private key file %1 does not exist."_s.arg(missing);
        QTest::newRow("certificate without key")
            << QStringList{u"--tls-cert"_s, m_pair.certificate} << u"--tls-cert and --tls-key go together"_s;
        QTest::newRow("key of another certificate")
            << QStringList{u"--tls-cert"_s, m_pair.certificate, u"--tls-key"_s, m_other.key}
            << u"cannot serve HTTPS together"_s;
        QTest::newRow("files swapped") << QStringList{u"--tls-cert"_s, m_pair.key, u"--tls-key"_s, m_pair.certificate}
                                       << u"are --tls-cert and --tls-key swapped?"_s;
    }

    void tlsMistakesAreUsageErrors()
    {
        QFETCH(QStringList, tls);
        QFETCH(QString, message);
        const Run result =
            run(QStringList{u"callbacks"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, dbPath(u"refused"_s)} + tls);
        QCOMPARE(result.code, 2);
        QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
        QVERIFY2(result.out.isEmpty(), result.out.constData()); // never "listening on"
        QVERIFY(!result.err.contains("PRIVATE KEY-----"));
    }

    void plainHttpBeyondLoopbackIsNoted()
    {
        // Allowed (a proxy may sit on another host of a private network), but never silently.
        QProcess receiver;
        receiver.setProcessEnvironment(environment());
        receiver.start(Cli, {u"callbacks"_s, u"--listen"_s, u"0.0.0.0:0"_s, u"--db"_s, dbPath(u"plain"_s)});
        QVERIFY(receiver.waitForStarted());
        const QStringList lines = waitForLine(receiver);
        QVERIFY2(lines.constFirst().startsWith(u"listening on http://0.0.0.0:"_s), qPrintable(lines.constFirst()));
        receiver.terminate();
        QVERIFY(receiver.waitForFinished(10000));
        const QByteArray err = receiver.readAllStandardError();
        QVERIFY2(err.contains("without --tls-cert and --tls-key"), err.constData());

        // On loopback (behind a proxy on the same machine) there is nothing to say.
        QProcess local;
        local.setProcessEnvironment(environment());
        local.start(Cli, {u"callbacks"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, dbPath(u"plain"_s)});
        QVERIFY(local.waitForStarted());
        QVERIFY(waitForLine(local).constFirst().startsWith(u"listening on http://127.0.0.1:"_s));
        local.terminate();
        QVERIFY(local.waitForFinished(10000));
        QVERIFY(!local.readAllStandardError().contains("without --tls-cert"));
    }

    void callbackBaseInClearIsRefused_data()
    {
        QTest::addColumn<QString>("base");
        QTest::newRow("http public name") << u"http://callbacks.example.com"_s;
        QTest::newRow("http LAN address") << u"http://192.168.1.20:8080"_s;
    }

    void callbackBaseInClearIsRefused()
    {
        QFETCH(QString, base);
        const QString db = dbPath(u"clear"_s);
        const Run result = run({u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--lead"_s, SampleLead, u"--training"_s,
                                u"--db"_s, db, u"--callback-base"_s, base});
        QCOMPARE(result.code, 2);
        QVERIFY2(result.err.contains("must use https://"), result.err.constData());
        QVERIFY2(result.err.contains("secret token"), result.err.constData());
        QVERIFY(historyRows(db).isEmpty()); // nothing was sent
    }
};

QTEST_GUILESS_MAIN(TestCliCallbacks)
#include "tst_clicallbacks.moc"
