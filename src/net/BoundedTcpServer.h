// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QSslConfiguration>
#include <QTcpServer>

#include <memory>
#include <unordered_map>

class QSslSocket;

namespace LeadRelay
{

// How much a connection may cost the server. The defaults are the receiver's; tests shorten the times.
struct ConnectionLimits
{
    // Why 512: a vendor sends a final result every few seconds at most, over one or two connections; 512 leaves
    // a thousand-fold margin and costs about 6 MB when all are open, yet stays well inside the usual open-file
    // limit of 1,024 (see FdHeadroom). Lowered when the server is made if the limit in force is smaller.
    int maxConnections = 512;
    // A request's headers and body must all arrive within this time of its first byte. A vendor's callback is
    // under a kilobyte and arrives in one packet; 5 s still allows 13 KB/s for a 64 KiB body.
    int requestDeadlineMs = 5000;
    // A kept-alive connection with no request in progress (or a new one that sent nothing yet) is closed after
    // this long. Clients reconnect on their own; holding idle sockets only helps someone hoarding them.
    int idleTimeoutMs = 5000;
};

// The listening socket under a QHttpServer: a size cap, deadlines and a connection cap that Qt HttpServer 6.4
// does not have.
//
// Size. Qt HttpServer 6.4 reads a whole request body into memory before any handler sees it, with no limit, so a
// handler's size check comes too late to protect memory. This server watches each connection before QHttpServer
// reads it: a Content-Length above the cap, or more bytes than the cap plus room for headers, gets "413 Payload
// Too Large" and the connection is closed, the rest of the body unread. The announced length is compared with the
// cap before any arithmetic (Content-Length: 9223372036854775807 must not overflow), and a length that is not a
// plain decimal number gets "400 Bad Request". Handlers keep their own exact check (this one allows header slack).
//
// Time and count. Qt HttpServer 6.4 never closes a connection on its own: a thousand sockets that connect and
// send nothing (or half a request) held every open file the process had, and real callbacks were lost. Here every
// connection has a deadline (ConnectionLimits), and at the cap a new connection makes room by closing another:
// first one already answered with an error, then the oldest idle one, then the oldest with a request still
// unfinished. A legitimate callback arrives in one packet and is answered at once, so it is never the oldest.
//
// Out of files. Should accept() still fail for lack of file descriptors (something else in the process holds
// them), Qt 6.4 stops accepting for good (pauseAccepting) and every later callback waits in the backlog for
// ever; if it went on trying, the listening socket would stay readable and the event loop would spin. Here the
// error closes the oldest idle connections, lowers the cap below what was just open, and resumes accepting after
// AcceptPauseMs: no busy loop, and accepting resumes by itself. (The other known remedy, a spare descriptor
// closed to accept and drop the waiting connection, would drop the legitimate callbacks with the rest.)
//
// Method. With setOnlyMethod("POST") any other method, including TRACE and names Qt's parser does not know (it
// drops those without an answer), gets "405 Method Not Allowed" with "Allow: POST" here, before Qt reads a byte.
//
// TLS. With setTlsConfiguration() every connection is a QSslSocket that starts its server handshake at once, and
// everything above applies to it unchanged: the checks read what the handshake decrypted, and the handshake is
// part of the connection's first idle period. A connection must finish its handshake and send its first request
// byte within idleTimeoutMs of being accepted; handshake bytes do not restart that clock (QSslSocket reports
// only decrypted data), so a client that connects and never completes, or drips, the handshake is dropped at
// that deadline, and at the cap it goes with the idle connections. A failed handshake (a plain-HTTP client on
// this port, a scanner) closes the connection; nothing of it reaches QHttpServer. Failures are reported (signal
// handshakesFailed) at most once a second, like shedding.
class BoundedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    static constexpr qsizetype HeaderAllowance = 16 * 1024;
    // Files kept free for everything else in the process: the history (database, WAL, shared memory, journal),
    // Qt's event machinery, outgoing submissions, and in the app fonts, icons and the keychain.
    static constexpr int FdHeadroom = 256;
    static constexpr int MinConnections = 16;
    // After accept() failed for lack of files: how long before trying again (the listening socket stays readable
    // meanwhile, so trying at once would spin).
    static constexpr int AcceptPauseMs = 100;
    // Connections the kernel may hold for accept() (the system's somaxconn may lower it).
    static constexpr int ListenBacklog = 1024;

    explicit BoundedTcpServer(qsizetype maxBodyBytes, QObject *parent = nullptr);
    BoundedTcpServer(qsizetype maxBodyBytes, const ConnectionLimits &limits, QObject *parent = nullptr);
    ~BoundedTcpServer() override;

    // Any other method gets 405 before QHttpServer sees the request. Empty (the default): no check.
    void setOnlyMethod(const QByteArray &method) { m_onlyMethod = method; }
    // Before listen(): serve HTTPS with this certificate and key (see ServerTls::load). Not set: plain HTTP.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    bool isTls() const { return !m_tls.isNull(); }

    int openConnections() const { return int(m_connections.size()); }
    int connectionCap() const { return m_cap; }

Q_SIGNALS:
    // A request was cut off for size (for the log; nothing about its content is known).
    void rejected();
    // A request used another method than setOnlyMethod's, or announced an unreadable length.
    void refused(int httpStatus);
    // Connections were closed to make room at the cap or after running out of files: how many since the last
    // report (the first at once, then at most one report a second).
    void shed(int count, int openConnections, int cap);
    // TLS handshakes failed (the connections are closed): how many since the last report, reported like shed().
    void handshakesFailed(int count);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    struct Connection;

    bool startTls(QSslSocket *socket);
    void onReadyRead(QTcpSocket *socket, Connection &c);
    void onBytesWritten(QTcpSocket *socket, Connection &c);
    void refuse(QTcpSocket *socket, Connection &c, int status);
    void enterPhase(Connection &c, int phase);
    bool shedOne();
    void reportShed();
    void reportHandshakeFailures();
    void onAcceptError(QAbstractSocket::SocketError error);

    qsizetype m_maxBodyBytes;
    ConnectionLimits m_limits;
    int m_cap;
    QByteArray m_onlyMethod;
    QSslConfiguration m_tls;
    std::unordered_map<QTcpSocket *, std::unique_ptr<Connection>> m_connections;
    QElapsedTimer m_clock;
    quint64 m_sequence = 0;
    int m_shedSinceReport = 0;
    bool m_reportQueued = false;
    qint64 m_lastReport = -1; // m_clock time of the last shed() report
    // The same for handshakesFailed(): scanners probe every open HTTPS port, and must not flood the log either.
    int m_failedSinceReport = 0;
    bool m_failReportQueued = false;
    qint64 m_lastFailReport = -1;
};

} // namespace LeadRelay
