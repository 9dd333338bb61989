// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A loopback vendor for the batch tests: counts every complete request by the phone number in its body, answers
// with a canned response, or holds requests (never answers) once told to, like a vendor that hangs.
#include <QHash>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace LeadRelay::Test
{

class CountingServer : public QTcpServer
{
public:
    QByteArray response;
    int answerFirst = -1; // answer this many requests, hold the rest; -1: answer all
    int requests = 0;
    QHash<QString, int> byPhone;
    QList<QTcpSocket *> held;

    CountingServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QObject::destroyed, this, [this, socket] { held.removeAll(socket); });
            }
        });
        listen(QHostAddress::LocalHost);
    }

    static QByteArray answer(int status, const QByteArray &body)
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " Canned\r\nContent-Type: application/json\r\n" +
               "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    }

    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path);
    }

    int maxPerPhone() const
    {
        int most = 0;
        for (const int count : byPhone)
            most = qMax(most, count);
        return most;
    }

private:
    void read(QTcpSocket *socket)
    {
        const QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        socket->setProperty("buffer", buffer);
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(headerEnd).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        static const QRegularExpression phone(QStringLiteral("\"phone\":\"([0-9]{10})\""));
        const QRegularExpressionMatch match = phone.match(QString::fromUtf8(buffer.mid(headerEnd + 4)));
        ++byPhone[match.hasMatch() ? match.captured(1) : QString()];
        ++requests;
        if (answerFirst >= 0 && requests > answerFirst) {
            held.append(socket);
            return;
        }
        socket->write(response);
        socket->disconnectFromHost();
    }
};

} // namespace LeadRelay::Test
