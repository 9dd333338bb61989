// SPDX-License-Identifier: GPL-3.0-or-later
// `leadrelay-cli evidence verify|export` and `retention policy|apply`, run as a user would, on a history the test
// prepares through the store (consent records written with their submissions) and tampers with by plain SQL.
#include "CliTestSupport.h"
#include "store/EvidenceExport.h"
#include "store/HistoryStore.h"

#include <QGuiApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTextDocument>

using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

// Every item point 1 of the issue asks the record to keep, as values the test puts in (and then looks for).
const QStringList ExpectedValues{
    u"Jane Roe"_s,                                                        // consumer's name
    u"(212) 736-5000"_s,                                                  // the exact number consented
    u"Example Energy Supply LLC"_s,                                       // sellers named
    u"Telephone calls about electricity and natural gas supply offers"_s, // purpose
    u"Before we continue, I need your permission."_s,                     // disclosure as read
    u"Do you agree to be contacted at this number"_s,                     // question as read
    u"2026-11-22T17:04:05.000Z"_s,                                        // UTC time
    u"2026-11-22T12:04:05-05:00"_s,                                       // consumer's local time
    u"us-calling-2025-09"_s,                                              // calling-rule set
    u"maria.g"_s,                                                         // agent
    u"desk-7"_s,                                                          // desk
    u"OHIO_GENERAL"_s,                                                    // campaign
    u"9.8.7"_s,                                                           // app version
    u"energy-en"_s,                                                       // script id
};

} // namespace

class TestCliEvidence : public QObject, public CliFixture
{
    Q_OBJECT

private Q_SLOTS:
    void verifyIntactAndTampered_data();
    void verifyIntactAndTampered();
    void notedHeadShowsTheEndCut();
    void exportHoldsEveryItem();
    void retentionKeepsCountsAndChain();

private:
    // Three submissions with consent, created at `when` (and a minute apart).
    QStringList prepare(const QString &db, const QDateTime &when);
    bool rawExec(const QString &db, const QString &sql);
};

QStringList TestCliEvidence::prepare(const QString &db, const QDateTime &when)
{
    QDateTime now = when;
    HistoryStore store(db, [&now] { return now; });
    if (!store.open())
        return {};
    const ConsentScript script = *store.consentScript(u"energy-en"_s);
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        Lead lead;
        lead.firstName = u"Jane"_s;
        lead.lastName = u"Roe"_s;
        lead.phone = u"(212) 736-500%1"_s.arg(i);
        lead.email = u"jane.roe@example.com"_s;
        lead.street = u"1 Elm St"_s;
        lead.agent = u"maria.g"_s;
        lead.campaign = u"OHIO_GENERAL"_s;
        for (const QString &question : script.questions)
            lead.consent.append({question, u"Yes"_s});
        lead.consentScript = script.reference();
        lead.consentRecordedAt = QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5), Qt::UTC);
        ConsentContext context{u"desk-7"_s, u"9.8.7"_s,
                               QJsonObject{{u"rule_set_id"_s, u"us-calling-2025-09"_s},
                                           {u"consumer_local_time"_s, u"2026-11-22T12:04:05-05:00"_s},
                                           {u"time_zone"_s, u"America/New_York"_s},
                                           {u"inside_window"_s, true},
                                           {u"warning_acknowledged"_s, false}},
                               QJsonObject{{u"company_list"_s, false}}};
        SubmissionStart start;
        start.lead = lead;
        start.vendorId = u"ntherm"_s;
        start.accountMode = u"training"_s;
        start.redactedRequest = R"({"first_name":"Jane","password":"***"})";
        start.consent = ConsentEvidence::content(lead, script, context);
        const QString id = store.begin(start);
        Outcome outcome;
        outcome.state = OutcomeState::Sold;
        outcome.final = true;
        outcome.billable = true;
        outcome.httpStatus = 200;
        outcome.rawBody = R"({"success_bit": true, "lead_id": "L-1"})";
        store.finish(id, outcome, 120);
        ids << id;
        now = now.addSecs(60);
    }
    return ids;
}

bool TestCliEvidence::rawExec(const QString &db, const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        raw.setDatabaseName(db);
        QSqlQuery query(raw);
        ok = raw.open() && query.exec(u"DROP TRIGGER IF EXISTS consent_records_no_update"_s) &&
             query.exec(u"DROP TRIGGER IF EXISTS consent_records_no_delete"_s) && query.exec(sql);
        raw.close();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);
    return ok;
}

void TestCliEvidence::verifyIntactAndTampered_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("named");
    QTest::newRow("changed") << u"UPDATE consent_records SET content = REPLACE(content, 'Yes', 'No') WHERE seq = 2"_s
                             << u"Record 2"_s;
    QTest::newRow("removed") << u"DELETE FROM consent_records WHERE seq = 2"_s << u"Record 2 was removed"_s;
    QTest::newRow("inserted") << u"INSERT INTO consent_records (seq, submission_id, created_at, prev_hash, "
                                 "content_hash, record_hash, content) SELECT 4, submission_id, created_at, "
                                 "prev_hash, content_hash, record_hash, content FROM consent_records WHERE seq = 1"_s
                              << u"Record 4 was inserted"_s;
}

void TestCliEvidence::verifyIntactAndTampered()
{
    QFETCH(QString, sql);
    QFETCH(QString, named);
    const QString db = dbPath(u"verify"_s + QString::fromLatin1(QTest::currentDataTag()));
    QCOMPARE(prepare(db, QDateTime::currentDateTimeUtc()).size(), 3);
    Run result = run({u"evidence"_s, u"verify"_s, u"--db"_s, db});
    QCOMPARE(result.code, 0);
    QVERIFY2(result.out.contains("intact: 3 record"), result.out.constData());
    QVERIFY(rawExec(db, sql));
    result = run({u"evidence"_s, u"verify"_s, u"--db"_s, db});
    QCOMPARE(result.code, 1);
    QVERIFY2(QString::fromUtf8(result.err).contains(named), result.err.constData());
}

// The chain alone cannot show its last records deleted (what remains is a valid, shorter chain); the head's hash,
// noted outside the history, can.
void TestCliEvidence::notedHeadShowsTheEndCut()
{
    const QString db = dbPath(u"head"_s);
    QCOMPARE(prepare(db, QDateTime::currentDateTimeUtc()).size(), 3);
    Run result = run({u"evidence"_s, u"verify"_s, u"--db"_s, db});
    QCOMPARE(result.code, 0);
    const QRegularExpressionMatch head =
        QRegularExpression(u"Head: record 3, hash ([0-9a-f]{64})"_s).match(QString::fromUtf8(result.out));
    QVERIFY2(head.hasMatch(), result.out.constData());
    const QString hash = head.captured(1);

    // More records later: the noted head is still in the chain.
    prepare(db, QDateTime::currentDateTimeUtc().addSecs(600));
    result = run({u"evidence"_s, u"verify"_s, u"--db"_s, db, u"--head"_s, hash.toUpper()});
    QCOMPARE(result.code, 0);
    QVERIFY2(result.out.contains("intact: 6 record"), result.out.constData());
    QVERIFY2(result.out.contains("The head you noted is record 3"), result.out.constData());

    // The last four records deleted: a shorter chain that checks out alone, but the noted head is gone.
    QVERIFY(rawExec(db, u"DELETE FROM consent_records WHERE seq >= 3"_s));
    result = run({u"evidence"_s, u"verify"_s, u"--db"_s, db});
    QCOMPARE(result.code, 0);
    QVERIFY2(result.out.contains("intact: 2 record"), result.out.constData());
    result = run({u"evidence"_s, u"verify"_s, u"--db"_s, db, u"--head"_s, hash});
    QCOMPARE(result.code, 1);
    QVERIFY2(result.err.contains("No record has the head you noted"), result.err.constData());
    QVERIFY2(result.err.contains("record 2."), result.err.constData());

    // Not a hash: a usage error that says what it takes.
    result = run({u"evidence"_s, u"verify"_s, u"--db"_s, db, u"--head"_s, u"record 3"_s});
    QCOMPARE(result.code, 2);
    QVERIFY2(result.err.contains("64 hexadecimal digits"), result.err.constData());
}

void TestCliEvidence::exportHoldsEveryItem()
{
    const QString db = dbPath(u"export"_s);
    const QStringList ids = prepare(db, QDateTime::currentDateTimeUtc());
    QCOMPARE(ids.size(), 3);
    const QString jsonPath = m_home.filePath(u"evidence.json"_s);
    Run result =
        run({u"evidence"_s, u"export"_s, ids.at(0), u"--format"_s, u"json"_s, u"--output"_s, jsonPath, u"--db"_s, db});
    QVERIFY2(result.code == 0, result.err.constData());
    QFile jsonFile(jsonPath);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QByteArray jsonBytes = jsonFile.readAll();
    const QJsonObject document = parseObject(jsonBytes);
    const QJsonObject consent = document[u"consent_record"_s].toObject();
    const QJsonObject content = consent[u"content"_s].toObject();
    for (const QString &key : ConsentEvidence::contentKeys())
        QVERIFY2(content.contains(key), qPrintable(key));
    for (const QString &value : ExpectedValues)
        QVERIFY2(jsonBytes.contains(value.toUtf8()), qPrintable(value));
    QCOMPARE(content[u"phone_consented"_s].toString(), u"(212) 736-5000"_s);
    QCOMPARE(document[u"record_hash"_s].toString().size(), 64);
    QCOMPARE(document[u"previous_hash"_s].toString(), QString(64, u'0'));
    QCOMPARE(document[u"lifecycle"_s][u"state"_s].toString(), u"sold"_s);
    QVERIFY(!document[u"lifecycle"_s][u"sent_at"_s].toString().isEmpty());
    QVERIFY(!document[u"lifecycle"_s][u"answered_at"_s].toString().isEmpty());
    QVERIFY(document[u"lifecycle"_s].toObject().contains(u"returned_at"_s));
    QVERIFY(document[u"vendor_answer"_s].toString().contains(u"success_bit"_s));
    QVERIFY(document[u"request_redacted"_s].toString().contains(u"***"_s));

    const QString pdfPath = m_home.filePath(u"evidence.pdf"_s);
    result =
        run({u"evidence"_s, u"export"_s, ids.at(0), u"--format"_s, u"pdf"_s, u"--output"_s, pdfPath, u"--db"_s, db});
    QVERIFY2(result.code == 0, result.err.constData());
    QFile pdf(pdfPath);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    QVERIFY(pdf.size() > 2000);
    // No pdftotext on the build machines: the text the PDF is printed from is checked instead.
    QTextDocument text;
    text.setHtml(EvidenceExport::html(document));
    const QString plain = text.toPlainText();
    for (const QString &value : ExpectedValues)
        QVERIFY2(plain.contains(value), qPrintable(value));
    QVERIFY(plain.contains(document[u"record_hash"_s].toString()));
    QVERIFY(plain.contains(consent[u"previous_hash"_s].toString()));
    QVERIFY(plain.contains(u"sent_at"_s));

    result = run({u"evidence"_s, u"export"_s, u"no-such-id"_s, u"--format"_s, u"json"_s, u"--output"_s, jsonPath,
                  u"--db"_s, db});
    QCOMPARE(result.code, 2);
}

void TestCliEvidence::retentionKeepsCountsAndChain()
{
    const QString db = dbPath(u"retention"_s);
    // Three submissions six years old, three from today.
    QCOMPARE(prepare(db, QDateTime::currentDateTimeUtc().addYears(-6)).size(), 3);
    QCOMPARE(prepare(db, QDateTime::currentDateTimeUtc()).size(), 3);
    QCOMPARE(historyRows(db).size(), 6);

    Run result = run({u"retention"_s, u"policy"_s, u"--years"_s, u"2"_s, u"--db"_s, db});
    QCOMPARE(result.code, 2); // shorter than the rule's five years
    result = run({u"retention"_s, u"apply"_s, u"--dry-run"_s, u"--db"_s, db});
    QVERIFY2(result.code == 0, result.err.constData());
    QVERIFY2(result.out.contains("of 3 submission"), result.out.constData());
    QCOMPARE(historyRows(db, {u"--search"_s, u"Jane"_s}).size(), 6);

    result = run({u"retention"_s, u"apply"_s, u"--db"_s, db});
    QVERIFY2(result.code == 0, result.err.constData());
    QVERIFY2(result.out.contains("3 consent record"), result.out.constData());
    QCOMPARE(historyRows(db).size(), 6);
    QCOMPARE(historyRows(db, {u"--search"_s, u"Jane"_s}).size(), 3);
    QCOMPARE(historyRows(db, {u"--outcome"_s, u"sold"_s}).size(), 6);
    result = run({u"evidence"_s, u"verify"_s, u"--db"_s, db});
    QVERIFY2(result.code == 0, result.err.constData());
    QVERIFY2(result.out.contains("3 of them reduced to a tombstone"), result.out.constData());
    // The file itself no longer holds the old personal data (the e-mail was only in the old rows' payloads).
    result = run({u"retention"_s, u"apply"_s, u"--db"_s, db});
    QVERIFY2(result.out.contains("of 0 submission"), result.out.constData());
}

int main(int argc, char *argv[])
{
    // QTextDocument needs the GUI module (offscreen).
    QGuiApplication app(argc, argv);
    TestCliEvidence test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_clievidence.moc"
