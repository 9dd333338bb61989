// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Lead.h"
#include "core/Outcome.h"
#include "store/HistoryStore.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

// Shared by the receiver hardening tests: history rows waiting for a callback, raw HTTP over a socket, and raw
// descriptors for connections that only sit there.
namespace LeadRelay::Test
{

inline const QByteArray SoldCallback =
    R"({"success_bit": true, "message": "Lead sold.", "phone_number": "3105551212"})";

inline Lead receiverSampleLead()
{
    QFile file(QStringLiteral(LEADRELAY_TEST_DATA "/leads/sample.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing tests/data/leads/sample.json");
    return *leadFromJson(file.readAll()).lead;
}

// A row answered "accepted, preliminary", waiting for its final result under token.
inline QString waitingRow(HistoryStore &store, const QString &token)
{
    SubmissionStart start;
    start.lead = receiverSampleLead();
    start.vendorId = QStringLiteral("ntherm");
    start.accountMode = QStringLiteral("training");
    start.redactedRequest = "POST [redacted]";
    start.callbackToken = token;
    const QString id = store.begin(start);
    if (!id.isEmpty()) {
        Outcome outcome;
        outcome.state = OutcomeState::Accepted;
        outcome.final = false;
        outcome.httpStatus = 200;
        store.finish(id, outcome, 42);
    }
    return id;
}

inline QByteArray callbackRequest(const QString &token, const QByteArray &body = SoldCallback,
                                  const QByteArray &method = "POST", bool close = true)
{
    return method + " /callback/ntherm/" + token.toLatin1() +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + body;
}

// True once answer holds a status line, headers and the whole body they announce.
inline bool answerComplete(const QByteArray &answer)
{
    const qsizetype end = answer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QByteArray headers = answer.left(end).toLower();
    const qsizetype at = headers.indexOf("\r\ncontent-length:");
    if (at < 0)
        return true;
    const qsizetype lineEnd = headers.indexOf("\r\n", at + 2);
    const qint64 length = headers.mid(at + 17, lineEnd < 0 ? -1 : lineEnd - at - 17).trimmed().toLongLong();
    return answer.size() >= end + 4 + length;
}

// What the server sends until its answer is complete, it closes the connection, or the time is up.
inline QByteArray readUntilClosed(QTcpSocket &socket, int ms)
{
    QByteArray answer;
    (void)QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return answerComplete(answer) || socket.state() == QAbstractSocket::UnconnectedState;
        },
        ms);
    return answer + socket.readAll();
}

// One request on a fresh connection; the raw answer.
inline QByteArray exchange(quint16 port, const QByteArray &request, int ms = 10000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(ms))
        return {};
    socket.write(request);
    return readUntilClosed(socket, ms);
}

inline int statusOf(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

// A non-blocking TCP connection to 127.0.0.1:port that sends nothing; -1 when no descriptor was left.
inline int rawConnect(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address); // EINPROGRESS is expected
    return fd;
}

// True when the server closed (or reset) the connection: readable with nothing to read.
inline bool closedByPeer(int fd)
{
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0)
        return false;
    if (p.revents & (POLLHUP | POLLERR))
        return true;
    char byte = 0;
    return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

} // namespace LeadRelay::Test
