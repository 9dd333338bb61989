// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "BoundedTcpServer.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <memory>

namespace LeadRelay
{

class HistoryStore;

// Receives vendors' final results: POST <base>/callback/<vendor>/<token>.
// 200 applied (or already applied), 404 unknown token or vendor, 405 (with "Allow: POST") every other method,
// 413 body over 64 KiB, 503 when the history cannot record it. Each connection has deadlines and the number of
// connections a cap (ConnectionLimits, BoundedTcpServer): idle and half-sent connections cannot starve it.
// With a TLS configuration (ServerTls::load) it serves HTTPS only: the callback URL carries the row's secret token.
class CallbackReceiver : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype MaxBodyBytes = 64 * 1024;

    explicit CallbackReceiver(HistoryStore *store, QObject *parent = nullptr);
    ~CallbackReceiver() override;

    // Before listen(): the defaults are meant for production; tests shorten the times and lower the cap.
    void setConnectionLimits(const ConnectionLimits &limits);
    // Before listen(): serve HTTPS with this configuration (certificate chain and key) instead of plain HTTP.
    void setTlsConfiguration(const QSslConfiguration &configuration);
    bool isTls() const;
    bool listen(const QHostAddress &address, quint16 port);
    quint16 port() const;

    // A fresh token of at least 128 random bits, URL-safe.
    static QString newToken();
    // base + "/callback/<vendor>/<token>"
    static QUrl callbackUrl(const QUrl &base, const QString &vendorId, const QString &token);

Q_SIGNALS:
    // After a callback changed the history (not for repeats).
    void finalised(const QString &submissionId);
    // One line per callback, no personal data: "ntherm <token prefix> 200 applied"; and at most one line a second
    // while connections are being closed at the cap or TLS handshakes fail.
    void logLine(const QString &line);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace LeadRelay
