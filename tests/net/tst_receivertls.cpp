// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReceiverTestSupport.h"
#include "TlsTestSupport.h"
#include "net/CallbackReceiver.h"
#include "net/ServerTls.h"
#include "store/HistoryStore.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

// The receiver serving HTTPS itself: a callback over HTTPS is applied, a plain-HTTP caller gets nothing applied,
// and every limit of the plain receiver (size, method, deadlines, the connection cap) holds over TLS, the handshake
// included. A throwaway certificate made by openssl, real loopback sockets and a real history file.
class tst_ReceiverTls : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_certs;
    TlsPair m_pair;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<CallbackReceiver> m_receiver;
    std::vector<int> m_fds;

    void start(const ConnectionLimits &limits = {})
    {
        const ServerTls::Loaded tls = ServerTls::load(m_pair.certificate, m_pair.key);
        QVERIFY2(tls.configuration, qPrintable(tls.problem));
        m_receiver = std::make_unique<CallbackReceiver>(m_store.get());
        m_receiver->setConnectionLimits(limits);
        m_receiver->setTlsConfiguration(*tls.configuration);
        QVERIFY(m_receiver->isTls());
        QVERIFY(m_receiver->listen(QHostAddress::LocalHost, 0));
    }
    quint16 port() const { return m_receiver->port(); }
    bool isFinal(const QString &id) const { return m_store->record(id)->final; }

    QSslConfiguration trusting() const
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(certificatesIn(m_pair.certificate));
        return configuration;
    }

    // One request over HTTPS on a fresh connection that trusts the test certificate; the raw answer.
    QByteArray tlsExchange(const QByteArray &request)
    {
        QSslSocket socket;
        socket.setSslConfiguration(trusting());
        socket.connectToHostEncrypted(u"127.0.0.1"_s, port());
        if (!QTest::qWaitFor([&] { return socket.isEncrypted(); }, 10000))
            return "not encrypted: " + socket.errorString().toUtf8();
        socket.write(request);
        return readUntilClosed(socket, 10000);
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void finalResultOverHttpsIsApplied();
    void limitsHoldOverTls_data();
    void limitsHoldOverTls();
    void keptAliveConnectionCarriesTwoCallbacks();
    void plainHttpOnTlsPortAppliesNothing();
    void failedHandshakesDoNotFloodTheLog();
    void stalledHandshakeIsDroppedAtDeadline_data();
    void stalledHandshakeIsDroppedAtDeadline();
    void unfinishedRequestAfterHandshakeIsDroppedAtDeadline();
    void stalledHandshakesAreShedAtCap();
};

void tst_ReceiverTls::initTestCase()
{
    QVERIFY(QSslSocket::supportsSsl());
    QVERIFY(m_certs.isValid());
    m_pair = makeTlsPair(m_certs);
    QVERIFY2(!m_pair.certificate.isEmpty(), "openssl could not make a test certificate");
}

void tst_ReceiverTls::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<HistoryStore>(m_dir->filePath(u"history.sqlite"_s));
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
}

void tst_ReceiverTls::cleanup()
{
    for (const int fd : m_fds)
        ::close(fd);
    m_fds.clear();
    m_receiver.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_ReceiverTls::finalResultOverHttpsIsApplied()
{
    start();
    QSignalSpy finalised(m_receiver.get(), &CallbackReceiver::finalised);
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);
    QVERIFY(!id.isEmpty());
    QVERIFY(!isFinal(id));

    // As a vendor would call: HTTPS to the public base, the certificate checked against a trusted CA.
    QNetworkAccessManager nam;
    const QUrl base(u"https://127.0.0.1:%1"_s.arg(port()));
    QNetworkRequest request(CallbackReceiver::callbackUrl(base, u"ntherm"_s, token));
    request.setSslConfiguration(trusting());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.post(request, SoldCallback);
    QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 20000));
    QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    reply->deleteLater();

    QVERIFY(isFinal(id));
    const std::optional<SubmissionRecord> row = m_store->record(id);
    QCOMPARE(row->state, OutcomeState::Accepted); // nTherm's "sold" callback: accepted, final, billable
    QVERIFY(row->billable);
    QCOMPARE(row->callbackBody, SoldCallback);
    QCOMPARE(finalised.size(), 1);
    QCOMPARE(finalised.at(0).at(0).toString(), id);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.at(0).at(0).toString(), u"ntherm %1 200 applied"_s.arg(token.left(6)));
    QVERIFY(!lines.at(0).at(0).toString().contains(token)); // never the whole token
}

void tst_ReceiverTls::limitsHoldOverTls_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray path = "/callback/ntherm/abcdefabcdefabcdefabcdefab";
    QTest::newRow("GET is 405") << QByteArray("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                                << 405;
    QTest::newRow("announced body over the cap is 413")
        << QByteArray("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775807\r\n\r\n{") << 413;
    QTest::newRow("unreadable length is 400")
        << QByteArray("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("unknown token is 404") << callbackRequest(u"abcdefabcdefabcdefabcdefab"_s) << 404;
}

void tst_ReceiverTls::limitsHoldOverTls()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    start();
    const QByteArray answer = tlsExchange(request);
    QCOMPARE(statusOf(answer), status);
}

void tst_ReceiverTls::keptAliveConnectionCarriesTwoCallbacks()
{
    // Each answer ends one request's budget and starts the next one's: over TLS the server counts what the
    // handshake decrypted, so a second callback on the same connection is read and applied too, and the connection
    // is closed after the idle time.
    ConnectionLimits limits;
    limits.idleTimeoutMs = 700;
    limits.requestDeadlineMs = 5000;
    start(limits);
    const QString first = CallbackReceiver::newToken();
    const QString second = CallbackReceiver::newToken();
    const QString firstId = waitingRow(*m_store, first);
    const QString secondId = waitingRow(*m_store, second);

    QSslSocket socket;
    socket.setSslConfiguration(trusting());
    socket.connectToHostEncrypted(u"127.0.0.1"_s, port());
    QTRY_VERIFY_WITH_TIMEOUT(socket.isEncrypted(), 10000);
    for (const QString &token : {first, second}) {
        socket.write(callbackRequest(token, SoldCallback, "POST", false));
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT(answerComplete(answer += socket.readAll()), 5000);
        QCOMPARE(statusOf(answer), 200);
    }
    QVERIFY(isFinal(firstId));
    QVERIFY(isFinal(secondId));
    QElapsedTimer clock;
    clock.start();
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY2(clock.elapsed() >= 500 && clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
}

void tst_ReceiverTls::plainHttpOnTlsPortAppliesNothing()
{
    start();
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);

    // A vendor configured with http:// by mistake: no answer it could take for success, and nothing applied.
    const QByteArray answer = exchange(port(), callbackRequest(token), 10000);
    QVERIFY2(!answer.startsWith("HTTP/"), answer.constData());
    QTest::qWait(100);
    QVERIFY(!isFinal(id));
    QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 1, 5000);
    QCOMPARE(lines.at(0).at(0).toString().left(36), u"- - - 1 TLS handshake(s) failed (pla"_s);

    // The same callback over HTTPS still works afterwards.
    QCOMPARE(statusOf(tlsExchange(callbackRequest(token))), 200);
    QVERIFY(isFinal(id));
}

void tst_ReceiverTls::failedHandshakesDoNotFloodTheLog()
{
    // Scanners probe every HTTPS port: thirty failed handshakes in a burst make one line at once and one a second
    // later, with the count, not thirty lines.
    start();
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);
    constexpr int Burst = 30;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < Burst; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, port());
        QVERIFY(socket->waitForConnected(5000));
        socket->write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        sockets.push_back(std::move(socket));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(sockets.cbegin(), sockets.cend(),
                                         [](const auto &s) { return s->state() == QAbstractSocket::UnconnectedState; }),
                             10000);
    QTest::qWait(1500); // the second report is due a second after the first
    QVERIFY2(lines.size() >= 1 && lines.size() <= 3, qPrintable(QString::number(lines.size())));
    int total = 0;
    static const QRegularExpression counted(u"^- - - (\\d+) TLS handshake\\(s\\) failed "_s);
    for (const QList<QVariant> &line : std::as_const(lines)) {
        const QRegularExpressionMatch match = counted.match(line.at(0).toString());
        QVERIFY2(match.hasMatch(), qPrintable(line.at(0).toString()));
        total += match.captured(1).toInt();
    }
    QCOMPARE(total, Burst);
}

void tst_ReceiverTls::stalledHandshakeIsDroppedAtDeadline_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<bool>("drip");
    // The start of a TLS record announcing a 512-byte handshake message (a ClientHello), never completed.
    const QByteArray hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    QTest::newRow("connects and sends nothing") << QByteArray() << false;
    QTest::newRow("half a ClientHello") << hello << false;
    QTest::newRow("ClientHello dripped a byte at a time") << hello << true;
}

void tst_ReceiverTls::stalledHandshakeIsDroppedAtDeadline()
{
    QFETCH(QByteArray, start);
    QFETCH(bool, drip);
    ConnectionLimits limits;
    limits.idleTimeoutMs = 700;
    limits.requestDeadlineMs = 30000; // the handshake must not fall under the (longer) request deadline
    this->start(limits);

    const int fd = rawConnect(port());
    QVERIFY(fd >= 0);
    m_fds.push_back(fd);
    QElapsedTimer clock;
    clock.start();
    QTest::qWait(20);
    if (!start.isEmpty())
        QCOMPARE(::send(fd, start.constData(), size_t(start.size()), MSG_NOSIGNAL), ssize_t(start.size()));
    // Handshake bytes do not buy time: the clock runs from the connection.
    (void)QTest::qWaitFor(
        [&] {
            if (drip && !closedByPeer(fd))
                (void)::send(fd, "\x00", 1, MSG_NOSIGNAL);
            return closedByPeer(fd);
        },
        5000);
    QVERIFY(closedByPeer(fd));
    QVERIFY2(clock.elapsed() >= 650 && clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
}

void tst_ReceiverTls::unfinishedRequestAfterHandshakeIsDroppedAtDeadline()
{
    ConnectionLimits limits;
    limits.idleTimeoutMs = 5000;
    limits.requestDeadlineMs = 800;
    start(limits);

    QSslSocket socket;
    socket.setSslConfiguration(trusting());
    socket.connectToHostEncrypted(u"127.0.0.1"_s, port());
    QTRY_VERIFY_WITH_TIMEOUT(socket.isEncrypted(), 10000);
    QElapsedTimer clock;
    clock.start();
    socket.write("POST /callback/ntherm/abcdefabcdefabcdefabcdef HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY2(clock.elapsed() >= 700 && clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
}

void tst_ReceiverTls::stalledHandshakesAreShedAtCap()
{
    ConnectionLimits limits;
    limits.maxConnections = BoundedTcpServer::MinConnections; // 16
    limits.idleTimeoutMs = 30000;
    limits.requestDeadlineMs = 30000;
    start(limits);
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);

    // The cap filled with connections that began a handshake and stopped.
    const QByteArray hello("\x16\x03\x01\x02\x00\x01", 6);
    for (int i = 0; i < limits.maxConnections; ++i) {
        const int fd = rawConnect(port());
        QVERIFY(fd >= 0);
        m_fds.push_back(fd);
        QTest::qWait(5); // accepted in this order
        (void)::send(fd, hello.constData(), size_t(hello.size()), MSG_NOSIGNAL);
    }
    QTest::qWait(200);
    for (const int fd : m_fds)
        QVERIFY(!closedByPeer(fd));

    // A real callback gets in at once, closing the oldest stalled handshake, and is applied.
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(statusOf(tlsExchange(callbackRequest(token))), 200);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(isFinal(id));
    QTRY_VERIFY_WITH_TIMEOUT(closedByPeer(m_fds.at(0)), 3000);
    QVERIFY(!closedByPeer(m_fds.back()));
}

QTEST_GUILESS_MAIN(tst_ReceiverTls)
#include "tst_receivertls.moc"
