// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTcpServer>

namespace LeadRelay
{

// The listening socket under a QHttpServer, with a cap on how much one request may send.
//
// Qt HttpServer 6.4 reads a whole request body into memory before any handler sees it, with no limit, so a
// handler's size check comes too late to protect memory: anyone who can reach the callback port could send
// gigabytes. This server watches each connection before QHttpServer reads it: a Content-Length above the cap,
// or more bytes than the cap plus room for headers, gets "413 Payload Too Large" and the connection is closed,
// the rest of the body unread. Handlers keep their own exact check (this one allows some header slack).
class BoundedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    static constexpr qsizetype HeaderAllowance = 16 * 1024;

    explicit BoundedTcpServer(qsizetype maxBodyBytes, QObject *parent = nullptr);

Q_SIGNALS:
    // A request was cut off for size (for the log; nothing about its content is known).
    void rejected();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    qsizetype m_maxBodyBytes;
};

} // namespace LeadRelay
