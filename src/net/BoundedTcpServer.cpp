// SPDX-License-Identifier: GPL-3.0-or-later
#include "BoundedTcpServer.h"

#include "NetLog.h"
#include "OpenFileLimit.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <tuple>

namespace LeadRelay
{

namespace
{

// After a refusal: how long, and how much, to keep reading and discarding so the client gets to read the answer.
constexpr int LingerMs = 3000;
constexpr qint64 MaxDiscardBytes = 8 * 1024 * 1024;
// Shed reports (see shed()) at most this often.
constexpr qint64 ReportEveryMs = 1000;

// In the order connections are closed to make room: refused ones first, then idle, then unfinished requests.
enum Phase
{
    Lingering = 0,
    Idle = 1,
    Receiving = 2,
};

// What the request headers say about the body's length.
struct Length
{
    bool readable = true;  // false: not a plain decimal number, or two different values
    bool tooLarge = false; // more than the cap (possibly more than any integer holds)
    qint64 value = 0;      // 0 without Content-Length; -1 for a chunked body (its end is not known here)
};

Length announcedLength(const QByteArray &headers, qint64 limit)
{
    Length result;
    bool chunked = false;
    bool seenLength = false;
    const QList<QByteArray> lines = headers.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0 is the request line
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        if (name == "transfer-encoding") {
            chunked = true;
            continue;
        }
        if (name != "content-length")
            continue;
        const QByteArray text = line.mid(colon + 1).trimmed();
        const bool digits =
            !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) {
            result.readable = false; // "-1", "+5", "0x10", "5, 5", "abc": refused rather than guessed
            return result;
        }
        // Compared as text first: a length of 19 or more digits is over any cap and may not fit an integer.
        qsizetype first = 0;
        while (first < text.size() - 1 && text.at(first) == '0')
            ++first;
        const QByteArray significant = text.mid(first);
        qint64 value = std::numeric_limits<qint64>::max();
        if (significant.size() <= 18)
            value = significant.toLongLong();
        if (seenLength && result.value != value) {
            result.readable = false; // two different lengths: which one Qt would use is anyone's guess
            return result;
        }
        result.value = value;
        seenLength = true;
    }
    if (result.value > limit)
        result.tooLarge = true;
    if (chunked && !result.tooLarge)
        result.value = -1;
    return result;
}

// True while what has arrived of the request line may still become "<method> ".
bool mayBeMethod(const QByteArray &head, const QByteArray &method)
{
    const QByteArray expected = method + ' ';
    const qsizetype n = qMin(head.size(), expected.size());
    return head.left(n) == expected.left(n);
}

QByteArray refusal(int status, bool withBody)
{
    QByteArray line;
    QByteArray body;
    QByteArray extra;
    switch (status) {
    case 400:
        line = "400 Bad Request";
        body = R"({"ok":false,"error":"bad request"})";
        break;
    case 405:
        line = "405 Method Not Allowed";
        body = R"({"ok":false,"error":"use POST"})";
        extra = "Allow: POST\r\n";
        break;
    default:
        line = "413 Payload Too Large";
        body = R"({"ok":false,"error":"body too large"})";
        break;
    }
    return "HTTP/1.1 " + line + "\r\n" + extra +
           "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + (withBody ? body : QByteArray());
}

int capFor(const ConnectionLimits &limits)
{
    int cap = qMax(BoundedTcpServer::MinConnections, limits.maxConnections);
    const quint64 files = openFileLimit();
    if (files > 0 && files < quint64(std::numeric_limits<int>::max()))
        cap = qMin(cap, qMax(BoundedTcpServer::MinConnections, int(files) - BoundedTcpServer::FdHeadroom));
    return cap;
}

} // namespace

// One accepted connection and what has been seen of the request now arriving on it.
struct BoundedTcpServer::Connection
{
    QTimer *deadline = nullptr; // a child of the socket, so it can never outlive it
    int phase = Idle;
    qint64 since = 0;  // when the phase began (m_clock)
    quint64 order = 0; // ties broken by arrival
    qint64 seen = 0;   // bytes of this request (and any after it) so far
    QByteArray head;   // the start of the request, until its headers are complete
    bool headDone = false;
    bool isHead = false;     // a HEAD request: its answer has no body
    bool headUnseen = false; // the request began in the same read as the previous one ended: not inspected
    qint64 requestEnd = -1;  // where this request ends, when it announced its length
    bool rejected = false;
    qint64 discarded = 0; // after refusing: bytes read and thrown away
};

BoundedTcpServer::BoundedTcpServer(qsizetype maxBodyBytes, QObject *parent)
    : BoundedTcpServer(maxBodyBytes, ConnectionLimits{}, parent)
{}

BoundedTcpServer::BoundedTcpServer(qsizetype maxBodyBytes, const ConnectionLimits &limits, QObject *parent)
    : QTcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
    , m_limits(limits)
    , m_cap(capFor(limits))
{
    m_clock.start();
    // Qt's default backlog of 50 overflows during a burst of connections: the kernel then drops handshakes and
    // the callers (a vendor's callback among them) retry only after a second or more.
    setListenBacklogSize(ListenBacklog);
    connect(this, &QTcpServer::acceptError, this, &BoundedTcpServer::onAcceptError);
}

BoundedTcpServer::~BoundedTcpServer() = default;

void BoundedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    int closed = 0;
    while (int(m_connections.size()) >= m_cap && shedOne())
        ++closed;
    if (closed > 0) {
        m_shedSinceReport += closed;
        reportShed();
    }

    QSslSocket *tls = isTls() ? new QSslSocket(this) : nullptr;
    QTcpSocket *socket = tls ? tls : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    auto &c = *m_connections.emplace(socket, std::make_unique<Connection>()).first->second;
    c.deadline = new QTimer(socket);
    c.deadline->setSingleShot(true);
    connect(c.deadline, &QTimer::timeout, socket, [this, socket] {
        const auto it = m_connections.find(socket);
        if (it == m_connections.end())
            return;
        if (it->second->phase == Lingering) {
            socket->disconnectFromHost();
        } else {
            qCDebug(lcNet) << (it->second->phase == Idle ? "idle connection closed" : "unfinished request dropped");
            socket->abort();
        }
    });
    enterPhase(c, Idle);

    // Forgotten as soon as the descriptor is gone (QHttpServer deletes the socket later).
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket] { m_connections.erase(socket); });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.erase(socket); });
    // Connected before QHttpServer connects its own reader (it does so when it takes the pending connection),
    // so these run first on every readyRead and can drain the socket before the body is buffered.
    // Each handler looks the connection up again: a call that closes the socket erases it.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (const auto it = m_connections.find(socket); it != m_connections.end())
            onReadyRead(socket, *it->second);
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        if (const auto it = m_connections.find(socket); it != m_connections.end())
            onBytesWritten(socket, *it->second);
    });
    if (tls && !startTls(tls))
        return;
    addPendingConnection(socket);
}

bool BoundedTcpServer::startTls(QSslSocket *socket)
{
    socket->setSslConfiguration(m_tls);
    connect(socket, &QSslSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
        if (!m_connections.count(socket) || socket->isEncrypted() || error == QAbstractSocket::RemoteHostClosedError)
            return;
        // A plain-HTTP client, a scanner, or a client that distrusts our certificate: its words are not logged.
        qCDebug(lcNet) << "TLS handshake failed:" << error;
        ++m_failedSinceReport;
        reportHandshakeFailures();
        socket->abort(); // may erase the connection
    });
    // Started before QHttpServer takes the socket: nothing it reads was ever unencrypted.
    socket->startServerEncryption();
    if (socket->state() != QAbstractSocket::ConnectedState) {
        m_connections.erase(socket);
        socket->deleteLater();
        return false;
    }
    return true;
}

void BoundedTcpServer::enterPhase(Connection &c, int phase)
{
    c.phase = phase;
    c.since = m_clock.elapsed();
    c.order = ++m_sequence;
    c.deadline->start(phase == Lingering ? LingerMs
                      : phase == Idle    ? m_limits.idleTimeoutMs
                                         : m_limits.requestDeadlineMs);
}

void BoundedTcpServer::onReadyRead(QTcpSocket *socket, Connection &c)
{
    const qint64 available = socket->bytesAvailable();
    if (available <= 0)
        return;
    if (c.phase == Idle)
        enterPhase(c, Receiving); // the deadline now runs for the whole request
    c.seen += available;
    const qint64 limit = qint64(m_maxBodyBytes);

    int verdict = 0; // the status to refuse this request with, if any
    if (!c.headDone && !c.headUnseen) {
        c.head += socket->peek(qMin<qint64>(available, HeaderAllowance - c.head.size()));
        c.isHead = c.head.startsWith("HEAD ");
        // Decided on the first bytes, before QHttpServer's parser reads them: it drops a connection with a method
        // it does not know (no answer at all), so waiting for the whole header would be too late.
        if (!m_onlyMethod.isEmpty() && !mayBeMethod(c.head, m_onlyMethod))
            verdict = 405;
        const qsizetype end = c.head.indexOf("\r\n\r\n");
        if (end >= 0) {
            c.headDone = true;
            const Length length = announcedLength(c.head.left(end), limit);
            c.head.clear();
            // value is at most the cap here, so the sum cannot overflow.
            if (length.readable && !length.tooLarge && length.value >= 0)
                c.requestEnd = end + 4 + length.value;
            if (!verdict && !length.readable)
                verdict = 400;
            if (!verdict && length.tooLarge)
                verdict = 413;
        } else if (!verdict && c.head.size() >= HeaderAllowance) {
            verdict = 413;
        }
    }
    if (!verdict && c.seen > limit + HeaderAllowance)
        verdict = 413;
    if (c.rejected) {
        // Read and forget the rest, so the client finishes sending and reads the answer instead of a reset.
        socket->skip(available);
        c.discarded += available;
        if ((c.requestEnd >= 0 && c.seen >= c.requestEnd) || c.discarded > MaxDiscardBytes)
            socket->disconnectFromHost(); // may erase c: nothing after this
    } else if (verdict) {
        refuse(socket, c, verdict);
    }
}

void BoundedTcpServer::refuse(QTcpSocket *socket, Connection &c, int status)
{
    c.rejected = true;
    if (status == 413)
        qCWarning(lcNet) << "request over" << m_maxBodyBytes << "bytes refused before reading it";
    else
        qCInfo(lcNet) << "request refused with" << status;
    // Nothing of it reaches QHttpServer: its reader runs after this one and finds the socket drained.
    const qint64 available = socket->bytesAvailable();
    socket->skip(available);
    c.discarded += available;
    socket->write(refusal(status, !c.isHead));
    enterPhase(c, Lingering);
    const bool complete = c.requestEnd >= 0 && c.seen >= c.requestEnd;
    if (status == 413)
        Q_EMIT rejected();
    else
        Q_EMIT refused(status);
    if (complete && m_connections.count(socket))
        socket->disconnectFromHost(); // sends the answer, then closes
}

void BoundedTcpServer::onBytesWritten(QTcpSocket *socket, Connection &c)
{
    // An answer went out after the whole request arrived: what follows is the next request on this kept-alive
    // connection. (Not after an interim "100 Continue", which comes before the body. A chunked request has no
    // announced end, so its connection keeps one budget and one deadline; vendors' callbacks are small and
    // announce their length.)
    if (c.rejected || socket->bytesToWrite() > 0 || c.requestEnd < 0 || c.seen < c.requestEnd)
        return;
    const qint64 surplus = c.seen - c.requestEnd;
    c.seen = surplus;
    c.head.clear();
    c.headDone = false;
    c.headUnseen = surplus > 0; // QHttpServer already read its start
    c.requestEnd = -1;
    c.discarded = 0;
    enterPhase(c, surplus > 0 ? Receiving : Idle);
}

bool BoundedTcpServer::shedOne()
{
    QTcpSocket *victim = nullptr;
    const Connection *worst = nullptr;
    for (const auto &[socket, c] : m_connections) {
        if (!worst || std::tie(c->phase, c->since, c->order) < std::tie(worst->phase, worst->since, worst->order)) {
            victim = socket;
            worst = c.get();
        }
    }
    if (!victim)
        return false;
    m_connections.erase(victim); // before abort(), in case the socket is already half gone
    victim->abort();
    return true;
}

void BoundedTcpServer::reportShed()
{
    // The first report at once, later ones at most once a second: a flood must not flood the log too.
    if (m_reportQueued)
        return;
    m_reportQueued = true;
    const qint64 wait = m_lastReport < 0 ? 0 : qMax<qint64>(0, m_lastReport + ReportEveryMs - m_clock.elapsed());
    QTimer::singleShot(int(wait), this, [this] {
        m_reportQueued = false;
        if (m_shedSinceReport == 0)
            return;
        m_lastReport = m_clock.elapsed();
        qCWarning(lcNet) << "connection limit" << m_cap << "reached: closed" << m_shedSinceReport
                         << "idle or unfinished connections";
        Q_EMIT shed(m_shedSinceReport, openConnections(), m_cap);
        m_shedSinceReport = 0;
    });
}

void BoundedTcpServer::reportHandshakeFailures()
{
    if (m_failReportQueued)
        return;
    m_failReportQueued = true;
    const qint64 wait =
        m_lastFailReport < 0 ? 0 : qMax<qint64>(0, m_lastFailReport + ReportEveryMs - m_clock.elapsed());
    QTimer::singleShot(int(wait), this, [this] {
        m_failReportQueued = false;
        if (m_failedSinceReport == 0)
            return;
        m_lastFailReport = m_clock.elapsed();
        Q_EMIT handshakesFailed(m_failedSinceReport);
        m_failedSinceReport = 0;
    });
}

void BoundedTcpServer::onAcceptError(QAbstractSocket::SocketError error)
{
    if (!isListening())
        return;
    // Qt has paused accepting (it does so on any error but EAGAIN). Resume later, never at once: the listening
    // socket stays readable while the backlog holds connections, so an immediate retry would spin.
    pauseAccepting();
    if (error == QAbstractSocket::SocketResourceError) {
        // Out of descriptors (or memory) at fewer connections than the cap: something else holds files. Make room
        // now (an eighth of the connections, oldest idle first) and fit the cap to what was really possible.
        const int open = openConnections();
        int closed = 0;
        for (int target = qMax(1, open / 8); closed < target && shedOne();)
            ++closed;
        m_cap = qMin(m_cap, qMax(MinConnections, openConnections()));
        m_shedSinceReport += closed;
        qCWarning(lcNet) << "out of open files at" << open << "connections: cap lowered to" << m_cap;
        if (closed > 0)
            reportShed();
    } else {
        qCWarning(lcNet) << "accepting a connection failed:" << errorString();
    }
    QTimer::singleShot(AcceptPauseMs, this, [this] {
        if (isListening())
            resumeAccepting();
    });
}

} // namespace LeadRelay
