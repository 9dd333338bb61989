// SPDX-License-Identifier: GPL-3.0-or-later
//
// Training simulator: the rules (README.md, "Training simulator", quotes this block)
// ----------------------------------------------------------------------------------
// Both vendors run on one loopback port (http://127.0.0.1:PORT). Only POST is answered (other methods: 405);
// bodies over 1 MiB: 413. Answers are always valid JSON (the documents' broken JSON is tested with fixtures).
//
// 0. Trainer's triggers, for both vendors, checked before anything else: a customer whose last name is
//      "Unauthorized"  → the vendor's bad-credentials answer (401): shown as an account problem;
//      "ServerError"   → 503 with an HTML page: the lead may have arrived, shown as delivery unknown;
//      "Invalid"       → (BHM only) validated 0, "Email: address is not deliverable": shown as invalid.
//
// nTherm, POST /v1/postLead
//   1. Authorization must be HTTP Basic training:training, else 401 {"success_bit":false,
//      "message":[{"error":"Unauthorized"}]} with a WWW-Authenticate challenge.
//   2. The body must be a JSON object sent as application/json, else 400.
//   3. Every field is checked and all problems are listed together in one 400 answer
//      {"success_bit":false,"message":[{"error":"..."},...]}, in the documents' words where they have any:
//        phone_number not exactly 10 digits        "Invalid Characters: <value>"
//        state not a US state/territory code        "Invalid State Code (2 characters): <value>"
//        mailing_state likewise                     "Invalid Mailing State Code: <value>"
//        certificate_url > 500 chars or not a URL   "Certificate URL exceeds 500 characters, or not a valid URL
//        <value>" neither certificate_url nor extra_data     "certificate_url is required when extra_data is not
//        provided" zip / mailing_zip not 5 digits             "Invalid Zip Code: <value>" / "Invalid Mailing Zip Code:
//        <value>" any other required field missing or blank  "<field> is required" ("street" or "customer_address" will
//        do)
//      call_back_url is optional; when given it must be an http(s) URL.
//   4. A phone number already accepted since the simulator started: 422 "Phone number can not be sent to
//      postLead at this time."
//   5. Otherwise 200 {"success_bit": true, "message": "Lead submitted successfully."} (preliminary).
//   6. Final result: if call_back_url was given, after the callback delay (1.5 s by default) the simulator POSTs
//      {"success_bit": ..., "message": "...", "phone_number": "<10 digits>"} to it, as JSON:
//        phone number ending in 9  → {"success_bit": false, "message": "Rejected after review: customer not
//                                     eligible."} (a late rejection)
//        any other phone number    → {"success_bit": true, "message": "Lead sold."}
//      Callbacks go to loopback addresses only (127.0.0.0/8, ::1, localhost); any other host is never called.
//
// Bright Horizons Media, POST /post/energy/   (the document names no HTTP statuses; the simulator uses 401 for a
// bad account only, 400 for a body it cannot read at all, and 200 for every answer about the lead itself)
//   1. xauth.affiliateid must be the JSON integer 123456 and xauth.key "00000000-0000-4000-8000-000000000000",
//      else 401 {"validated":0,"accepted":0,"sold":0,"disposition":null,
//      "messages":["Energy Dereg Lead could not be validated"],"errors":[["Invalid authorization"]]}.
//   2. Required: firstname, lastname, email, phone, address, zip, ip, source, sub1 ("Phone (required): can not be
//      blank"); phone in one of the four documented formats; zip a 5-character string (an integer is refused);
//      email, ip, state, dob (YYYY-MM-DD) and source (http(s), no query string) well-formed; at least one of
//      trustedformcertid / jornayaleadid. Problems: 200 with validated 0 and every error in one nested list.
//   3. A valid lead whose last name is "Reject" (any case): validated 1, accepted 0, sold 0,
//      disposition "Duplicate lead".
//   4. A valid lead whose zip ends in 0: validated 1, accepted 1, sold 0, disposition "No buyer available".
//   5. Any other valid lead: validated 1, accepted 1, sold 1 (billable).
//      Accepted leads get transactionid 100000001, 100000002, ... and leadid 200000001, 200000002, ...
//
#include "VendorSimulator.h"

#include "BoundedTcpServer.h"
#include "NetLog.h"
#include "SimulatedBhm.h"
#include "SimulatedNtherm.h"
#include "Submitter.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

constexpr qsizetype MaxRequestBytes = 1024 * 1024;

const QString NthermId = u"ntherm"_s;
const QString BhmId = u"bhm"_s;
const QString NthermPath = u"/v1/postLead"_s;
const QString BhmPath = u"/post/energy/"_s;

QHttpServerResponse jsonResponse(const QJsonObject &body, int status)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(body).toJson(QJsonDocument::Compact),
                               static_cast<QHttpServerResponse::StatusCode>(status));
}

bool tooLarge(const QHttpServerRequest &request)
{
    bool ok = false;
    const qint64 announced = request.value("Content-Length").trimmed().toLongLong(&ok);
    return (ok && announced > MaxRequestBytes) || request.body().size() > MaxRequestBytes;
}

// Trainer's triggers (rule 0 above): the customer's last name picks an outcome that a lead LeadRelay lets through
// could otherwise never reach. Returns "unauthorized", "servererror", "invalid" (BHM only) or empty.
QString trainerTrigger(bool ntherm, const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QString lastName = ntherm ? root.value(u"customer_name"_s).toString().section(u' ', -1)
                                    : root.value(u"transaction"_s).toObject().value(u"lastname"_s).toString();
    const QString key = lastName.trimmed().toLower();
    if (key == u"unauthorized"_s || key == u"servererror"_s || (!ntherm && key == u"invalid"_s))
        return key;
    return {};
}

} // namespace

struct VendorSimulator::Private
{
    VendorSimulator *q = nullptr;
    QHttpServer server;
    QNetworkAccessManager callbackNam;
    SimulatedNtherm ntherm;
    SimulatedBhm bhm;
    QHostAddress address;
    quint16 port = 0;
    int callbackDelayMs = 1500;

    QHttpServerResponse handle(const QString &vendorId, const QHttpServerRequest &request);
    void scheduleCallback(const QUrl &url, const QJsonObject &body);
};

QHttpServerResponse VendorSimulator::Private::handle(const QString &vendorId, const QHttpServerRequest &request)
{
    const bool ntherm = vendorId == NthermId;
    int status = 200;
    QJsonObject body;
    bool challenge = false;
    bool methodNotAllowed = false;

    if (request.method() != QHttpServerRequest::Method::Post) {
        status = 405;
        methodNotAllowed = true;
        body = ntherm ? SimulatedNtherm::errorBody({u"Method not allowed: use POST"_s})
                      : SimulatedBhm::notValidated({u"Method not allowed: use POST"_s});
    } else if (tooLarge(request)) {
        status = 413;
        body = ntherm ? SimulatedNtherm::errorBody({u"Request body too large"_s})
                      : SimulatedBhm::notValidated({u"Request body too large"_s});
    } else if (const QString trigger = trainerTrigger(ntherm, request.body()); !trigger.isEmpty()) {
        if (trigger == u"servererror"_s) {
            Q_EMIT q->requestHandled(vendorId, 503);
            return QHttpServerResponse(QByteArrayLiteral("text/html"),
                                       QByteArrayLiteral("<html><body><h1>503 Service Unavailable</h1></body></html>"),
                                       QHttpServerResponse::StatusCode::ServiceUnavailable);
        }
        if (trigger == u"unauthorized"_s) {
            status = 401;
            challenge = ntherm;
            body = ntherm ? SimulatedNtherm::errorBody({u"Unauthorized"_s})
                          : SimulatedBhm::notValidated({u"Invalid authorization"_s});
        } else {
            body = SimulatedBhm::notValidated({u"Email: address is not deliverable"_s});
        }
    } else if (ntherm) {
        SimulatedNtherm::Answer answer =
            this->ntherm.handle(request.value("Authorization"), request.value("Content-Type"), request.body());
        status = answer.httpStatus;
        body = answer.body;
        challenge = answer.authChallenge;
        if (answer.callbackUrl.isValid())
            scheduleCallback(answer.callbackUrl, answer.callbackBody);
    } else {
        SimulatedBhm::Answer answer = bhm.handle(request.value("Content-Type"), request.body());
        status = answer.httpStatus;
        body = answer.body;
    }

    QHttpServerResponse response = jsonResponse(body, status);
    if (challenge)
        response.addHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Basic realm=\"nTherm training\""));
    if (methodNotAllowed)
        response.addHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("POST"));
    qCInfo(lcNet) << "simulator" << vendorId << "answered" << status;
    Q_EMIT q->requestHandled(vendorId, status);
    return response;
}

void VendorSimulator::Private::scheduleCallback(const QUrl &url, const QJsonObject &body)
{
    const QString scheme = url.scheme().toLower();
    if ((scheme != u"http"_s && scheme != u"https"_s) || !Submitter::isLoopback(url)) {
        // A training lead must never make this computer call out to a real server.
        qCWarning(lcNet) << "simulator: not calling back a non-loopback address" << url.host();
        Q_EMIT q->callbackRefused(url);
        return;
    }
    QTimer::singleShot(callbackDelayMs, &callbackNam, [this, url, body] {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setTransferTimeout(15000);
        QNetworkReply *reply = callbackNam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, &callbackNam, [this, reply, url] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            qCInfo(lcNet) << "simulator callback answered" << status;
            Q_EMIT q->callbackSent(url, status);
        });
    });
}

VendorSimulator::VendorSimulator(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->server.route(NthermPath, [this](const QHttpServerRequest &request) { return d->handle(NthermId, request); });
    d->server.route(BhmPath, [this](const QHttpServerRequest &request) { return d->handle(BhmId, request); });
}

// Pending callbacks die with the access manager, and their handlers with it (it is their context object).
VendorSimulator::~VendorSimulator() = default;

bool VendorSimulator::listen(const QHostAddress &address, quint16 port)
{
    // Training data stays on this computer.
    if (!address.isLoopback()) {
        qCWarning(lcNet) << "simulator: refusing to listen on a non-loopback address";
        return false;
    }
    auto *tcp = new BoundedTcpServer(MaxRequestBytes, &d->server);
    if (!tcp->listen(address, port)) {
        delete tcp;
        return false;
    }
    connect(tcp, &BoundedTcpServer::rejected, this, [this] { Q_EMIT requestHandled(QString(), 413); });
    d->server.bind(tcp);
    d->address = address;
    d->port = tcp->serverPort();
    return true;
}

quint16 VendorSimulator::port() const
{
    return d->port;
}

QUrl VendorSimulator::baseUrl() const
{
    if (d->port == 0)
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(d->address.toString());
    url.setPort(d->port);
    return url;
}

QUrl VendorSimulator::endpoint(const QString &vendorId) const
{
    QUrl url = baseUrl();
    if (url.isEmpty())
        return {};
    if (vendorId == NthermId)
        url.setPath(NthermPath);
    else if (vendorId == BhmId)
        url.setPath(BhmPath);
    else
        return {};
    return url;
}

void VendorSimulator::setCallbackDelayMs(int ms)
{
    d->callbackDelayMs = qMax(0, ms);
}

} // namespace LeadRelay
