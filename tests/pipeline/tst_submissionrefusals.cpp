// SPDX-License-Identifier: GPL-3.0-or-later
// What SubmissionService refuses to send, or cannot record: local validation, configuration, duplicates,
// an unwritable history; and transport failures, which are recorded and never resent.
#include "PipelineTestSupport.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestSubmissionRefusals : public QObject, public ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

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

    // The window's edges exactly: 30 days to the millisecond is still a duplicate, one millisecond more is not.
    void duplicateWindowEdges_data()
    {
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<bool>("duplicate");
        const qint64 window = 30LL * 24 * 3600 * 1000;
        QTest::newRow("1 ms inside") << window - 1 << true;
        QTest::newRow("exactly at the edge") << window << true;
        QTest::newRow("1 ms outside") << window + 1 << false;
    }

    void duplicateWindowEdges()
    {
        QFETCH(qint64, ageMs);
        QFETCH(bool, duplicate);
        const QDateTime start = QDateTime::currentDateTimeUtc();
        m_frozenNow = start;
        QCOMPARE(submit(request(u"bhm"_s))->kind, Result::Sent);
        m_frozenNow = start.addMSecs(ageMs);
        QCOMPARE(submit(request(u"bhm"_s))->kind, duplicate ? Result::Duplicate : Result::Sent);
        QCOMPARE(rowCount(), duplicate ? 1 : 2);
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
        server.response = CannedServer::answer(200, testData(u"bhm/response-sold.json"_s));
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
        // Retried, then parked in the side journal, and the agent is told so with the outcome in words.
        QCOMPARE(result->answerKept, Result::AnswerKept::InSideJournal);
        const QString messages = result->outcome.messages.join(u' ');
        QVERIFY2(messages.contains(u"(sold) is not in the history yet"_s), qPrintable(messages));
        QVERIFY2(messages.contains(m_store->sideJournalPath()), qPrintable(messages));
        QCOMPARE(server.requests, 1);
    }
};

QTEST_GUILESS_MAIN(TestSubmissionRefusals)
#include "tst_submissionrefusals.moc"
