// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace LeadRelay::Test
{

// A tiny HTTP/1.1 server on loopback that misbehaves on purpose. It counts complete requests (headers plus the
// announced body), so tests can prove that nothing was sent twice.
class FaultServer : public QObject
{
    Q_OBJECT

public:
    enum Mode
    {
        Respond,           // write rawResponse after the request, then close (or keep open if keepAlive)
        DropAfterRequest,  // read the whole request, then abort the connection without a byte of answer
        Hang,              // read the request and never answer
        PlainTextToTls,    // answer whatever arrives (a TLS hello) with plain HTTP text
        CloseAfterRequest, // read the whole request, then close the connection in order (FIN), no answer
        CutAnswer,         // read the whole request, send rawResponse (the start of an answer), then close
    };

    explicit FaultServer(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &FaultServer::onNewConnection);
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    Mode mode = Respond;
    QByteArray rawResponse;
    bool keepAlive = false;

    int requests() const { return m_requests; }
    int connections() const { return m_connections; }
    QByteArray lastRequest() const { return m_lastRequest; }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString &path = QStringLiteral("/v1/postLead"), const QString &scheme = QStringLiteral("http")) const
    {
        QUrl u;
        u.setScheme(scheme);
        u.setHost(QStringLiteral("127.0.0.1"));
        u.setPort(port());
        u.setPath(path);
        return u;
    }

    static QByteArray response(int status, const QByteArray &reason, const QByteArray &contentType,
                               const QByteArray &body, bool close = true)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
        if (!contentType.isEmpty())
            out += "Content-Type: " + contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        out += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
        out += "\r\n" + body;
        return out;
    }

Q_SIGNALS:
    void requestReceived();

private:
    void onNewConnection()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            ++m_connections;
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (mode == PlainTextToTls) {
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        // Several requests may follow each other on one kept-alive connection.
        for (;;) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            qsizetype length = 0;
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() < headerEnd + 4 + length)
                return;
            m_lastRequest = buffer.left(headerEnd + 4 + length);
            buffer.remove(0, headerEnd + 4 + length);
            ++m_requests;
            Q_EMIT requestReceived();
            switch (mode) {
            case Respond:
                socket->write(rawResponse);
                if (!keepAlive)
                    socket->disconnectFromHost();
                break;
            case DropAfterRequest:
                socket->abort();
                return;
            case CloseAfterRequest:
                socket->disconnectFromHost();
                return;
            case CutAnswer:
                socket->write(rawResponse);
                socket->disconnectFromHost();
                return;
            case Hang:
            case PlainTextToTls:
                break;
            }
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QByteArray m_lastRequest;
    int m_requests = 0;
    int m_connections = 0;
};

} // namespace LeadRelay::Test
