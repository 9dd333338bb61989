// SPDX-License-Identifier: GPL-3.0-or-later
#include "Submitter.h"

#include "NetLog.h"
#include "OneShotUploadDevice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// One send in flight. Shared by the reply's handlers so that whichever ends it first wins and done runs once.
struct Call
{
    QPointer<QObject> context;
    bool hadContext = false;
    std::function<void(const TransportResult &)> done;
    QElapsedTimer clock;
    int timeoutMs = 0;
    bool completed = false;
    bool timedOut = false;
    bool oversize = false;
    QByteArray body;
};

void complete(const std::shared_ptr<Call> &call, TransportResult result)
{
    if (call->completed)
        return;
    call->completed = true;
    result.durationMs = call->clock.isValid() ? call->clock.elapsed() : 0;
    auto done = std::move(call->done);
    call->done = nullptr;
    // The caller's object is gone: nobody is left to tell. The history row stays "sending" and is turned into
    // "delivery unknown (interrupted)" at the next start, which is the truth.
    if (call->hadContext && !call->context)
        return;
    if (done)
        done(result);
}

// Failures that happen before a single byte of the request leaves this computer: safe to send again.
bool failedBeforeSending(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProtocolUnknownError:
    // The proxy could not be reached at all, so nothing reached the vendor either.
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return true;
    default:
        return false;
    }
}

QString reasonFor(QNetworkReply::NetworkError error, const QString &qtText)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return Submitter::tr("the vendor's server refused the connection");
    case QNetworkReply::HostNotFoundError:
        return Submitter::tr("the vendor's server name could not be found (check the address and the network)");
    case QNetworkReply::SslHandshakeFailedError:
        return Submitter::tr("a secure connection to the vendor could not be established (%1)").arg(qtText);
    case QNetworkReply::ProtocolUnknownError:
        return Submitter::tr("the address cannot be used for sending (%1)").arg(qtText);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return Submitter::tr("the proxy server could not be reached");
    case QNetworkReply::RemoteHostClosedError:
        return Submitter::tr("The connection was closed before an answer arrived");
    case QNetworkReply::ContentReSendError:
        return Submitter::tr("The connection broke after the lead was sent and it was not sent again");
    case QNetworkReply::TimeoutError:
        return Submitter::tr("The connection timed out");
    default:
        return Submitter::tr("The connection failed (%1)").arg(qtText);
    }
}

QString secondsText(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

} // namespace

Submitter::Submitter(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{}

bool Submitter::isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host.isEmpty())
        return false;
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString Submitter::checkEndpoint(const QUrl &url)
{
    if (url.isEmpty() || !url.isValid())
        return Submitter::tr("The vendor address is not a valid web address.");
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https"_s && scheme != u"http"_s)
        return Submitter::tr("The vendor address must start with https:// (it starts with \"%1:\").").arg(url.scheme());
    if (url.host().isEmpty())
        return Submitter::tr("The vendor address has no server name.");
    if (scheme == u"http"_s && !isLoopback(url))
        return Submitter::tr(
                   "Plain http:// is only allowed for this computer (localhost); use https:// for %1 so the lead "
                   "and the credentials travel encrypted.")
            .arg(url.host());
    return {};
}

void Submitter::send(const HttpRequest &request, int timeoutMs, QObject *context,
                     std::function<void(const TransportResult &)> done)
{
    auto call = std::make_shared<Call>();
    call->context = context;
    call->hadContext = context != nullptr;
    call->done = std::move(done);
    // Every send ends: a POST without a limit could leave a row "sending" and an agent waiting for ever.
    if (timeoutMs <= 0)
        timeoutMs = DefaultTimeoutMs;
    call->timeoutMs = timeoutMs;
    call->clock.start();
    QObject *deliveryContext = context ? context : this;

    const QString refused = checkEndpoint(request.url);
    if (!refused.isEmpty() || !m_nam) {
        TransportResult result;
        result.kind = TransportResult::NotDelivered;
        result.error = refused.isEmpty() ? Submitter::tr("no network access is configured") : refused;
        // Asynchronous like every other answer, so callers never see done() run inside send().
        QTimer::singleShot(0, deliveryContext, [call, result] { complete(call, result); });
        return;
    }

    QNetworkRequest networkRequest(request.url);
    for (const auto &[name, value] : request.headers)
        networkRequest.setRawHeader(name, value);
    networkRequest.setHeader(QNetworkRequest::ContentLengthHeader, request.body.size());
    // A 3xx is the vendor's answer, not an instruction to POST the lead somewhere else.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    networkRequest.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // HTTP/1.1 only: one predictable transport path, the one the loopback fault tests exercise. (HTTP/2 may
    // replay requests after a GOAWAY; OneShotUploadDevice would refuse that too, but there is no gain for one
    // small POST every few minutes.)
    networkRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    // A fresh connection for every lead. A kept-alive connection can be closed by the server at the very moment
    // we write to it; Qt then sends the request again on a new connection, which for a POST can duplicate the
    // lead. Without reuse that race cannot happen: "Connection: close" asks the server to close after answering,
    // and a cache expiry of 0 makes Qt drop its side too (Qt ignores the request header for its own pool).
    // OneShotUploadDevice is the last guard should Qt try to resend anyway. The price, one TCP and TLS handshake
    // per lead, is nothing at an agent's pace.
    networkRequest.setRawHeader("Connection", "close");
    networkRequest.setAttribute(QNetworkRequest::ConnectionCacheExpiryTimeoutSecondsAttribute, 0);
    // Our own timer decides and knows that it fired; Qt's transfer timeout stays off so it cannot race it.
    networkRequest.setTransferTimeout(0);

    auto *upload = new OneShotUploadDevice(request.body);
    QNetworkReply *reply = request.method == "POST" ? m_nam->post(networkRequest, upload)
                                                    : m_nam->sendCustomRequest(networkRequest, request.method, upload);
    upload->setParent(reply);
    qCInfo(lcNet) << "sending" << request.method << request.url.host() << request.url.path() << request.body.size()
                  << "bytes";

    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer); // "no answer within N seconds" must not fire early
    connect(timer, &QTimer::timeout, reply, [reply, call] {
        call->timedOut = true;
        reply->abort();
    });
    timer->start(timeoutMs);

    // Certificate problems are never ignored; they end as SslHandshakeFailedError. Only log what kind.
    connect(reply, &QNetworkReply::sslErrors, reply, [url = request.url](const QList<QSslError> &errors) {
        qCWarning(lcNet) << "TLS errors for" << url.host()
                         << (errors.isEmpty() ? QString() : errors.first().errorString());
    });

    connect(reply, &QNetworkReply::readyRead, reply, [reply, call] {
        if (call->oversize)
            return;
        const qint64 room = MaxBodyBytes - call->body.size();
        call->body += reply->read(room + 1);
        if (call->body.size() > MaxBodyBytes) {
            // An answer did arrive; keep its start and let the vendor's parser judge it (it will not parse).
            call->body.truncate(MaxBodyBytes);
            call->oversize = true;
            qCWarning(lcNet) << "answer larger than" << MaxBodyBytes << "bytes: truncated";
            reply->abort();
        }
    });

    // Connected to the reply, not to the caller's context: the reply must always be cleaned up, and complete()
    // checks whether the context still exists. If it died, the reply still runs to its end (aborting cannot
    // unsend a POST).
    connect(reply, &QNetworkReply::finished, reply, [reply, call, upload, timer] {
        timer->stop();
        reply->deleteLater();
        if (!call->oversize && reply->isOpen()) {
            const qint64 room = MaxBodyBytes - call->body.size();
            call->body += reply->read(room + 1);
            if (call->body.size() > MaxBodyBytes) {
                call->body.truncate(MaxBodyBytes);
                call->oversize = true;
            }
        }

        TransportResult result;
        const QNetworkReply::NetworkError error = reply->error();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status > 0) {
            // Any status is an answer, 4xx and 5xx included (Qt reports those as errors too). If the body was cut
            // short the parser sees that; the error is kept for the log.
            result.kind = TransportResult::Answered;
            result.httpStatus = status;
            result.body = call->body;
            if (call->oversize)
                result.error = Submitter::tr("The answer was larger than %1 bytes and was cut").arg(MaxBodyBytes);
            else if (call->timedOut)
                result.error =
                    Submitter::tr("The answer did not finish within %1 seconds").arg(secondsText(call->timeoutMs));
            else if (error != QNetworkReply::NoError && error < QNetworkReply::ProxyConnectionRefusedError)
                result.error = reasonFor(error, reply->errorString());
        } else if (call->timedOut) {
            result.kind = TransportResult::DeliveryUnknown;
            result.error = Submitter::tr("No answer within %1 seconds").arg(secondsText(call->timeoutMs));
        } else if (upload->rewindRefused()) {
            result.kind = TransportResult::DeliveryUnknown;
            result.error = reasonFor(QNetworkReply::ContentReSendError, reply->errorString());
        } else if (failedBeforeSending(error)) {
            result.kind = TransportResult::NotDelivered;
            result.error = reasonFor(error, reply->errorString());
        } else {
            result.kind = TransportResult::DeliveryUnknown;
            result.error = reasonFor(error == QNetworkReply::NoError ? QNetworkReply::UnknownNetworkError : error,
                                     reply->errorString());
        }
        qCInfo(lcNet) << "transport result" << result.kind << "status" << result.httpStatus << "qt error" << error
                      << result.body.size() << "bytes" << call->clock.elapsed() << "ms";
        complete(call, result);
    });
}

// The transport's reason as a piece of a sentence: no final full stop.
static QString fragment(QString text)
{
    text = text.trimmed();
    while (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

Outcome Submitter::toOutcome(const Vendor &vendor, const TransportResult &result)
{
    Outcome outcome;
    switch (result.kind) {
    case TransportResult::Answered:
        return vendor.parseResponse(result.httpStatus, result.body);
    case TransportResult::NotDelivered:
        outcome.state = OutcomeState::NotDelivered;
        outcome.final = true;
        outcome.messages << Submitter::tr("Not sent: %1. It is safe to send again.").arg(fragment(result.error));
        return outcome;
    case TransportResult::DeliveryUnknown:
        outcome.state = OutcomeState::DeliveryUnknown;
        outcome.final = false;
        outcome.messages << Submitter::tr(
                                "%1. The vendor may have received the lead: check with them before resubmitting.")
                                .arg(fragment(result.error));
        return outcome;
    }
    return outcome;
}

} // namespace LeadRelay
