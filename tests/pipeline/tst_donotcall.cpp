// SPDX-License-Identifier: GPL-3.0-or-later
// A lead whose phone is on the company do-not-call list never leaves, whatever path sends it: one submission
// (the form and `submit`), --allow-duplicate, and a batch. And a revocation recorded on a history row blocks the
// next lead to that phone.
#include "PipelineTestSupport.h"
#include "pipeline/BatchSender.h"
#include "store/DncList.h"

#include <QSignalSpy>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestDoNotCall : public QObject, public ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void listedPhoneIsNeverSent()
    {
        QSignalSpy handled(m_simulator.get(), &VendorSimulator::requestHandled);
        DncList list(m_store.get());
        QVERIFY(list.add(sampleLead().phone, u"maria.g"_s, u"asked on the call"_s, u"form"_s));
        SubmissionService::Request r = request(u"bhm"_s);
        r.allowDuplicate = true; // "send anyway" is about duplicates, never about the list
        const auto result = submit(r);
        QVERIFY(result);
        QCOMPARE(result->kind, Result::DoNotCall);
        QVERIFY(result->doNotCall);
        QVERIFY(result->error.contains(u"asked not to be called"_s));
        QVERIFY(result->error.contains(u"asked on the call"_s));
        QVERIFY(result->historyId.isEmpty());
        QCOMPARE(rowCount(), 0);
        QTest::qWait(50);
        QCOMPARE(handled.size(), 0);
    }

    void revocationOnAHistoryRowBlocksTheNextLead()
    {
        QSignalSpy handled(m_simulator.get(), &VendorSimulator::requestHandled);
        const auto first = submit(request(u"bhm"_s));
        QVERIFY(first);
        QCOMPARE(first->kind, Result::Sent);
        QCOMPARE(handled.size(), 1);
        // What the history view's "Customer asked not to be called" does with the selected row.
        const auto record = m_store->record(first->historyId);
        QVERIFY(record);
        DncList list(m_store.get());
        QVERIFY(list.add(record->phone, u"maria.g"_s, u"revoked"_s, u"history:"_s + record->id));
        m_skewDays = 45; // past the duplicate window: only the list stands in the way
        const auto next = submit(request(u"ntherm"_s));
        QVERIFY(next);
        QCOMPARE(next->kind, Result::DoNotCall);
        QCOMPARE(rowCount(), 1);
        QTest::qWait(50);
        QCOMPARE(handled.size(), 1);
    }

    void batchRowIsRefusedOthersGo()
    {
        QSignalSpy handled(m_simulator.get(), &VendorSimulator::requestHandled);
        DncList list(m_store.get());
        QVERIFY(list.add(u"(310) 555-3001"_s, u"sue"_s, u"asked"_s, u"cli"_s));
        QList<BatchSender::Item> rows;
        for (int i = 0; i < 3; ++i) {
            Lead lead = sampleLead();
            lead.phone = u"(310) 555-%1"_s.arg(3000 + i);
            rows.append({i + 2, lead});
        }
        QList<BatchSender::RowResult> results;
        BatchSender sender(m_service.get(), m_store.get());
        sender.setRowDone([&](const BatchSender::RowResult &row) { results.append(row); });
        QSignalSpy finished(&sender, &BatchSender::finished);
        sender.start(rows, request(u"bhm"_s), QUuid::createUuid().toString());
        QVERIFY(finished.wait(30000));
        QCOMPARE(results.size(), 3);
        int refused = 0;
        for (const BatchSender::RowResult &row : std::as_const(results)) {
            if (row.kind == BatchSender::RowResult::DoNotCall) {
                ++refused;
                QCOMPARE(row.line, 3);
                QVERIFY(row.error.contains(u"do-not-call"_s));
            } else {
                QCOMPARE(row.kind, BatchSender::RowResult::Sent);
            }
        }
        QCOMPARE(refused, 1);
        QCOMPARE(rowCount(), 2);
        QCOMPARE(handled.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDoNotCall)
#include "tst_donotcall.moc"
