// SPDX-License-Identifier: GPL-3.0-or-later
// BatchSender with grouped durable writes, against loopback servers: every request leaves only after its row is
// committed (seen from another connection at the moment the request arrives); the concurrency bound holds; a row
// that provably never left goes again on the next run, one whose delivery is unknown never does.
#include "PipelineTestSupport.h"

#include "pipeline/BatchSender.h"

#include <QSignalSpy>
#include <QUuid>

using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

QList<BatchSender::Item> items(int count, int exchange)
{
    QList<BatchSender::Item> list;
    for (int i = 0; i < count; ++i) {
        Lead lead = sampleLead();
        lead.phone = u"(310) %1-%2"_s.arg(exchange).arg(1000 + i);
        list.append({i + 2, lead});
    }
    return list;
}

} // namespace

class TestBatchSender : public QObject, public ServiceFixture
{
    Q_OBJECT

    QList<BatchSender::RowResult> runBatch(const QList<BatchSender::Item> &rows, const QUrl &endpoint, int concurrency,
                                           int timeoutMs = 10000)
    {
        QList<BatchSender::RowResult> results;
        BatchSender sender(m_service.get(), m_store.get());
        sender.setConcurrency(concurrency);
        sender.setRowDone([&](const BatchSender::RowResult &row) { results.append(row); });
        SubmissionService::Request templ = request(u"bhm"_s);
        templ.account.endpoint = endpoint;
        templ.account.timeoutMs = timeoutMs;
        QSignalSpy finished(&sender, &BatchSender::finished);
        sender.start(rows, templ, QUuid::createUuid().toString());
        if (!finished.wait(60000))
            qWarning("the batch did not finish");
        return results;
    }

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void eachRequestLeavesAfterItsRowIsDurable_data()
    {
        QTest::addColumn<int>("concurrency");
        QTest::newRow("1") << 1;
        QTest::newRow("8") << 8;
    }

    void eachRequestLeavesAfterItsRowIsDurable()
    {
        QFETCH(int, concurrency);
        CannedServer server;
        server.response = CannedServer::answer(200, testData(u"bhm/response-sold.json"_s));
        HistoryStore observer(dbPath());
        QVERIFY(observer.open());
        int violations = 0;
        int mostInFlight = 0;
        server.onRequest = [&] {
            // Another connection, as after a crash: every request that arrived has its committed row.
            const qint64 rows = observer.count(HistoryFilter{});
            if (rows < server.requests)
                ++violations;
            HistoryFilter sending;
            sending.stateKey = outcomeStateKey(OutcomeState::Sending);
            mostInFlight = qMax(mostInFlight, int(observer.count(sending)));
        };
        const QList<BatchSender::RowResult> results =
            runBatch(items(40, 230), server.url(u"/post/energy/"_s), concurrency);
        QCOMPARE(results.size(), 40);
        QCOMPARE(server.requests, 40);
        QCOMPARE(violations, 0);
        QVERIFY2(mostInFlight <= concurrency, qPrintable(QString::number(mostInFlight)));
        for (const BatchSender::RowResult &row : results) {
            QCOMPARE(row.kind, BatchSender::RowResult::Sent);
            QCOMPARE(row.outcome.state, OutcomeState::Sold);
            QCOMPARE(m_store->record(row.historyId)->state, OutcomeState::Sold);
        }
    }

    void notDeliveredGoesAgainDeliveryUnknownNever()
    {
        // Nothing listens: provably never left. The next run sends every row.
        const QUrl closed(u"http://127.0.0.1:%1/post/energy/"_s.arg(closedPort()));
        QList<BatchSender::RowResult> first = runBatch(items(6, 231), closed, 3);
        QCOMPARE(first.size(), 6);
        for (const auto &row : first)
            QCOMPARE(row.outcome.state, OutcomeState::NotDelivered);

        CannedServer hanging; // reads the request, never answers: delivery unknown after the timeout
        QList<BatchSender::RowResult> second = runBatch(items(6, 231), hanging.url(u"/post/energy/"_s), 6, 1500);
        QCOMPARE(hanging.requests, 6);
        for (const auto &row : second) {
            QCOMPARE(row.kind, BatchSender::RowResult::Sent);
            QCOMPARE(row.outcome.state, OutcomeState::DeliveryUnknown);
        }

        CannedServer answering;
        answering.response = CannedServer::answer(200, testData(u"bhm/response-sold.json"_s));
        // With the duplicate guard off, only the batch's record of its rows keeps them from going twice.
        m_service->setDuplicateWindowDays(0);
        QList<BatchSender::RowResult> third = runBatch(items(6, 231), answering.url(u"/post/energy/"_s), 6);
        QCOMPARE(answering.requests, 0);
        QCOMPARE(third.size(), 6);
        for (const auto &row : third) {
            QCOMPARE(row.kind, BatchSender::RowResult::AlreadySent);
            QCOMPARE(row.earlier->state, OutcomeState::DeliveryUnknown);
        }
        QCOMPARE(rowCount(), 12);
    }
};

QTEST_GUILESS_MAIN(TestBatchSender)
#include "tst_batchsender.moc"
