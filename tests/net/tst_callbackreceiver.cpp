// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/CallbackReceiver.h"
#include "net/Submitter.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

Lead sampleLead()
{
    QFile file(QStringLiteral(LEADRELAY_TEST_DATA "/leads/sample.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing tests/data/leads/sample.json");
    return *leadFromJson(file.readAll()).lead;
}

const QByteArray SoldBody = R"({"success_bit": true, "message": "Lead sold.", "phone_number": "3105551212"})";
const QByteArray RejectedBody =
    R"({"success_bit": false, "message": "Rejected after review: customer not eligible.", "phone_number": "3105551219"})";

struct Reply
{
    int status = 0;
    QByteArray body;
    QByteArray allow;
};

} // namespace

class tst_CallbackReceiver : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<CallbackReceiver> m_receiver;
    QNetworkAccessManager m_nam;

    QUrl base() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_receiver->port())); }

    // A submission row answered "accepted, preliminary", waiting for its callback under token.
    QString preliminaryRow(const QString &token, bool answered = true)
    {
        SubmissionStart start;
        start.lead = sampleLead();
        start.vendorId = u"ntherm"_s;
        start.accountMode = u"training"_s;
        start.redactedRequest = "POST [redacted]";
        start.callbackToken = token;
        const QString id = m_store->begin(start);
        if (answered && !id.isEmpty()) {
            Outcome outcome;
            outcome.state = OutcomeState::Accepted;
            outcome.final = false;
            outcome.httpStatus = 200;
            outcome.rawBody = R"({"success_bit": true, "message": "Lead submitted successfully."})";
            m_store->finish(id, outcome, 42);
        }
        return id;
    }

    Reply call(const QUrl &url, const QByteArray &method, const QByteArray &body)
    {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        Reply result;
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000))
            return result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.allow = reply->rawHeader("Allow");
        reply->deleteLater();
        return result;
    }

    Reply post(const QString &vendorId, const QString &token, const QByteArray &body)
    {
        return call(CallbackReceiver::callbackUrl(base(), vendorId, token), "POST", body);
    }

private Q_SLOTS:
    void init();
    void cleanup();
    void newTokenIsLongAndUrlSafe();
    void callbackUrlIsComposed_data();
    void callbackUrlIsComposed();
    void validCallbackFinalises();
    void lateRejectionFinalises();
    void unknownTokenChangesNothing_data();
    void unknownTokenChangesNothing();
    void oversizeBodyIs413();
    void hugeAnnouncedBodyIsRefusedUnread();
    void endlessChunkedBodyIsCutOff();
    void otherMethodsAre405_data();
    void otherMethodsAre405();
    void unknownVendorOrPathIs404();
    void repeatIsIdempotent();
    void callbackBeforeFinishIsKept();
    void simulatorCallsBackEndToEnd();
};

void tst_CallbackReceiver::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<HistoryStore>(m_dir->filePath(u"history.sqlite"_s));
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    m_receiver = std::make_unique<CallbackReceiver>(m_store.get());
    QVERIFY(m_receiver->listen(QHostAddress::LocalHost, 0));
    QVERIFY(m_receiver->port() > 0);
}

void tst_CallbackReceiver::cleanup()
{
    m_receiver.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_CallbackReceiver::newTokenIsLongAndUrlSafe()
{
    const QRegularExpression urlSafe(u"^[A-Za-z0-9_-]+$"_s);
    QSet<QString> seen;
    for (int i = 0; i < 200; ++i) {
        const QString token = CallbackReceiver::newToken();
        QVERIFY(token.size() >= 22); // 128 bits or more
        QVERIFY2(urlSafe.match(token).hasMatch(), qPrintable(token));
        QVERIFY(!token.contains(u'='));
        seen.insert(token);
    }
    QCOMPARE(seen.size(), 200);
}

void tst_CallbackReceiver::callbackUrlIsComposed_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("expected");
    QTest::newRow("host and port") << u"http://127.0.0.1:8080"_s << u"http://127.0.0.1:8080/callback/ntherm/TOKEN"_s;
    QTest::newRow("trailing slash") << u"https://leads.example.com/"_s
                                    << u"https://leads.example.com/callback/ntherm/TOKEN"_s;
    QTest::newRow("base path") << u"https://leads.example.com/relay/"_s
                               << u"https://leads.example.com/relay/callback/ntherm/TOKEN"_s;
    QTest::newRow("query dropped") << u"https://leads.example.com/relay?x=1"_s
                                   << u"https://leads.example.com/relay/callback/ntherm/TOKEN"_s;
}

void tst_CallbackReceiver::callbackUrlIsComposed()
{
    QFETCH(QString, base);
    QFETCH(QString, expected);
    QCOMPARE(CallbackReceiver::callbackUrl(QUrl(base), u"ntherm"_s, u"TOKEN"_s).toString(), expected);
}

void tst_CallbackReceiver::validCallbackFinalises()
{
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token);
    QVERIFY(!id.isEmpty());
    QSignalSpy finalised(m_receiver.get(), &CallbackReceiver::finalised);
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);

    const Reply reply = post(u"ntherm"_s, token, SoldBody);
    QCOMPARE(reply.status, 200);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"ok"_s).toBool(), true);
    QCOMPARE(finalised.size(), 1);
    QCOMPARE(finalised.at(0).at(0).toString(), id);

    const auto row = m_store->record(id);
    QVERIFY(row);
    QVERIFY(row->final);
    QCOMPARE(row->state, OutcomeState::Accepted);
    QVERIFY(row->billable);
    QVERIFY(row->finalisedAt.isValid());
    QCOMPARE(row->callbackBody, SoldBody);

    // One line, no personal data, only the token's first characters.
    QCOMPARE(lines.size(), 1);
    const QString line = lines.at(0).at(0).toString();
    QCOMPARE(line, u"ntherm %1 200 applied"_s.arg(token.left(6)));
    QVERIFY(!line.contains(u"3105551212"_s));
    QVERIFY(!line.contains(token));
}

void tst_CallbackReceiver::lateRejectionFinalises()
{
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token);
    QCOMPARE(post(u"ntherm"_s, token, RejectedBody).status, 200);
    const auto row = m_store->record(id);
    QVERIFY(row);
    QVERIFY(row->final);
    QCOMPARE(row->state, OutcomeState::Rejected);
    QVERIFY(!row->billable);
}

void tst_CallbackReceiver::unknownTokenChangesNothing_data()
{
    QTest::addColumn<QString>("token");
    QTest::newRow("forged, well-formed") << CallbackReceiver::newToken();
    QTest::newRow("too short") << u"abc"_s;
    QTest::newRow("odd characters") << u"%27%20OR%201%3D1%20--%20aaaaaaaaaaaaaaaaaaaaaa"_s;
}

void tst_CallbackReceiver::unknownTokenChangesNothing()
{
    QFETCH(QString, token);
    const QString realToken = CallbackReceiver::newToken();
    const QString id = preliminaryRow(realToken);
    const auto before = m_store->record(id);
    QSignalSpy finalised(m_receiver.get(), &CallbackReceiver::finalised);

    const Reply reply = post(u"ntherm"_s, token, SoldBody);
    QCOMPARE(reply.status, 404);
    QCOMPARE(finalised.size(), 0);
    const auto after = m_store->record(id);
    QVERIFY(before && after);
    QCOMPARE(after->state, before->state);
    QCOMPARE(after->final, false);
    QVERIFY(!after->finalisedAt.isValid());
    QVERIFY(after->callbackBody.isEmpty());
}

void tst_CallbackReceiver::oversizeBodyIs413()
{
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token);
    QByteArray big = SoldBody;
    big.insert(1, R"("padding": ")" + QByteArray(CallbackReceiver::MaxBodyBytes, 'x') + "\",");
    QCOMPARE(post(u"ntherm"_s, token, big).status, 413);
    const auto row = m_store->record(id);
    QVERIFY(row);
    QVERIFY(!row->final);
    QVERIFY(!row->finalisedAt.isValid());

    // Exactly at the limit is still read (and this one is a well-formed final result).
    QByteArray atLimit = SoldBody;
    atLimit.insert(1,
                   R"("padding": ")" + QByteArray(CallbackReceiver::MaxBodyBytes - SoldBody.size() - 14, 'x') + "\",");
    QCOMPARE(atLimit.size(), CallbackReceiver::MaxBodyBytes);
    QCOMPARE(post(u"ntherm"_s, token, atLimit).status, 200);
    QVERIFY(m_store->record(id)->final);
}

void tst_CallbackReceiver::hugeAnnouncedBodyIsRefusedUnread()
{
    // Qt HttpServer would buffer a whole body before any handler runs; the receiver answers before that.
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token);
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_receiver->port());
    QVERIFY(socket.waitForConnected(10000));
    socket.write("POST /callback/ntherm/" + token.toLatin1() +
                 " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                 "100000000\r\n\r\n{\"success_bit\": true");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QVERIFY(!m_store->record(id)->final);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.at(0).at(0).toString(), u"- - 413 body too large"_s);
}

void tst_CallbackReceiver::endlessChunkedBodyIsCutOff()
{
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_receiver->port());
    QVERIFY(socket.waitForConnected(10000));
    socket.write("POST /callback/ntherm/" + token.toLatin1() +
                 " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                 "chunked\r\n\r\n");
    const QByteArray chunk = "4000\r\n" + QByteArray(0x4000, ' ') + "\r\n";
    QByteArray answer;
    qint64 sent = 0;
    // Keep sending 16 KiB chunks (up to 4 MiB) until the receiver answers.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            answer += socket.readAll();
            if (answer.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState)
                return true;
            if (sent < 4 * 1024 * 1024 && socket.bytesToWrite() < 256 * 1024) {
                socket.write(chunk);
                sent += chunk.size();
            }
            return false;
        }(),
        20000);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
    QVERIFY(sent < 4 * 1024 * 1024);
    QVERIFY(!m_store->record(id)->final);
}

void tst_CallbackReceiver::otherMethodsAre405_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("GET") << QByteArray("GET");
    QTest::newRow("PUT") << QByteArray("PUT");
    QTest::newRow("DELETE") << QByteArray("DELETE");
}

void tst_CallbackReceiver::otherMethodsAre405()
{
    QFETCH(QByteArray, method);
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token);
    const Reply reply = call(CallbackReceiver::callbackUrl(base(), u"ntherm"_s, token), method,
                             method == "GET" || method == "DELETE" ? QByteArray() : SoldBody);
    QCOMPARE(reply.status, 405);
    QCOMPARE(reply.allow, QByteArray("POST"));
    QVERIFY(!m_store->record(id)->final);
}

void tst_CallbackReceiver::unknownVendorOrPathIs404()
{
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token);
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);
    QCOMPARE(post(u"nobody"_s, token, SoldBody).status, 404);
    QCOMPARE(post(u"bhm"_s, token, SoldBody).status, 404); // BHM never calls back
    QCOMPARE(call(QUrl(base().toString() + u"/callback/ntherm"_s), "POST", SoldBody).status, 404);
    QCOMPARE(call(QUrl(base().toString() + u"/elsewhere"_s), "POST", SoldBody).status, 404);
    QVERIFY(!m_store->record(id)->final);
    // The vendor part of the path is never echoed into the log unless it is a known vendor.
    for (const QList<QVariant> &line : std::as_const(lines))
        QVERIFY(!line.at(0).toString().contains(u"nobody"_s));
}

void tst_CallbackReceiver::repeatIsIdempotent()
{
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token);
    QSignalSpy finalised(m_receiver.get(), &CallbackReceiver::finalised);
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);
    QCOMPARE(post(u"ntherm"_s, token, SoldBody).status, 200);
    const auto first = m_store->record(id);
    QVERIFY(first && first->final);

    // A second, different final result for the same token: acknowledged, ignored.
    QCOMPARE(post(u"ntherm"_s, token, RejectedBody).status, 200);
    QCOMPARE(finalised.size(), 1);
    const auto second = m_store->record(id);
    QVERIFY(second);
    QCOMPARE(second->state, first->state);
    QCOMPARE(second->billable, first->billable);
    QCOMPARE(second->finalisedAt, first->finalisedAt);
    QCOMPARE(second->callbackBody, first->callbackBody);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(1).at(0).toString().endsWith(u"200 repeat"_s));
}

void tst_CallbackReceiver::callbackBeforeFinishIsKept()
{
    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token, false); // still "sending": the POST's answer has not come back yet
    QVERIFY(!id.isEmpty());
    QSignalSpy finalised(m_receiver.get(), &CallbackReceiver::finalised);
    QCOMPARE(post(u"ntherm"_s, token, RejectedBody).status, 200);
    QCOMPARE(finalised.size(), 1);

    Outcome preliminary;
    preliminary.state = OutcomeState::Accepted;
    preliminary.final = false;
    preliminary.httpStatus = 200;
    QVERIFY(m_store->finish(id, preliminary, 100));
    const auto row = m_store->record(id);
    QVERIFY(row);
    QVERIFY(row->final);
    QCOMPARE(row->state, OutcomeState::Rejected);
    QCOMPARE(row->httpStatus, 200);
}

void tst_CallbackReceiver::simulatorCallsBackEndToEnd()
{
    // The whole way: history row, nTherm request with call_back_url, simulator's preliminary answer, its later
    // final result to this receiver, the row final.
    VendorSimulator simulator;
    simulator.setCallbackDelayMs(0);
    QVERIFY(simulator.listen());
    const Vendor *ntherm = vendorById(u"ntherm"_s);
    QVERIFY(ntherm);

    const QString token = CallbackReceiver::newToken();
    const QString id = preliminaryRow(token, false);
    VendorAccount account;
    account.vendorId = u"ntherm"_s;
    account.endpoint = simulator.endpoint(u"ntherm"_s);
    account.user = QLatin1String(VendorSimulator::TrainingUser);
    account.secret = QLatin1String(VendorSimulator::TrainingPassword);

    QSignalSpy finalised(m_receiver.get(), &CallbackReceiver::finalised);
    Submitter submitter(&m_nam);
    std::optional<Outcome> answer;
    submitter.send(
        ntherm->buildRequest(sampleLead(), account, CallbackReceiver::callbackUrl(base(), u"ntherm"_s, token)), 10000,
        this, [&](const TransportResult &result) {
            answer = Submitter::toOutcome(*ntherm, result);
            m_store->finish(id, *answer, result.durationMs);
        });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 20000);
    QCOMPARE(answer->state, OutcomeState::Accepted);
    QTRY_COMPARE_WITH_TIMEOUT(finalised.size(), 1, 20000);
    QCOMPARE(finalised.at(0).at(0).toString(), id);
    const auto row = m_store->record(id);
    QVERIFY(row);
    QVERIFY(row->final);
    QVERIFY(row->billable);
    QCOMPARE(row->state, OutcomeState::Accepted);
}

QTEST_GUILESS_MAIN(tst_CallbackReceiver)
#include "tst_callbackreceiver.moc"
