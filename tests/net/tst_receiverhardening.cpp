// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReceiverTestSupport.h"
#include "net/CallbackReceiver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <ctime>
#include <memory>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

qint64 processCpuMs()
{
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}

int openDescriptors()
{
    return int(QDir(u"/proc/self/fd"_s).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
}

} // namespace

// The receiver's defences below the handler: methods, announced lengths, deadlines, the connection cap, and
// running out of open files. Real loopback sockets and a real history file throughout.
class tst_ReceiverHardening : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<CallbackReceiver> m_receiver;
    rlimit m_savedLimit{};
    std::vector<int> m_fds;

    void start(const ConnectionLimits &limits = {})
    {
        m_receiver = std::make_unique<CallbackReceiver>(m_store.get());
        m_receiver->setConnectionLimits(limits);
        QVERIFY(m_receiver->listen(QHostAddress::LocalHost, 0));
    }
    quint16 port() const { return m_receiver->port(); }
    bool isFinal(const QString &id) const { return m_store->record(id)->final; }

private Q_SLOTS:
    void init();
    void cleanup();
    void everyOtherMethodIs405_data();
    void everyOtherMethodIs405();
    void announcedLengthIsCheckedSafely_data();
    void announcedLengthIsCheckedSafely();
    void chunkedBodyOverCapIs413();
    void unrecordableCallbackIs503_data();
    void unrecordableCallbackIs503();
    void unfinishedRequestIsClosedAtDeadline_data();
    void unfinishedRequestIsClosedAtDeadline();
    void idleConnectionIsClosed();
    void oldestIdleIsClosedFirstAtCap();
    void runningOutOfFilesNeitherSpinsNorStops();
};

void tst_ReceiverHardening::init()
{
    QVERIFY(::getrlimit(RLIMIT_NOFILE, &m_savedLimit) == 0);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<HistoryStore>(m_dir->filePath(u"history.sqlite"_s));
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
}

void tst_ReceiverHardening::cleanup()
{
    ::setrlimit(RLIMIT_NOFILE, &m_savedLimit);
    for (const int fd : m_fds)
        ::close(fd);
    m_fds.clear();
    m_receiver.reset();
    m_store.reset();
    m_dir.reset();
}

void tst_ReceiverHardening::everyOtherMethodIs405_data()
{
    QTest::addColumn<QByteArray>("method");
    for (const char *method : {"GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "FOO", "post"})
        QTest::newRow(method) << QByteArray(method);
}

void tst_ReceiverHardening::everyOtherMethodIs405()
{
    QFETCH(QByteArray, method);
    start();
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);

    const QByteArray answer = exchange(port(), callbackRequest(token, SoldCallback, method));
    QVERIFY2(statusOf(answer) == 405, answer.left(200).constData());
    QVERIFY2(answer.contains("\r\nAllow: POST\r\n"), answer.constData());
    if (method == "HEAD")
        QVERIFY(answer.endsWith("\r\n\r\n")); // no body after a HEAD
    QVERIFY(!isFinal(id));
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.at(0).at(0).toString(), u"- - 405 method not allowed"_s);

    // The same connection-level answer does not get in the way of a POST.
    QCOMPARE(statusOf(exchange(port(), callbackRequest(token))), 200);
    QVERIFY(isFinal(id));
}

void tst_ReceiverHardening::announcedLengthIsCheckedSafely_data()
{
    QTest::addColumn<QByteArray>("length");
    QTest::addColumn<int>("status");
    QTest::newRow("qint64 max") << QByteArray("9223372036854775807") << 413;
    QTest::newRow("qint64 max - 4") << QByteArray("9223372036854775803") << 413;
    QTest::newRow("beyond 64 bits") << QByteArray("18446744073709551617") << 413;
    QTest::newRow("cap + 1") << QByteArray::number(CallbackReceiver::MaxBodyBytes + 1) << 413;
    QTest::newRow("negative") << QByteArray("-1") << 400;
    QTest::newRow("plus sign") << QByteArray("+5") << 400;
    QTest::newRow("garbage") << QByteArray("lots") << 400;
    QTest::newRow("hex") << QByteArray("0x10") << 400;
    QTest::newRow("empty") << QByteArray("") << 400;
}

void tst_ReceiverHardening::announcedLengthIsCheckedSafely()
{
    QFETCH(QByteArray, length);
    QFETCH(int, status);
    start();
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);
    const QByteArray request =
        "POST /callback/ntherm/" + token.toLatin1() +
        " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n" +
        SoldCallback;
    const QByteArray answer = exchange(port(), request);
    QVERIFY2(statusOf(answer) == status, answer.left(200).constData());
    QVERIFY(!isFinal(id));
}

void tst_ReceiverHardening::chunkedBodyOverCapIs413()
{
    start();
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);
    const auto chunked = [&token](const QByteArray &body) -> QByteArray {
        QByteArray request = "POST /callback/ntherm/" + token.toLatin1() +
                             " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                             "chunked\r\nConnection: close\r\n\r\n";
        for (qsizetype at = 0; at < body.size(); at += 4096) {
            const QByteArray piece = body.mid(at, 4096);
            request += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
        }
        return request + "0\r\n\r\n";
    };
    // A well-formed final result padded to exactly the cap, and the same with one byte more.
    const auto padded = [](qsizetype size) -> QByteArray {
        QByteArray body = SoldCallback;
        body.insert(1, R"("padding": ")" + QByteArray(size - SoldCallback.size() - 14, 'x') + "\",");
        return body;
    };
    const QByteArray over = padded(CallbackReceiver::MaxBodyBytes + 1);
    QCOMPARE(over.size(), CallbackReceiver::MaxBodyBytes + 1);
    QCOMPARE(statusOf(exchange(port(), chunked(over))), 413);
    QVERIFY(!isFinal(id));

    const QByteArray atCap = padded(CallbackReceiver::MaxBodyBytes);
    QCOMPARE(statusOf(exchange(port(), chunked(atCap))), 200);
    QVERIFY(isFinal(id));
}

void tst_ReceiverHardening::unrecordableCallbackIs503_data()
{
    QTest::addColumn<bool>("holdLock");
    // Another program (or another LeadRelay) writes to the history and keeps it locked past the busy timeout.
    QTest::newRow("history locked by another writer") << true;
    // The write fails halfway (the second of finalise's two updates): nothing of the first may remain.
    QTest::newRow("write fails halfway") << false;
}

void tst_ReceiverHardening::unrecordableCallbackIs503()
{
    QFETCH(bool, holdLock);
    start();
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);
    const auto before = m_store->record(id);
    QVERIFY(before);
    QSignalSpy finalised(m_receiver.get(), &CallbackReceiver::finalised);
    QSignalSpy lines(m_receiver.get(), &CallbackReceiver::logLine);
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other-writer"_s);
        other.setDatabaseName(m_dir->filePath(u"history.sqlite"_s));
        QVERIFY(other.open());
        QSqlQuery query(other);
        if (holdLock) {
            QVERIFY2(query.exec(u"BEGIN IMMEDIATE"_s), qPrintable(query.lastError().text()));
        } else {
            QVERIFY2(query.exec(u"CREATE TRIGGER refuse_payload BEFORE UPDATE ON submission_payloads "
                                "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"_s),
                     qPrintable(query.lastError().text()));
        }
        const QByteArray answer = exchange(port(), callbackRequest(token), 30000);
        QVERIFY2(statusOf(answer) == 503, answer.constData());
        query.exec(holdLock ? u"ROLLBACK"_s : u"DROP TRIGGER refuse_payload"_s);
        query.finish();
        other.close();
    }
    QSqlDatabase::removeDatabase(u"other-writer"_s);

    QCOMPARE(finalised.size(), 0);
    QCOMPARE(lines.size(), 1);
    QVERIFY(lines.at(0).at(0).toString().endsWith(u"503 history unavailable"_s));
    const auto after = m_store->record(id);
    QVERIFY(after);
    QCOMPARE(after->state, before->state);
    QCOMPARE(after->billable, before->billable);
    QVERIFY(!after->final);
    QVERIFY(!after->finalisedAt.isValid());
    QVERIFY(after->callbackBody.isEmpty());
    // The vendor tries again later, and then it lands.
    QCOMPARE(statusOf(exchange(port(), callbackRequest(token))), 200);
    QVERIFY(isFinal(id));
}

void tst_ReceiverHardening::unfinishedRequestIsClosedAtDeadline_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<bool>("drip");
    const QByteArray head = "POST /callback/ntherm/abcdefabcdefabcdefabcdef HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    QTest::newRow("headers unfinished") << head << false;
    QTest::newRow("body unfinished") << head + "Content-Length: 100\r\n\r\n{\"success_bit\"" << false;
    QTest::newRow("headers dripped a byte at a time") << head << true;
}

void tst_ReceiverHardening::unfinishedRequestIsClosedAtDeadline()
{
    QFETCH(QByteArray, start);
    QFETCH(bool, drip);
    ConnectionLimits limits;
    limits.requestDeadlineMs = 800;
    limits.idleTimeoutMs = 5000;
    this->start(limits);

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port());
    QVERIFY(socket.waitForConnected(5000));
    QElapsedTimer clock;
    clock.start();
    socket.write(start);
    // Progress does not buy time: the deadline counts from the request's first byte.
    (void)QTest::qWaitFor(
        [&] {
            if (drip && socket.state() == QAbstractSocket::ConnectedState)
                socket.write("X");
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    QVERIFY2(clock.elapsed() >= 750 && clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
}

void tst_ReceiverHardening::idleConnectionIsClosed()
{
    ConnectionLimits limits;
    limits.idleTimeoutMs = 600;
    limits.requestDeadlineMs = 5000;
    start(limits);
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);

    // A connection that never sends anything.
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, port());
    QVERIFY(silent.waitForConnected(5000));
    QElapsedTimer clock;
    clock.start();
    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY2(clock.elapsed() >= 550 && clock.elapsed() < 1800, qPrintable(QString::number(clock.elapsed())));

    // A kept-alive connection after its answer: open for the idle time, then closed.
    QTcpSocket kept;
    kept.connectToHost(QHostAddress::LocalHost, port());
    QVERIFY(kept.waitForConnected(5000));
    kept.write(callbackRequest(token, SoldCallback, "POST", false));
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += kept.readAll()).endsWith("}"), 5000);
    QCOMPARE(statusOf(answer), 200);
    QVERIFY(isFinal(id));
    clock.restart();
    QTRY_COMPARE_WITH_TIMEOUT(kept.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY2(clock.elapsed() >= 500 && clock.elapsed() < 1800, qPrintable(QString::number(clock.elapsed())));
}

void tst_ReceiverHardening::oldestIdleIsClosedFirstAtCap()
{
    ConnectionLimits limits;
    limits.maxConnections = BoundedTcpServer::MinConnections; // 16
    limits.idleTimeoutMs = 30000;
    limits.requestDeadlineMs = 30000;
    start(limits);
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);

    // The oldest of all is a half-sent request: idle connections go before it.
    const int slow = rawConnect(port());
    m_fds.push_back(slow);
    QTest::qWait(50);
    QVERIFY(::send(slow, "POST /callback/ntherm/x HTTP/1.1\r\n", 34, MSG_NOSIGNAL) == 34);
    for (int i = 1; i < limits.maxConnections; ++i) {
        m_fds.push_back(rawConnect(port()));
        QTest::qWait(5); // accepted in this order
    }
    QTest::qWait(200);
    for (const int fd : m_fds)
        QVERIFY(!closedByPeer(fd));

    // At the cap: a newcomer closes the oldest idle connection (not the older half-sent request).
    m_fds.push_back(rawConnect(port()));
    QTRY_VERIFY_WITH_TIMEOUT(closedByPeer(m_fds.at(1)), 3000);
    // A real callback gets in too, closing the next oldest idle one, and is applied.
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(statusOf(exchange(port(), callbackRequest(token))), 200);
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(isFinal(id));
    QTRY_VERIFY_WITH_TIMEOUT(closedByPeer(m_fds.at(2)), 3000);
    QTest::qWait(100);
    QVERIFY(!closedByPeer(slow));
    for (size_t i = 3; i < m_fds.size(); ++i)
        QVERIFY2(!closedByPeer(m_fds.at(i)), qPrintable(QString::number(i)));
}

void tst_ReceiverHardening::runningOutOfFilesNeitherSpinsNorStops()
{
    // A cap far above the open-file limit this test sets, so accept() itself runs out of descriptors.
    ConnectionLimits limits;
    limits.maxConnections = 100000;
    limits.idleTimeoutMs = 30000;
    start(limits);
    const QString token = CallbackReceiver::newToken();
    const QString id = waitingRow(*m_store, token);

    // 44 idle connections, then a real callback, all waiting in the listen backlog (under Qt's 50).
    for (int i = 0; i < 44; ++i)
        m_fds.push_back(rawConnect(port()));
    const int real = rawConnect(port());
    m_fds.push_back(real);
    // Only the kernel may run until the limit is lowered: any event loop here would let the receiver accept.
    pollfd writable{real, POLLOUT, 0};
    QVERIFY(::poll(&writable, 1, 2000) == 1);
    const QByteArray request = callbackRequest(token);
    QVERIFY(::send(real, request.constData(), size_t(request.size()), MSG_NOSIGNAL) == request.size());

    // Room for 30 more descriptors: the receiver runs out with 15 connections still waiting, the real one last.
    rlimit low = m_savedLimit;
    low.rlim_cur = rlim_t(openDescriptors() + 30);
    QVERIFY(::setrlimit(RLIMIT_NOFILE, &low) == 0);

    QElapsedTimer clock;
    clock.start();
    const qint64 cpuBefore = processCpuMs();
    QByteArray answer;
    (void)QTest::qWaitFor(
        [&] {
            char buffer[4096];
            const ssize_t n = ::recv(real, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0)
                answer.append(buffer, n);
            return answer.contains("\r\n\r\n");
        },
        5000);
    QTest::qWait(300); // and a little longer, with nothing left to accept
    const qint64 wall = clock.elapsed();
    const qint64 cpu = processCpuMs() - cpuBefore;
    ::setrlimit(RLIMIT_NOFILE, &m_savedLimit);

    QVERIFY2(statusOf(answer) == 200, answer.constData());
    QVERIFY(isFinal(id));
    // Waiting for descriptors must not busy-loop: a spinning event loop burns all of the wall time.
    QVERIFY2(cpu < wall / 2, qPrintable(u"cpu %1 ms of %2 ms"_s.arg(cpu).arg(wall)));
}

QTEST_GUILESS_MAIN(tst_ReceiverHardening)
#include "tst_receiverhardening.moc"
