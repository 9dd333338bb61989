// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the SubmissionService tests: a canned HTTP server, the sample lead, and a fixture wiring a real
// SQLite history, the training simulator on loopback and the service.
#include "net/VendorSimulator.h"
#include "pipeline/SubmissionService.h"
#include "store/HistoryStore.h"

#include "../TestData.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

namespace LeadRelay::Test
{

using namespace Qt::StringLiterals;
using Result = SubmissionService::Result;

// One HTTP exchange at a time: reads a complete request, calls onRequest, then writes `response` (nothing when
// empty: a vendor that hangs).
class CannedServer : public QTcpServer
{
public:
    QByteArray response;
    std::function<void()> onRequest;
    int requests = 0;

    CannedServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost);
    }

    static QByteArray answer(int status, const QByteArray &body)
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " Canned\r\nContent-Type: application/json\r\n" +
               "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    }

    QUrl url(const QString &path) const { return QUrl(u"http://127.0.0.1:%1%2"_s.arg(serverPort()).arg(path)); }

private:
    void read(QTcpSocket *socket)
    {
        const QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        socket->setProperty("buffer", buffer);
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(headerEnd).split('\n')) {
            if (line.toLower().startsWith("content-length:")) {
                length = line.mid(15).trimmed().toLongLong();
            }
        }
        if (buffer.size() < headerEnd + 4 + length) {
            return;
        }
        ++requests;
        if (onRequest) {
            onRequest();
        }
        if (!response.isEmpty()) {
            socket->write(response);
            socket->disconnectFromHost();
        }
    }
};

// For tests that run leadrelay-cli as a child process: the binary, the sample lead, and an environment with test
// credentials for BHM (sent to a loopback CannedServer with --endpoint).
inline const QString CliPath = QStringLiteral(LEADRELAY_BIN_DIR "/leadrelay-cli");
inline const QString SampleLeadPath = QStringLiteral(LEADRELAY_TEST_DATA "/leads/sample.json");

inline QProcessEnvironment bhmEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LEADRELAY_BHM_AFFILIATE_ID"_s, u"4242"_s);
    environment.insert(u"LEADRELAY_BHM_KEY"_s, u"11111111-2222-4333-8444-555555555555"_s);
    return environment;
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

class ServiceFixture
{
protected:
    QObject m_context;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<VendorSimulator> m_simulator;
    std::unique_ptr<SubmissionService> m_service;

    QString dbPath() const { return m_dir->filePath(u"history.sqlite"_s); }

    SubmissionService::Request request(const QString &vendorId, const Lead &lead = sampleLead()) const
    {
        SubmissionService::Request request;
        request.lead = lead;
        request.vendor = vendorById(vendorId);
        request.account.vendorId = vendorId;
        request.account.mode = AccountMode::Training;
        request.account.endpoint = m_simulator->endpoint(vendorId);
        request.account.timeoutMs = 10000;
        if (vendorId == u"bhm"_s) {
            request.account.user = QString::number(VendorSimulator::TrainingAffiliateId);
            request.account.secret = QString::fromLatin1(VendorSimulator::TrainingKey);
        } else {
            request.account.user = QString::fromLatin1(VendorSimulator::TrainingUser);
            request.account.secret = QString::fromLatin1(VendorSimulator::TrainingPassword);
        }
        return request;
    }

    std::optional<Result> submit(const SubmissionService::Request &request, int timeoutMs = 20000)
    {
        std::optional<Result> result;
        int calls = 0;
        m_service->submit(request, &m_context, [&](const Result &answer) {
            result = answer;
            ++calls;
        });
        [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return calls > 0; }, timeoutMs);
        QTest::qWait(0);
        return calls == 1 ? result : std::nullopt;
    }

    int rowCount() { return int(m_store->count(HistoryFilter{})); }

    void setUp()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_skewDays = 0;
        m_frozenNow = QDateTime();
        m_store = std::make_unique<HistoryStore>(dbPath(), [this] { return clockNow(); });
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_simulator = std::make_unique<VendorSimulator>();
        m_simulator->setCallbackDelayMs(0);
        QVERIFY(m_simulator->listen());
        m_service = std::make_unique<SubmissionService>(m_store.get(), m_nam.get(), [this] { return clockNow(); });
    }

    void tearDown()
    {
        m_service.reset();
        m_simulator.reset();
        m_nam.reset();
        m_store.reset();
        m_dir.reset();
    }

    // Real time passes, but a test may jump ahead (the duplicate window), or stop time to pin an edge exactly.
    QDateTime clockNow() const
    {
        return m_frozenNow.isValid() ? m_frozenNow : QDateTime::currentDateTimeUtc().addDays(m_skewDays);
    }
    int m_skewDays = 0;
    QDateTime m_frozenNow;
};

} // namespace LeadRelay::Test
