// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "vendors/Vendor.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QNetworkAccessManager;

namespace LeadRelay
{

// What the transport saw, before the vendor's parser reads the body.
struct TransportResult
{
    enum Kind
    {
        Answered,        // an HTTP answer arrived (any status)
        NotDelivered,    // provably never left: DNS failure, connection refused, TLS handshake failure, bad URL
        DeliveryUnknown, // timeout, connection broken after sending, ...
    };
    Kind kind = DeliveryUnknown;
    int httpStatus = 0;
    QByteArray body; // capped
    QString error;   // for the agent, in plain words
    qint64 durationMs = 0;
};

// Sends one request with an injected QNetworkAccessManager, asynchronously; never retries.
// HTTPS is required unless the host is a loopback address; TLS errors are never ignored.
class Submitter : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype MaxBodyBytes = 4 * 1024 * 1024;
    static constexpr int DefaultTimeoutMs = 30000;

    explicit Submitter(QNetworkAccessManager *nam, QObject *parent = nullptr);

    // Empty when the URL may be used; else why not (plain http to a non-loopback host, not http(s)).
    static QString checkEndpoint(const QUrl &url);
    static bool isLoopback(const QUrl &url);

    // done is called exactly once, on this thread, unless context is destroyed first. timeoutMs <= 0 means
    // DefaultTimeoutMs. The request is sent at most once: Qt's own silent resends are refused (delivery unknown).
    void send(const HttpRequest &request, int timeoutMs, QObject *context,
              std::function<void(const TransportResult &)> done);

    // Turns a transport result into an Outcome: Answered → vendor.parseResponse (with the 5xx/unparsable rules);
    // otherwise NotDelivered / DeliveryUnknown with the error as message.
    static Outcome toOutcome(const Vendor &vendor, const TransportResult &result);

private:
    QNetworkAccessManager *m_nam;
};

} // namespace LeadRelay
