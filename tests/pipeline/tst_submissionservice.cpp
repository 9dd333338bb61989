// SPDX-License-Identifier: GPL-3.0-or-later
// The whole way of one lead against the training simulator (and a few canned servers) on loopback, with a real
// SQLite history: outcomes, the durable "sending" row, the duplicate guard, callbacks and every refusal.
#include "net/CallbackReceiver.h"
#include "net/VendorSimulator.h"
#include "pipeline/SubmissionService.h"
#include "store/HistoryStore.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

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

Lead sampleLead()
{
    QFile file(QStringLiteral(LEADRELAY_TEST_DATA "/leads/sample.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return leadFromJson(file.readAll()).lead.value_or(Lead());
}

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(LEADRELAY_TEST_DATA "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class TestSubmissionService : public QObject
{
    Q_OBJECT

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
        m_service->submit(request, this, [&](const Result &answer) {
            result = answer;
            ++calls;
        });
        [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return calls > 0; }, timeoutMs);
        QTest::qWait(0);
        return calls == 1 ? result : std::nullopt;
    }

    int rowCount() { return int(m_store->count(HistoryFilter{})); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_skewDays = 0;
        m_store = std::make_unique<HistoryStore>(dbPath(), [this] { return clockNow(); });
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_simulator = std::make_unique<VendorSimulator>();
        m_simulator->setCallbackDelayMs(0);
        QVERIFY(m_simulator->listen());
        m_service = std::make_unique<SubmissionService>(m_store.get(), m_nam.get(), [this] { return clockNow(); });
    }

    void cleanup()
    {
        m_service.reset();
        m_simulator.reset();
        m_nam.reset();
        m_store.reset();
        m_dir.reset();
    }

    void outcomes_data()
    {
        QTest::addColumn<QString>("vendor");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<OutcomeState>("state");
        QTest::addColumn<bool>("billable");
        QTest::addColumn<bool>("final");
        QTest::addColumn<int>("httpStatus");
        QTest::newRow("ntherm accepted, preliminary")
            << u"ntherm"_s << u""_s << OutcomeState::Accepted << false << false << 200;
        QTest::newRow("ntherm account error")
            << u"ntherm"_s << u"wrong secret"_s << OutcomeState::AccountError << false << true << 401;
        QTest::newRow("bhm sold") << u"bhm"_s << u""_s << OutcomeState::Sold << true << true << 200;
        QTest::newRow("bhm accepted not sold")
            << u"bhm"_s << u"zip ends in 0"_s << OutcomeState::AcceptedNotSold << false << true << 200;
        QTest::newRow("bhm rejected") << u"bhm"_s << u"last name Reject"_s << OutcomeState::Rejected << false << true
                                      << 200;
        QTest::newRow("bhm account error")
            << u"bhm"_s << u"wrong secret"_s << OutcomeState::AccountError << false << true << 401;
    }

    void outcomes()
    {
        QFETCH(QString, vendor);
        QFETCH(QString, variant);
        QFETCH(OutcomeState, state);
        QFETCH(bool, billable);
        QFETCH(bool, final);
        QFETCH(int, httpStatus);

        SubmissionService::Request r = request(vendor);
        if (variant == u"wrong secret"_s) {
            r.account.secret = vendor == u"bhm"_s ? u"99999999-9999-4999-8999-999999999999"_s : u"wrong"_s;
        } else if (variant == u"zip ends in 0"_s) {
            r.lead.zip = u"90010"_s;
        } else if (variant == u"last name Reject"_s) {
            r.lead.lastName = u"Reject"_s;
        }
        QSignalSpy handled(m_simulator.get(), &VendorSimulator::requestHandled);
        const auto result = submit(r);
        QVERIFY(result);
        QCOMPARE(result->kind, Result::Sent);
        QCOMPARE(result->outcome.state, state);
        QCOMPARE(result->outcome.billable, billable);
        if (state != OutcomeState::AccountError) {
            QCOMPARE(result->outcome.final, final);
        }
        QCOMPARE(result->outcome.httpStatus, httpStatus);
        QCOMPARE(handled.size(), 1);

        const auto row = m_store->record(result->historyId);
        QVERIFY(row);
        QCOMPARE(row->state, state);
        QCOMPARE(row->billable, billable);
        QCOMPARE(row->httpStatus, httpStatus);
        QCOMPARE(row->vendorId, vendor);
        QCOMPARE(row->accountMode, u"training"_s);
        QVERIFY(row->answeredAt.isValid());
        QVERIFY(row->durationMs >= 0);
        // The stored request is redacted: the secret never reaches the history.
        QVERIFY(!row->redactedRequest.isEmpty());
        QVERIFY(!row->redactedRequest.contains(r.account.secret.toUtf8()));
        if (state == OutcomeState::Sold) {
            QVERIFY(!result->outcome.vendorTransactionId.isEmpty());
            QCOMPARE(row->vendorTransactionId, result->outcome.vendorTransactionId);
        }
    }

    void nthermRejectsAPhoneItHasSeen()
    {
        SubmissionService::Request r = request(u"ntherm"_s);
        r.allowDuplicate = true;
        QCOMPARE(submit(r)->outcome.state, OutcomeState::Accepted);
        const auto second = submit(r);
        QVERIFY(second);
        QCOMPARE(second->kind, Result::Sent);
        QCOMPARE(second->outcome.state, OutcomeState::Rejected);
        QCOMPARE(second->outcome.httpStatus, 422);
        QCOMPARE(m_store->record(second->historyId)->state, OutcomeState::Rejected);
    }

    void vendorInvalidAnswers_data()
    {
        QTest::addColumn<QString>("vendor");
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QString>("field");
        QTest::addColumn<OutcomeState>("state");
        // The documents' own (broken) answers, served as a real vendor would. nTherm knows no "invalid": its
        // 400 is a rejection naming the fields.
        QTest::newRow("ntherm 400 several errors")
            << u"ntherm"_s << CannedServer::answer(400, fixture(u"ntherm/response-400-several-errors.json"_s))
            << u"mailing_state"_s << OutcomeState::Rejected;
        QTest::newRow("ntherm 400 invalid characters")
            << u"ntherm"_s << CannedServer::answer(400, fixture(u"ntherm/response-400-invalid-characters.json"_s))
            << u"phone"_s << OutcomeState::Rejected;
        QTest::newRow("bhm not validated")
            << u"bhm"_s
            << CannedServer::answer(200, R"({"validated":0,"accepted":0,"sold":0,"disposition":,)"
                                         R"("messages":["Energy Dereg Lead could not be validated"],)"
                                         R"("errors":[["Phone (required): can not be blank"]]})")
            << u"phone"_s << OutcomeState::Invalid;
    }

    void vendorInvalidAnswers()
    {
        QFETCH(QString, vendor);
        QFETCH(QByteArray, response);
        QFETCH(QString, field);
        QFETCH(OutcomeState, state);
        CannedServer server;
        server.response = response;
        SubmissionService::Request r = request(vendor);
        r.account.endpoint = server.url(vendor == u"bhm"_s ? u"/post/energy/"_s : u"/v1/postLead"_s);
        const auto result = submit(r);
        QVERIFY(result);
        QCOMPARE(result->kind, Result::Sent);
        QCOMPARE(result->outcome.state, state);
        QVERIFY(!result->outcome.billable);
        QVERIFY(result->outcome.final);
        QVERIFY2(!issuesFor(result->outcome.fieldIssues, field).isEmpty(), qPrintable(field));
        const auto row = m_store->record(result->historyId);
        QCOMPARE(row->state, state);
        QVERIFY(!issuesFor(row->fieldIssues, field).isEmpty());
        QCOMPARE(server.requests, 1);
    }

    void nthermFinalResultByCallback_data()
    {
        QTest::addColumn<QString>("phone");
        QTest::addColumn<OutcomeState>("state");
        QTest::addColumn<bool>("billable");
        // nTherm's final acceptance is what it pays for: accepted, final and billable.
        QTest::newRow("accepted, billable") << u"(310) 204-5567"_s << OutcomeState::Accepted << true;
        QTest::newRow("rejected after review") << u"(310) 204-5569"_s << OutcomeState::Rejected << false;
    }

    void nthermFinalResultByCallback()
    {
        QFETCH(QString, phone);
        QFETCH(OutcomeState, state);
        QFETCH(bool, billable);
        CallbackReceiver receiver(m_store.get());
        QVERIFY(receiver.listen(QHostAddress::LocalHost, 0));
        QSignalSpy finalised(&receiver, &CallbackReceiver::finalised);
        SubmissionService::Request r = request(u"ntherm"_s);
        r.lead.phone = phone;
        r.callbackBase = QUrl(u"http://127.0.0.1:%1"_s.arg(receiver.port()));
        const auto result = submit(r);
        QVERIFY(result);
        QCOMPARE(result->outcome.state, OutcomeState::Accepted);
        QVERIFY(!result->outcome.final);

        QTRY_VERIFY_WITH_TIMEOUT(m_store->record(result->historyId)->final, 15000);
        const auto row = m_store->record(result->historyId);
        QCOMPARE(row->state, state);
        QCOMPARE(row->billable, billable);
        QVERIFY(row->finalisedAt.isValid());
        QCOMPARE(finalised.size(), 1);
        QCOMPARE(finalised.constFirst().constFirst().toString(), result->historyId);
    }

    void callbackTokenOnlyWhenAsked_data()
    {
        QTest::addColumn<QString>("vendor");
        QTest::addColumn<bool>("withBase");
        QTest::addColumn<bool>("expectToken");
        QTest::newRow("ntherm with base") << u"ntherm"_s << true << true;
        QTest::newRow("ntherm without base") << u"ntherm"_s << false << false;
        QTest::newRow("bhm never") << u"bhm"_s << true << false;
    }

    void callbackTokenOnlyWhenAsked()
    {
        QFETCH(QString, vendor);
        QFETCH(bool, withBase);
        QFETCH(bool, expectToken);
        SubmissionService::Request r = request(vendor);
        if (withBase) {
            // Nobody listens there: the simulator's callback fails, which is not this test's business.
            r.callbackBase = QUrl(u"http://127.0.0.1:%1/base"_s.arg(closedPort()));
        }
        const auto result = submit(r);
        QVERIFY(result);
        QCOMPARE(result->kind, Result::Sent);
        const auto row = m_store->record(result->historyId);
        QCOMPARE(!row->callbackToken.isEmpty(), expectToken);
        QCOMPARE(row->redactedRequest.contains("/base/callback/ntherm/"), expectToken);
        if (expectToken) {
            QVERIFY(row->callbackToken.size() >= 22); // 128 random bits, URL-safe
            // Whoever knows the token can finalise the row: the stored request does not show it.
            QVERIFY(!row->redactedRequest.contains(row->callbackToken.toUtf8()));
            // A second submission gets a different token.
            r.allowDuplicate = true;
            const auto other = submit(r);
            QVERIFY(m_store->record(other->historyId)->callbackToken != row->callbackToken);
        }
    }

    void localInvalidSendsAndStoresNothing()
    {
        QSignalSpy handled(m_simulator.get(), &VendorSimulator::requestHandled);
        Lead lead = sampleLead();
        lead.phone = u"12"_s;
        lead.email = u"nobody"_s;
        const auto result = submit(request(u"ntherm"_s, lead));
        QVERIFY(result);
        QCOMPARE(result->kind, Result::LocalInvalid);
        QVERIFY(hasErrors(issuesFor(result->issues, Key::Phone)));
        QVERIFY(hasErrors(issuesFor(result->issues, Key::Email)));
        QVERIFY(result->historyId.isEmpty());
        QCOMPARE(rowCount(), 0);
        QTest::qWait(50);
        QCOMPARE(handled.size(), 0);
    }

    void configErrors_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::newRow("plain http to the internet") << u"http endpoint"_s;
        QTest::newRow("not http at all") << u"ftp endpoint"_s;
        QTest::newRow("no password") << u"no secret"_s;
        QTest::newRow("no user") << u"no user"_s;
    }

    void configErrors()
    {
        QFETCH(QString, variant);
        QSignalSpy handled(m_simulator.get(), &VendorSimulator::requestHandled);
        SubmissionService::Request r = request(u"ntherm"_s);
        if (variant == u"http endpoint"_s) {
            r.account.endpoint = QUrl(u"http://api.example.com/v1/postLead"_s);
        } else if (variant == u"ftp endpoint"_s) {
            r.account.endpoint = QUrl(u"ftp://127.0.0.1/v1/postLead"_s);
        } else if (variant == u"no secret"_s) {
            r.account.secret.clear();
        } else {
            r.account.user.clear();
        }
        const auto result = submit(r);
        QVERIFY(result);
        QCOMPARE(result->kind, Result::ConfigError);
        QVERIFY(!result->error.isEmpty());
        QCOMPARE(rowCount(), 0);
        QCOMPARE(handled.size(), 0);
    }

    void duplicateGuard()
    {
        const auto first = submit(request(u"bhm"_s));
        QCOMPARE(first->outcome.state, OutcomeState::Sold);

        // The same phone in another format is the same phone.
        Lead again = sampleLead();
        again.phone = u"310-555-1212"_s;
        const auto duplicate = submit(request(u"bhm"_s, again));
        QVERIFY(duplicate);
        QCOMPARE(duplicate->kind, Result::Duplicate);
        QVERIFY(duplicate->duplicate);
        QCOMPARE(duplicate->duplicate->id, first->historyId);
        QCOMPARE(duplicate->duplicate->state, OutcomeState::Sold);
        QCOMPARE(rowCount(), 1);

        // Another vendor is not a duplicate.
        QCOMPARE(submit(request(u"ntherm"_s))->kind, Result::Sent);

        SubmissionService::Request allowed = request(u"bhm"_s);
        allowed.allowDuplicate = true;
        QCOMPARE(submit(allowed)->kind, Result::Sent);
        QCOMPARE(rowCount(), 3);

        // Outside the window (30 days by default) it may go again.
        m_skewDays = 29;
        QCOMPARE(submit(request(u"bhm"_s))->kind, Result::Duplicate);
        m_skewDays = 31;
        QCOMPARE(submit(request(u"bhm"_s))->kind, Result::Sent);

        m_service->setDuplicateWindowDays(0);
        QCOMPARE(submit(request(u"bhm"_s))->kind, Result::Sent);
        QCOMPARE(rowCount(), 5);
    }

    void notDeliveredIsNoDuplicate()
    {
        SubmissionService::Request r = request(u"ntherm"_s);
        r.account.endpoint = QUrl(u"http://127.0.0.1:%1/v1/postLead"_s.arg(closedPort()));
        const auto refused = submit(r);
        QVERIFY(refused);
        QCOMPARE(refused->kind, Result::Sent);
        QCOMPARE(refused->outcome.state, OutcomeState::NotDelivered);
        QCOMPARE(refused->outcome.httpStatus, 0);
        const auto row = m_store->record(refused->historyId);
        QCOMPARE(row->state, OutcomeState::NotDelivered);
        QVERIFY(!row->messages.isEmpty());

        // It provably never left, so sending it now is no duplicate.
        const auto retry = submit(request(u"ntherm"_s));
        QCOMPARE(retry->kind, Result::Sent);
        QCOMPARE(retry->outcome.state, OutcomeState::Accepted);
    }

    void rowIsSendingWhenTheRequestArrives_data()
    {
        QTest::addColumn<QString>("vendor");
        QTest::newRow("ntherm") << u"ntherm"_s;
        QTest::newRow("bhm") << u"bhm"_s;
    }

    void rowIsSendingWhenTheRequestArrives()
    {
        QFETCH(QString, vendor);
        // A second connection, as another process would have, sees the row the moment the vendor has the lead.
        HistoryStore observer(dbPath());
        QVERIFY2(observer.open(), qPrintable(observer.lastError()));
        QList<SubmissionRecord> seen;
        connect(m_simulator.get(), &VendorSimulator::requestHandled, this,
                [&] { seen = observer.query(HistoryFilter{}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 10); });
        const auto result = submit(request(vendor));
        QVERIFY(result);
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen.constFirst().id, result->historyId);
        QCOMPARE(seen.constFirst().state, OutcomeState::Sending);
        QVERIFY(!seen.constFirst().answeredAt.isValid());
        QCOMPARE(observer.record(result->historyId)->state, result->outcome.state);
    }

    void deliveryUnknownIsNeverResent()
    {
        CannedServer server; // reads the request, never answers
        SubmissionService::Request r = request(u"ntherm"_s);
        r.account.endpoint = server.url(u"/v1/postLead"_s);
        r.account.timeoutMs = 700;
        const auto result = submit(r);
        QVERIFY(result);
        QCOMPARE(result->outcome.state, OutcomeState::DeliveryUnknown);
        QCOMPARE(m_store->record(result->historyId)->state, OutcomeState::DeliveryUnknown);
        QTest::qWait(300); // a resend would arrive within this
        QCOMPARE(server.requests, 1);
    }

    void storeFailureSendsNothing()
    {
        HistoryStore closed(m_dir->filePath(u"never-opened.sqlite"_s));
        SubmissionService service(&closed, m_nam.get());
        QSignalSpy handled(m_simulator.get(), &VendorSimulator::requestHandled);
        std::optional<Result> result;
        service.submit(request(u"bhm"_s), this, [&](const Result &answer) { result = answer; });
        QTRY_VERIFY(result.has_value());
        QCOMPARE(result->kind, Result::StoreFailed);
        QVERIFY(!result->error.isEmpty());
        QTest::qWait(50);
        QCOMPARE(handled.size(), 0);
    }

    void finishFailureStillReportsTheOutcome()
    {
        CannedServer server;
        server.response = CannedServer::answer(200, fixture(u"bhm/response-sold.json"_s));
        // While the vendor holds the request, the row disappears (as if the disk had failed under it).
        server.onRequest = [this] {
            QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"saboteur"_s);
            raw.setDatabaseName(dbPath());
            QVERIFY(raw.open());
            QSqlQuery query(raw);
            QVERIFY(query.exec(u"DELETE FROM submissions"_s));
        };
        SubmissionService::Request r = request(u"bhm"_s);
        r.account.endpoint = server.url(u"/post/energy/"_s);
        const auto result = submit(r);
        QSqlDatabase::removeDatabase(u"saboteur"_s);
        QVERIFY(result);
        QCOMPARE(result->kind, Result::Sent);
        QCOMPARE(result->outcome.state, OutcomeState::Sold);
        QVERIFY2(result->outcome.messages.join(u' ').contains(u"history could not be updated"_s),
                 qPrintable(result->outcome.messages.join(u" | "_s)));
        QCOMPARE(server.requests, 1);
    }

    void contextDestroyedDropsTheCallbackButRecords()
    {
        auto context = std::make_unique<QObject>();
        bool called = false;
        m_service->submit(request(u"bhm"_s), context.get(), [&](const Result &) { called = true; });
        context.reset();
        QTRY_VERIFY_WITH_TIMEOUT(
            rowCount() == 1 &&
                m_store->query(HistoryFilter{}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 1).constFirst().state ==
                    OutcomeState::Sold,
            15000);
        QVERIFY(!called);
    }

private:
    // Real time passes, but a test may jump ahead (the duplicate window).
    QDateTime clockNow() const { return QDateTime::currentDateTimeUtc().addDays(m_skewDays); }
    int m_skewDays = 0;
};

QTEST_GUILESS_MAIN(TestSubmissionService)
#include "tst_submissionservice.moc"
