// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallbackReceiver.h"

#include "BoundedTcpServer.h"
#include "NetLog.h"
#include "store/HistoryStore.h"
#include "vendors/Vendor.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <array>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

constexpr int TokenBytes = 24; // 192 bits; 32 base64url characters

bool isTokenShaped(const QString &token)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_-]{22,128}$"_s);
    return pattern.match(token).hasMatch();
}

QHttpServerResponse answer(int status, const QString &error = {})
{
    QJsonObject body{{u"ok"_s, error.isEmpty()}};
    if (!error.isEmpty())
        body.insert(u"error"_s, error);
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(body).toJson(QJsonDocument::Compact),
                               static_cast<QHttpServerResponse::StatusCode>(status));
}

} // namespace

struct CallbackReceiver::Private
{
    CallbackReceiver *q = nullptr;
    HistoryStore *store = nullptr;
    QHttpServer server;
    ConnectionLimits limits;
    QSslConfiguration tls; // null: plain HTTP
    quint16 port = 0;

    QHttpServerResponse handle(const QString &vendorId, const QString &token, const QHttpServerRequest &request);
    void log(const QString &vendor, const QString &token, int status, const QString &result);
};

void CallbackReceiver::Private::log(const QString &vendor, const QString &token, int status, const QString &result)
{
    // Never the body (it names a customer) and never the whole token (it is the key to the row).
    const QString line =
        u"%1 %2 %3 %4"_s.arg(vendor, isTokenShaped(token) ? token.left(6) : u"-"_s).arg(status).arg(result);
    qCInfo(lcNet).noquote() << "callback" << line;
    Q_EMIT q->logLine(line);
}

QHttpServerResponse CallbackReceiver::Private::handle(const QString &vendorId, const QString &token,
                                                      const QHttpServerRequest &request)
{
    const Vendor *vendor = vendorById(vendorId);
    // Only a known vendor's id is ever written to the log: the path is whatever the caller typed.
    const QString vendorLabel = vendor ? vendor->id() : u"unknown"_s;

    if (request.method() != QHttpServerRequest::Method::Post) {
        log(vendorLabel, token, 405, u"method not allowed"_s);
        QHttpServerResponse response = answer(405, u"use POST"_s);
        response.addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("POST"));
        return response;
    }
    if (!vendor || !vendor->supportsCallback()) {
        log(vendorLabel, token, 404, u"unknown vendor"_s);
        return answer(404, u"not found"_s);
    }
    bool lengthOk = false;
    const qint64 announced = request.value("Content-Length").trimmed().toLongLong(&lengthOk);
    if ((lengthOk && announced > MaxBodyBytes) || request.body().size() > MaxBodyBytes) {
        log(vendorLabel, token, 413, u"body too large"_s);
        return answer(413, u"body too large"_s);
    }
    if (!isTokenShaped(token) || !store) {
        log(vendorLabel, token, 404, u"unknown token"_s);
        return answer(404, u"not found"_s);
    }

    // finalise() is idempotent and says which row it applied to, but not whether it changed anything; the store
    // signals changed(id) only after a commit that changed a row, so watch for it during the call.
    bool changed = false;
    const QString errorBefore = store->lastError();
    const QMetaObject::Connection watch =
        QObject::connect(store, &HistoryStore::changed, q, [&changed](const QString &) { changed = true; });
    const std::optional<QString> applied = store->finalise(token, vendor->parseCallback(request.body()));
    QObject::disconnect(watch);

    if (!applied && store->lastError() != errorBefore) {
        // The history could not be written: not the caller's fault, and worth another try from the vendor.
        log(vendorLabel, token, 503, u"history unavailable"_s);
        return answer(503, u"try again later"_s);
    }
    if (!applied) {
        log(vendorLabel, token, 404, u"unknown token"_s);
        return answer(404, u"not found"_s);
    }
    log(vendorLabel, token, 200, changed ? u"applied"_s : u"repeat"_s);
    if (changed)
        Q_EMIT q->finalised(*applied);
    return answer(200);
}

CallbackReceiver::CallbackReceiver(HistoryStore *store, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->store = store;
    d->server.route(u"/callback/<arg>/<arg>"_s,
                    [this](QString vendorId, QString token, const QHttpServerRequest &request) {
                        return d->handle(vendorId, token, request);
                    });
    d->server.setMissingHandler([this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        d->log(u"-"_s, {}, 404, u"unknown path"_s);
        responder.write(QJsonDocument(QJsonObject{{u"ok"_s, false}, {u"error"_s, u"not found"_s}}),
                        QHttpServerResponder::StatusCode::NotFound);
    });
}

CallbackReceiver::~CallbackReceiver() = default;

void CallbackReceiver::setConnectionLimits(const ConnectionLimits &limits)
{
    d->limits = limits;
}

void CallbackReceiver::setTlsConfiguration(const QSslConfiguration &configuration)
{
    d->tls = configuration;
}

bool CallbackReceiver::isTls() const
{
    return !d->tls.isNull();
}

bool CallbackReceiver::listen(const QHostAddress &address, quint16 port)
{
    // The size cap, the deadlines and the method check must act before QHttpServer reads a request (see
    // BoundedTcpServer).
    auto *tcp = new BoundedTcpServer(MaxBodyBytes, d->limits, &d->server);
    tcp->setOnlyMethod(QByteArrayLiteral("POST"));
    if (!d->tls.isNull())
        tcp->setTlsConfiguration(d->tls);
    if (!tcp->listen(address, port)) {
        qCWarning(lcNet) << "callback receiver cannot listen on port" << port << tcp->errorString();
        delete tcp;
        return false;
    }
    connect(tcp, &BoundedTcpServer::rejected, this, [this] { d->log(u"-"_s, {}, 413, u"body too large"_s); });
    connect(tcp, &BoundedTcpServer::refused, this, [this](int status) {
        d->log(u"-"_s, {}, status, status == 405 ? u"method not allowed"_s : u"bad request"_s);
    });
    connect(tcp, &BoundedTcpServer::handshakesFailed, this, [this](int count) {
        // Nothing of those requests could be read: no vendor, no token, no status. At most one line a second.
        const QString line = u"- - - %1 TLS handshake(s) failed (plain http:// on this port, or a caller that "
                             u"distrusts the certificate?)"_s.arg(count);
        qCInfo(lcNet).noquote() << "callback" << line;
        Q_EMIT logLine(line);
    });
    connect(tcp, &BoundedTcpServer::shed, this, [this](int count, int open, int cap) {
        // Someone is holding connections open (or many vendors call at once): say so, once a second at most.
        const QString line =
            u"- - - closed %1 idle or unfinished connections (%2 open, limit %3)"_s.arg(count).arg(open).arg(cap);
        qCWarning(lcNet).noquote() << "callback" << line;
        Q_EMIT logLine(line);
    });
    d->server.bind(tcp);
    d->port = tcp->serverPort();
    return true;
}

quint16 CallbackReceiver::port() const
{
    return d->port;
}

QString CallbackReceiver::newToken()
{
    std::array<quint32, TokenBytes / sizeof(quint32)> words{};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), TokenBytes);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QUrl CallbackReceiver::callbackUrl(const QUrl &base, const QString &vendorId, const QString &token)
{
    QUrl url = base;
    QString path = base.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/callback/"_s + vendorId + u'/' + token);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

} // namespace LeadRelay
