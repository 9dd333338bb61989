// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli history (table, JSON, CSV; filters; paging through many rows; formula-safe CSV) and the
// long-running simulate and callbacks commands; history compact.
#include "CliTestSupport.h"

#include "store/HistoryStore.h"

#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestCliHistory : public QObject, public CliFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { checkSetUp(); }

    // Rows written before the history had a compression dictionary are compressed in place by `history compact`,
    // with its progress on stderr; they read the same after, and a second run has nothing to do.
    void historyCompactCompressesOlderRows()
    {
        const QString db = dbPath(u"compact"_s);
        QList<SubmissionRecord> records;
        const QDateTime base(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
        for (int i = 0; i < 1200; ++i) {
            SubmissionRecord r;
            r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            r.createdAt = base.addSecs(i * 60);
            r.agent = u"agent."_s + QString::number(i % 7);
            r.vendorId = u"ntherm"_s;
            r.accountMode = u"production"_s;
            r.phone = QString::number(2125550000LL + i);
            r.customerName = u"Customer "_s + QString::number(i);
            r.leadJson = QJsonDocument(QJsonObject{{u"first_name"_s, u"Customer"_s},
                                                   {u"last_name"_s, QString::number(i)},
                                                   {u"phone"_s, r.phone},
                                                   {u"city"_s, u"Columbus"_s},
                                                   {u"state"_s, u"OH"_s},
                                                   {u"zip"_s, u"43004"_s}})
                             .toJson(QJsonDocument::Compact);
            r.rawAnswer =
                QJsonDocument(
                    QJsonObject{{u"success_bit"_s, true}, {u"message"_s, u"Lead received"_s}, {u"lead_id"_s, i}})
                    .toJson(QJsonDocument::Compact);
            r.state = OutcomeState::Sold;
            r.final = true;
            records.append(r);
        }
        {
            // One import into a new history: written before any dictionary exists, so all of it is pending.
            HistoryStore store(db);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            QVERIFY2(store.importRecords(records), qPrintable(store.lastError()));
            QVERIFY(store.compactionPending());
        }
        Run result = run({u"history"_s, u"compact"_s, u"--db"_s, db, u"--batch"_s, u"100"_s});
        QVERIFY2(result.code == 0, result.err.constData());
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(QRegularExpression(u"Compacting: 1.?200 of 1.?200 rows \\(100 %\\)"_s)), qPrintable(err));
        QVERIFY2(QString::fromUtf8(result.out).contains(QRegularExpression(u"1.?200 row(s|\\(s\\))? compressed"_s)),
                 result.out.constData());
        {
            HistoryStore store(db);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            QVERIFY(!store.compactionPending());
            for (int i : {0, 599, 1199}) {
                const auto got = store.record(records.at(i).id);
                QVERIFY(got);
                QCOMPARE(got->leadJson, records.at(i).leadJson);
                QCOMPARE(got->rawAnswer, records.at(i).rawAnswer);
            }
        }
        result = run({u"history"_s, u"compact"_s, u"--db"_s, db});
        QCOMPARE(result.code, 0);
        QVERIFY2(result.out.contains("already compact"), result.out.constData());
        result = run({u"history"_s, u"compact"_s, u"--db"_s, db, u"--batch"_s, u"0"_s});
        QVERIFY(result.code != 0);
    }

    void historyFormats()
    {
        const QString db = dbPath(u"formats"_s);
        for (const QString &vendor : {u"ntherm"_s, u"bhm"_s}) {
            QCOMPARE(
                run({u"submit"_s, u"--vendor"_s, vendor, u"--lead"_s, SampleLead, u"--training"_s, u"--db"_s, db}).code,
                0);
        }

        const QJsonArray rows = historyRows(db);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).toObject().value(u"vendor"_s).toString(), u"bhm"_s); // newest first
        QCOMPARE(rows.at(1).toObject().value(u"customer"_s).toString(), u"John Doe"_s);

        const Run csv = run({u"history"_s, u"--db"_s, db, u"--format"_s, u"csv"_s});
        QCOMPARE(csv.code, 0);
        QVERIFY(csv.out.startsWith(historyCsvHeader()));
        QCOMPARE(csv.out.count("\r\n"), 3);

        const Run table = run({u"history"_s, u"--db"_s, db});
        QCOMPARE(table.code, 0);
        const QStringList lines = QString::fromUtf8(table.out).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5); // header, rule, two rows, count
        QVERIFY(lines.at(0).startsWith(u"Created"_s));
        // Aligned: every column starts at the same offset on every row.
        const qsizetype vendorColumn = lines.at(0).indexOf(u"Vendor"_s);
        QCOMPARE(lines.at(2).mid(vendorColumn, 3), u"bhm"_s);
        QCOMPARE(lines.at(3).mid(vendorColumn, 6), u"ntherm"_s);
        QVERIFY(lines.at(4).contains(u'2'));

        QCOMPARE(historyRows(db, {u"--vendor"_s, u"bhm"_s}).size(), 1);
        QCOMPARE(historyRows(db, {u"--limit"_s, u"1"_s}).size(), 1);
        QCOMPARE(historyRows(db, {u"--search"_s, u"Doe"_s}).size(), 2);
        QCOMPARE(historyRows(db, {u"--search"_s, u"Nobody"_s}).size(), 0);
        QCOMPARE(historyRows(db, {u"--outcome"_s, u"accepted"_s}).size(), 1);
        const QString tomorrow = QDate::currentDate().addDays(1).toString(Qt::ISODate);
        const QString yesterday = QDate::currentDate().addDays(-1).toString(Qt::ISODate);
        QCOMPARE(historyRows(db, {u"--since"_s, tomorrow}).size(), 0);
        QCOMPARE(
            historyRows(db, {u"--since"_s, yesterday, u"--until"_s, QDate::currentDate().toString(Qt::ISODate)}).size(),
            2);
        QCOMPARE(historyRows(db, {u"--until"_s, yesterday}).size(), 0);
        QCOMPARE(historyRows(db, {u"--since"_s, u"2000-01-01T00:00:00Z"_s}).size(), 2);
    }

    void historyPagesThroughManyRows()
    {
        const QString db = dbPath(u"many"_s);
        {
            HistoryStore store(db);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            QList<SubmissionRecord> records;
            const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-1);
            for (int i = 0; i < 1234; ++i) {
                SubmissionRecord record;
                record.id = u"00000000-0000-4000-8000-%1"_s.arg(i, 12, 10, QChar(u'0'));
                record.createdAt = start.addSecs(i / 2); // pairs share a second: ties must not break paging
                record.answeredAt = record.createdAt;
                record.vendorId = u"bhm"_s;
                record.accountMode = u"training"_s;
                record.customerName = u"Row %1"_s.arg(i);
                record.phone = u"3102045567"_s;
                record.leadJson = "{}";
                record.redactedRequest = "POST https://api.brighthorizonsmedia.com/post/energy/";
                record.state = OutcomeState::Sold;
                record.billable = true;
                record.final = true;
                records.append(record);
            }
            QVERIFY2(store.importRecords(records), qPrintable(store.lastError()));
        }
        const QJsonArray rows = historyRows(db);
        QCOMPARE(rows.size(), 1234);
        QSet<QString> ids;
        for (const QJsonValue &row : rows) {
            ids.insert(row.toObject().value(u"id"_s).toString());
        }
        QCOMPARE(ids.size(), 1234);
        const Run csv = run({u"history"_s, u"--db"_s, db, u"--format"_s, u"csv"_s, u"--limit"_s, u"777"_s});
        QCOMPARE(csv.out.count("\r\n"), 778);
    }

    void csvNeutralisesFormulas()
    {
        const QString db = dbPath(u"formula"_s);
        const QString formula = u"=HYPERLINK(\"https://evil.example/\",\"click\")"_s;
        {
            HistoryStore store(db);
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            SubmissionRecord record;
            record.id = u"00000000-0000-4000-8000-00000000f0f0"_s;
            record.createdAt = QDateTime::currentDateTimeUtc();
            record.vendorId = u"ntherm"_s;
            record.accountMode = u"training"_s;
            record.customerName = formula + u" Doe"_s;
            record.agent = u"@agent"_s;
            record.campaign = u"+CAMPAIGN"_s;
            record.phone = u"3102045567"_s;
            record.leadJson = "{}";
            record.redactedRequest = "POST https://api.ntherm.com/v1/postLead";
            record.state = OutcomeState::Rejected;
            QVERIFY2(store.importRecords({record}), qPrintable(store.lastError()));
        }
        const Run csv = run({u"history"_s, u"--db"_s, db, u"--format"_s, u"csv"_s});
        QCOMPARE(csv.code, 0);
        QVERIFY2(csv.out.contains("\"'=HYPERLINK(\"\"https://evil.example/\"\",\"\"click\"\") Doe\""),
                 csv.out.constData());
        QVERIFY(csv.out.contains(",'@agent,"));
        QVERIFY(csv.out.contains(",'+CAMPAIGN,"));
        // No cell of the output starts with a formula character.
        static const QRegularExpression formulaCell(u"(^|,)\"?[=+@]"_s, QRegularExpression::MultilineOption);
        QVERIFY(!formulaCell.match(QString::fromUtf8(csv.out)).hasMatch());

        // The terminal table does not pass control characters through either.
        const Run table = run({u"history"_s, u"--db"_s, db});
        QCOMPARE(table.code, 0);
        QVERIFY(!table.out.contains('\x1b'));
    }

    void simulatePrintsListeningFirst()
    {
        QProcess simulator;
        simulator.setProcessEnvironment(environment());
        simulator.start(Cli, {u"simulate"_s, u"--port"_s, u"0"_s});
        QVERIFY(simulator.waitForStarted());
        const QStringList lines = waitForLine(simulator);
        static const QRegularExpression listening(u"^listening on http://127\\.0\\.0\\.1:(\\d+)$"_s);
        const QRegularExpressionMatch match = listening.match(lines.constFirst());
        QVERIFY2(match.hasMatch(), qPrintable(lines.constFirst()));
        const int port = match.captured(1).toInt();
        QVERIFY(port > 0);

        // The running simulator is a usable endpoint with the training credentials.
        QProcessEnvironment env = environment();
        env.insert(u"LEADRELAY_NTHERM_USER"_s, u"training"_s);
        env.insert(u"LEADRELAY_NTHERM_PASSWORD"_s, u"training"_s);
        const Run result = run({u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--lead"_s, SampleLead, u"--db"_s,
                                dbPath(u"simulate"_s), u"--endpoint"_s, u"http://127.0.0.1:%1/v1/postLead"_s.arg(port)},
                               env);
        QCOMPARE(result.code, 0);
        QCOMPARE(parseObject(result.out).value(u"outcome"_s).toString(), u"accepted"_s);

        simulator.terminate(); // SIGTERM: a clean quit
        QVERIFY(simulator.waitForFinished(10000));
        QCOMPARE(simulator.exitStatus(), QProcess::NormalExit);
        QCOMPARE(simulator.exitCode(), 0);
    }

    void callbacksFinaliseTheRow()
    {
        const QString db = dbPath(u"callbacks"_s);
        QProcess receiver;
        receiver.setProcessEnvironment(environment());
        receiver.start(Cli, {u"callbacks"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--db"_s, db});
        QVERIFY(receiver.waitForStarted());
        const QStringList lines = waitForLine(receiver);
        static const QRegularExpression listening(u"^listening on (http://127\\.0\\.0\\.1:\\d+)$"_s);
        const QRegularExpressionMatch match = listening.match(lines.constFirst());
        QVERIFY2(match.hasMatch(), qPrintable(lines.constFirst()));

        const Run result = run({u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--lead"_s, SampleLead, u"--training"_s,
                                u"--db"_s, db, u"--callback-base"_s, match.captured(1)});
        QCOMPARE(result.code, 0);
        const QJsonObject answer = parseObject(result.out);
        QCOMPARE(answer.value(u"outcome"_s).toString(), u"accepted"_s);
        QCOMPARE(answer.value(u"final"_s).toBool(), false);

        // The simulator posts the final result to the receiver process, which records it.
        QJsonObject row;
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            const QJsonArray rows = historyRows(db);
            row = rows.isEmpty() ? QJsonObject() : rows.at(0).toObject();
            if (row.value(u"final"_s).toBool()) {
                break;
            }
            QTest::qWait(200);
        }
        QVERIFY2(row.value(u"final"_s).toBool(), QJsonDocument(row).toJson().constData());
        QCOMPARE(row.value(u"id"_s).toString(), answer.value(u"id"_s).toString());
        // The sample phone does not end in 9: nTherm's final acceptance, which it pays for.
        QCOMPARE(row.value(u"outcome"_s).toString(), u"accepted"_s);
        QCOMPARE(row.value(u"billable"_s).toBool(), true);

        receiver.terminate(); // SIGTERM: a clean quit
        QVERIFY(receiver.waitForFinished(10000));
        QCOMPARE(receiver.exitStatus(), QProcess::NormalExit);
        QCOMPARE(receiver.exitCode(), 0);
        const QByteArray log = lines.mid(1).join(u'\n').toUtf8() + receiver.readAllStandardOutput();
        QVERIFY2(log.contains("ntherm"), log.constData());
        QVERIFY2(!log.contains("Doe") && !log.contains("3105551212"), log.constData()); // no personal data
        verifyNoSecretIn(db);
    }
};

QTEST_GUILESS_MAIN(TestCliHistory)
#include "tst_clihistory.moc"
