// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Submitter.h"
#include "net/VendorSimulator.h"

#include "../TestData.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <optional>

// Shared by the simulator tests: a sample lead, a callback catcher, and sending through the real Submitter and
// vendor adapters the way the application does.
namespace LeadRelay::Test
{

using namespace Qt::StringLiterals;

// A callback catcher standing in for the agent's receiver: records every POST it gets.
class CallbackCatcher
{
public:
    CallbackCatcher()
    {
        m_server.route(u"/cb/<arg>"_s, [this](QString, const QHttpServerRequest &request) {
            bodies.append(request.body());
            return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok);
        });
        m_port = m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/cb/abcdefabcdefabcdefabcdef"_s.arg(m_port)); }
    QList<QByteArray> bodies;

private:
    QHttpServer m_server;
    quint16 m_port = 0;
};

class SimulatorTestBase : public QObject
{
protected:
    VendorSimulator *m_sim = nullptr;
    QNetworkAccessManager *m_nam = nullptr;

    bool startSimulator()
    {
        m_sim = new VendorSimulator(this);
        m_sim->setCallbackDelayMs(0);
        m_nam = new QNetworkAccessManager(this);
        return m_sim->listen() && m_sim->port() > 0;
    }

    void stopSimulator()
    {
        delete m_sim;
        delete m_nam;
        m_sim = nullptr;
        m_nam = nullptr;
    }

    VendorAccount account(const QString &vendorId, bool goodCredentials = true) const
    {
        VendorAccount a;
        a.vendorId = vendorId;
        if (m_sim) // _data functions run before init()
            a.endpoint = m_sim->endpoint(vendorId);
        if (vendorId == u"ntherm"_s) {
            a.user = QLatin1String(VendorSimulator::TrainingUser);
            a.secret = goodCredentials ? QLatin1String(VendorSimulator::TrainingPassword) : u"wrong"_s;
        } else {
            a.user = QString::number(VendorSimulator::TrainingAffiliateId);
            a.secret = goodCredentials ? QLatin1String(VendorSimulator::TrainingKey) : u"wrong-key"_s;
        }
        return a;
    }

    std::optional<TransportResult> send(const HttpRequest &request)
    {
        Submitter submitter(m_nam);
        std::optional<TransportResult> result;
        submitter.send(request, 10000, this, [&](const TransportResult &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
            return std::nullopt;
        return result;
    }

    // Through the real vendor adapter and the real Submitter, the way the application sends.
    Outcome submit(const Lead &lead, const QString &vendorId, bool goodCredentials = true, const QUrl &callback = {})
    {
        const Vendor *vendor = vendorById(vendorId);
        if (!vendor)
            qFatal("unknown vendor");
        const auto result = send(vendor->buildRequest(lead, account(vendorId, goodCredentials), callback));
        if (!result || result->kind != TransportResult::Answered) {
            Outcome failed;
            failed.messages << u"no answer"_s;
            return failed;
        }
        return Submitter::toOutcome(*vendor, *result);
    }

    HttpRequest rawRequest(const QString &vendorId, const QByteArray &body, const QByteArray &method = "POST")
    {
        HttpRequest request = vendorById(vendorId)->buildRequest(sampleLead(), account(vendorId));
        request.method = method;
        request.body = body;
        return request;
    }
};

} // namespace LeadRelay::Test
