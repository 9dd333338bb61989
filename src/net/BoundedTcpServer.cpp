// SPDX-License-Identifier: GPL-3.0-or-later
#include "BoundedTcpServer.h"

#include "NetLog.h"

#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace LeadRelay
{

namespace
{

// After a 413: how long, and how much, to keep reading and discarding so the client gets to read the answer.
constexpr int LingerMs = 3000;
constexpr qint64 MaxDiscardBytes = 8 * 1024 * 1024;

// What has been seen of the request now arriving on one connection.
struct Watch
{
    qint64 seen = 0; // bytes of this request (and any after it) so far
    QByteArray head; // the start of the request, until its headers are complete
    bool headParsed = false;
    qint64 requestEnd = -1; // where this request ends, when it announced its length
    bool rejected = false;
    qint64 discarded = 0; // after rejecting: bytes read and thrown away
};

// Content-Length from complete request headers; -1 when absent or unreadable.
qint64 announcedLength(const QByteArray &headers)
{
    const QList<QByteArray> lines = headers.split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length") {
            bool ok = false;
            const qint64 value = line.mid(colon + 1).trimmed().toLongLong(&ok);
            return ok ? value : -1;
        }
    }
    return -1;
}

} // namespace

BoundedTcpServer::BoundedTcpServer(qsizetype maxBodyBytes, QObject *parent)
    : QTcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
{}

void BoundedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    auto watch = std::make_shared<Watch>();
    const qint64 limit = qint64(m_maxBodyBytes);

    // Connected before QHttpServer connects its own reader (it does so when it takes the pending connection),
    // so this runs first on every readyRead and can drain the socket before the body is buffered.
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, watch, limit] {
        const qint64 available = socket->bytesAvailable();
        watch->seen += available;
        if (watch->rejected) {
            // Read and forget the rest, so the client finishes sending and reads the 413 instead of a reset.
            socket->skip(available);
            watch->discarded += available;
            if ((watch->requestEnd >= 0 && watch->seen >= watch->requestEnd) || watch->discarded > MaxDiscardBytes)
                socket->disconnectFromHost();
            return;
        }
        if (!watch->headParsed) {
            watch->head += socket->peek(qMin<qint64>(available, HeaderAllowance));
            const qsizetype end = watch->head.indexOf("\r\n\r\n");
            if (end >= 0) {
                watch->headParsed = true;
                const qint64 announced = announcedLength(watch->head.left(end));
                watch->head.clear();
                if (announced >= 0)
                    watch->requestEnd = end + 4 + announced;
                if (announced > limit)
                    watch->rejected = true;
            } else if (watch->head.size() >= HeaderAllowance) {
                watch->rejected = true;
            }
        }
        if (watch->seen > limit + HeaderAllowance)
            watch->rejected = true;
        if (!watch->rejected)
            return;

        qCWarning(lcNet) << "request over" << limit << "bytes refused before reading it";
        socket->skip(socket->bytesAvailable());
        const QByteArray body = R"({"ok":false,"error":"body too large"})";
        socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        if (watch->requestEnd >= 0 && watch->seen >= watch->requestEnd)
            socket->disconnectFromHost();
        else
            QTimer::singleShot(LingerMs, socket, [socket] { socket->disconnectFromHost(); });
        Q_EMIT rejected();
    });
    // An answer went out after the whole request arrived: what follows is the next request on this kept-alive
    // connection. (Not after an interim "100 Continue", which comes before the body. A chunked request has no
    // announced end, so its connection keeps one budget; vendors' callbacks are small and announce their length.)
    connect(socket, &QTcpSocket::bytesWritten, socket, [watch] {
        if (watch->rejected || watch->requestEnd < 0 || watch->seen < watch->requestEnd)
            return;
        const qint64 surplus = watch->seen - watch->requestEnd;
        *watch = Watch{};
        watch->seen = surplus;
    });
    addPendingConnection(socket);
}

} // namespace LeadRelay
