// SPDX-License-Identifier: GPL-3.0-or-later
// Schema 8 on both backends: payloads compressed with the history's dictionary and read back identical; a schema 5
// history migrated and read the same; the re-compression pass stopped and resumed; a damaged value reported for
// its row, never a crash.
#include "StoreTestSupport.h"
#include "store/HistorySchema.h"
#include "store/HistorySql.h"

#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

SubmissionRecord makeRecord(int i)
{
    const Lead lead = makeLead(u"Name"_s + QString::number(i % 37), u"Family"_s + QString::number(i % 11),
                               QString::number(2125550000LL + i), u"agent."_s + QString::number(i % 5));
    SubmissionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(i * 60);
    r.answeredAt = r.createdAt.addSecs(1);
    r.agent = lead.agent;
    r.vendorId = u"ntherm"_s;
    r.accountMode = u"production"_s;
    r.campaign = lead.campaign;
    r.customerName = lead.firstName + u' ' + lead.lastName;
    r.phone = lead.phone;
    r.leadJson = lead.toJsonBytes();
    // A request that repeats the lead, as a vendor's does, with its secret redacted.
    r.redactedRequest = R"({"lead":)" + r.leadJson + R"(,"api_key":"***"})";
    r.state = OutcomeState::Sold;
    r.final = true;
    r.billable = true;
    r.httpStatus = 200;
    r.rawAnswer = R"({"success_bit": true, "lead_id": )" + QByteArray::number(i) + "}";
    r.vendorLeadId = QString::number(9000 + i);
    return r;
}

QList<SubmissionRecord> makeRecords(int from, int count)
{
    QList<SubmissionRecord> records;
    for (int i = from; i < from + count; ++i)
        records.append(makeRecord(i));
    return records;
}

void comparePayloads(const SubmissionRecord &got, const SubmissionRecord &want)
{
    QCOMPARE(got.id, want.id);
    QCOMPARE(got.leadJson, want.leadJson);
    QCOMPARE(got.redactedRequest, want.redactedRequest);
    QCOMPARE(got.rawAnswer, want.rawAnswer);
    QCOMPARE(got.callbackBody, want.callbackBody);
}

// A history of schema 5 (before compression) holding `records` as that version stored them: text, base64 for
// bytes that are not text.
void writeSchema5(const QString &where, const QList<SubmissionRecord> &records)
{
    RawDb raw(where);
    QSqlDatabase db = QSqlDatabase::database(raw.name(), false);
    QString error;
    QCOMPARE(HistorySchema::migrate(db, &error, 5), 5);
    QVERIFY2(db.transaction(), qPrintable(db.lastError().text()));
    for (const SubmissionRecord &r : records) {
        QSqlQuery row(db);
        row.prepare(u"INSERT INTO submissions (id, created_at, vendor_id, state, agent, customer_name, phone) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
        for (const QVariant &value :
             {QVariant(r.id), HistorySql::timeValue(r.createdAt), QVariant(r.vendorId),
              QVariant(outcomeStateKey(r.state)), QVariant(r.agent), QVariant(r.customerName), QVariant(r.phone)})
            row.addBindValue(value);
        QVERIFY2(row.exec(), qPrintable(row.lastError().text()));
        const HistorySql::StoredBytes answer = HistorySql::storeBytes(r.rawAnswer, HistoryStore::RawAnswerCap);
        const HistorySql::StoredBytes body = HistorySql::storeBytes(r.callbackBody, HistoryStore::RawAnswerCap);
        QSqlQuery payload(db);
        payload.prepare(u"INSERT INTO submission_payloads (submission_id, lead_json, redacted_request, raw_answer, "
                        "raw_answer_base64, callback_body, callback_body_base64) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
        for (const QVariant &value :
             {QVariant(r.id), QVariant(QString::fromUtf8(r.leadJson)), QVariant(QString::fromUtf8(r.redactedRequest)),
              answer.text, QVariant(answer.base64), body.text, QVariant(body.base64)})
            payload.addBindValue(value);
        QVERIFY2(payload.exec(), qPrintable(payload.lastError().text()));
    }
    QVERIFY2(db.commit(), qPrintable(db.lastError().text()));
}

} // namespace

class TestHistoryCompact : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_where = location(m_dir.filePath(u"history-%1.sqlite"_s.arg(++m_counter)));
    }

    void roundTripIsIdentical_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QByteArray>("callbackBody");
        QTest::newRow("json") << QByteArray(R"({"success_bit": true, "message": "Lead received"})")
                              << QByteArray(R"({"status":"sold","lead_id":"A-77"})");
        QTest::newRow("bytes that were base64")
            << QByteArray("\x00\xff\xfe binary\x00", 12) << QByteArray("\x89PNG\r\n\x1a\n", 8);
        QTest::newRow("text in UTF-8") << QByteArray("Zoë Ñúñez – ok") << QByteArray();
        QTest::newRow("empty and missing") << QByteArray("") << QByteArray();
    }

    void roundTripIsIdentical()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QByteArray, callbackBody);
        HistoryStore store(m_where);
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        // The first import leaves enough rows to train on; the second is written with the dictionary.
        QVERIFY(store.importRecords(makeRecords(0, 1000)));
        QList<SubmissionRecord> records = makeRecords(1000, 20);
        records[3].rawAnswer = answer;
        records[3].callbackBody = callbackBody;
        QVERIFY2(store.importRecords(records), qPrintable(store.lastError()));
        for (const SubmissionRecord &want : std::as_const(records)) {
            const auto got = store.record(want.id);
            QVERIFY(got);
            comparePayloads(*got, want);
        }
        RawDb raw(m_where);
        QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM payload_dictionaries"_s).toInt(), 1);
        const QByteArray stored =
            raw.scalar(u"SELECT lead_json FROM submission_payloads WHERE submission_id = '%1'"_s.arg(records[3].id))
                .toByteArray();
        QCOMPARE(stored.left(3), QByteArray("\x00\x01\x01", 3)); // compressed with dictionary 1
        QVERIFY2(stored.size() * 3 < records[3].leadJson.size(), "a lead compresses to under a third");

        // The live path: begin, answer, callback; the request stored against the lead.
        SubmissionStart start = makeStart(makeLead(u"Zoë"_s, u"Ñúñez"_s, u"2125559999"_s), u"ntherm"_s, u"tok-1"_s);
        start.redactedRequest = R"({"lead":)" + start.lead.toJsonBytes() + R"(,"api_key":"***"})";
        const QString id = store.begin(start);
        QVERIFY2(!id.isEmpty(), qPrintable(store.lastError()));
        Outcome outcome = makeOutcome(OutcomeState::Accepted);
        outcome.rawBody = answer;
        QVERIFY(store.finish(id, outcome, 10));
        Outcome final = makeOutcome(OutcomeState::Sold, true, true);
        final.rawBody = callbackBody.isNull() ? QByteArray("{}") : callbackBody;
        QCOMPARE(store.finalise(u"tok-1"_s, final), std::optional<QString>(id));
        const auto got = store.record(id);
        QVERIFY(got);
        QCOMPARE(got->leadJson, start.lead.toJsonBytes());
        QCOMPARE(got->redactedRequest, start.redactedRequest);
        QCOMPARE(got->rawAnswer, answer);
        QCOMPARE(got->callbackBody, final.rawBody);
        const QByteArray request =
            raw.scalar(u"SELECT redacted_request FROM submission_payloads WHERE submission_id = '%1'"_s.arg(id))
                .toByteArray();
        QCOMPARE(request.left(2), QByteArray("\x00\x02", 2)); // only what differs from the lead
    }

    void schema5HistoryMigratesAndReadsTheSame()
    {
        QList<SubmissionRecord> records = makeRecords(0, 1200);
        records[7].rawAnswer = QByteArray("\x00\x01 not text \xff", 13); // stored as base64 by schema 5
        records[8].callbackBody = QByteArray(R"({"final":"sold"})");
        records[9].redactedRequest = QByteArray();
        writeSchema5(m_where, records);
        HistoryStore store(m_where);
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QCOMPARE(store.schemaVersion(), HistoryStore::knownSchemaVersion());
        for (int i : {0, 7, 8, 9, 1199}) {
            const auto got = store.record(records[i].id);
            QVERIFY(got);
            comparePayloads(*got, records[i]);
        }
        QVERIFY(store.compactionPending());
        QList<std::pair<qint64, qint64>> steps;
        const qint64 rewritten = store.compactPayloads([&](qint64 done, qint64 total) {
            steps.append({done, total});
            return true;
        });
        QCOMPARE(rewritten, qint64(records.size()));
        QVERIFY(!steps.isEmpty());
        QCOMPARE(steps.last(), std::make_pair(qint64(records.size()), qint64(records.size())));
        QVERIFY(!store.compactionPending());
        for (const SubmissionRecord &want : std::as_const(records)) {
            const auto got = store.record(want.id);
            QVERIFY(got);
            comparePayloads(*got, want);
        }
        RawDb raw(m_where);
        QCOMPARE(raw.scalar(u"SELECT raw_answer_base64 FROM submission_payloads WHERE submission_id = '%1'"_s.arg(
                                records[7].id))
                     .toInt(),
                 0);
        // Two indexes no longer earn their bytes (MigrationCompactPayloads.cpp), nor a third since schema 12 and a
        // fourth since schema 14 (MigrationTrimIndexes.cpp); schema 11 adds three partial ones (MigrationLookups.cpp);
        // the search index is counted apart.
        const QString indexes = onPostgres()
                                    ? u"SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'submissions' "
                                      "AND indexname LIKE 'submissions\\_%' AND indexname NOT LIKE '%pkey' "
                                      "AND indexname NOT LIKE '%\\_key' AND indexname <> 'submissions_search'"_s
                                    : u"SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND "
                                      "tbl_name = 'submissions' AND name NOT LIKE 'sqlite_%'"_s;
        QCOMPARE(raw.scalar(indexes).toInt(), 10);
    }

    void interruptedCompactionResumes()
    {
        const QList<SubmissionRecord> records = makeRecords(0, 1500);
        writeSchema5(m_where, records);
        {
            HistoryStore store(m_where);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            int batches = 0;
            // Stopped after two batches of 100, as a user closing the window would.
            const qint64 first = store.compactPayloads([&](qint64, qint64) { return ++batches < 2; }, 100);
            QCOMPARE(first, qint64(200));
            QVERIFY(store.compactionPending());
        }
        RawDb raw(m_where);
        QCOMPARE(raw.scalar(u"SELECT done FROM payload_compaction"_s).toInt(), 0);
        HistoryStore store(m_where);
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        qint64 lastDone = 0;
        const qint64 rest = store.compactPayloads([&](qint64 done, qint64) {
            lastDone = done;
            return true;
        });
        QCOMPARE(rest, qint64(records.size() - 200));
        QCOMPARE(lastDone, qint64(records.size()));
        QVERIFY(!store.compactionPending());
        QCOMPARE(store.compactPayloads(), qint64(0));
        for (const SubmissionRecord &want : records) {
            const auto got = store.record(want.id);
            QVERIFY(got);
            comparePayloads(*got, want);
        }
    }

    void damagedValueIsReportedForItsRow_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("frame bytes flipped")
            << u"UPDATE submission_payloads SET lead_json = %1 WHERE submission_id = '%2'"_s;
        QTest::newRow("dictionary missing") << u"DELETE FROM payload_dictionaries"_s;
    }

    void damagedValueIsReportedForItsRow()
    {
        QFETCH(QString, damage);
        QList<SubmissionRecord> records = makeRecords(0, 1000);
        {
            HistoryStore store(m_where);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            QVERIFY(store.importRecords(records));
            const QList<SubmissionRecord> more = makeRecords(1000, 10);
            QVERIFY(store.importRecords(more));
            records += more;
        }
        const QString victim = records.last().id;
        RawDb raw(m_where);
        QByteArray stored =
            raw.scalar(u"SELECT lead_json FROM submission_payloads WHERE submission_id = '%1'"_s.arg(victim))
                .toByteArray();
        QVERIFY(stored.size() > 20);
        for (qsizetype i = 5; i < stored.size(); i += 3)
            stored[i] = char(stored[i] ^ 0x5a);
        const QString literal = onPostgres() ? u"'\\x%1'::bytea"_s.arg(QString::fromLatin1(stored.toHex()))
                                             : u"X'%1'"_s.arg(QString::fromLatin1(stored.toHex()));
        QVERIFY(raw.exec(damage.contains(u"%1"_s) ? damage.arg(literal, victim) : damage));

        HistoryStore store(m_where);
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        const auto got = store.record(victim);
        QVERIFY(got);
        QVERIFY(got->leadJson.isEmpty());
        QVERIFY2(store.lastError().contains(victim) && store.lastError().contains(u"lead_json"_s),
                 qPrintable(store.lastError()));
        // The row still lists with the rest of its page.
        const QList<SubmissionRecord> page = store.query({}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 5);
        QCOMPARE(page.size(), 5);
        QCOMPARE(page.first().id, victim);
    }

private:
    QTemporaryDir m_dir;
    QString m_where;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestHistoryCompact)
#include "tst_historycompact.moc"
