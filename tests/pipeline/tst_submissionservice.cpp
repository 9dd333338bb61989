// SPDX-License-Identifier: GPL-3.0-or-later
// The whole way of one lead against the training simulator (and canned servers) on loopback with a real
// SQLite history: every outcome of both vendors, the durable "sending" row, final results by callback.
#include "PipelineTestSupport.h"
#include "net/CallbackReceiver.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestSubmissionService : public QObject, public ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

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
            << u"ntherm"_s << CannedServer::answer(400, testData(u"ntherm/response-400-several-errors.json"_s))
            << u"mailing_state"_s << OutcomeState::Rejected;
        QTest::newRow("ntherm 400 invalid characters")
            << u"ntherm"_s << CannedServer::answer(400, testData(u"ntherm/response-400-invalid-characters.json"_s))
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
};

QTEST_GUILESS_MAIN(TestSubmissionService)
#include "tst_submissionservice.moc"
