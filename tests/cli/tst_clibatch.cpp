// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli submit --batch, run as a child process against a loopback vendor that counts every request by
// phone: reading CSV and JSON Lines, invalid rows never sent, a batch killed part way and run again sending each
// valid lead exactly once in total, delivery-unknown rows not resent, duplicates, and the results file.
#include "CliTestSupport.h"
#include "CountingServer.h"

#include "../TestData.h"

#include <QRegularExpression>

using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

// The exit statuses of leadrelay-cli (src/cli/CliSupport.h), as a user's script sees them.
constexpr int ExitRejected = 1;
constexpr int ExitNotDelivered = 3;

const QStringList CsvKeys{u"first_name"_s,
                          u"last_name"_s,
                          u"phone"_s,
                          u"email"_s,
                          u"dob"_s,
                          u"street"_s,
                          u"city"_s,
                          u"state"_s,
                          u"zip"_s,
                          u"utility"_s,
                          u"campaign"_s,
                          u"trustedform_cert_url"_s,
                          u"ip"_s,
                          u"source_url"_s,
                          u"sub1"_s,
                          u"consent_1_question"_s,
                          u"consent_1_answer"_s};

QString phoneOf(int n)
{
    return u"(310) 555-%1"_s.arg(1000 + n);
}

QString digitsOf(int n)
{
    return u"310555%1"_s.arg(1000 + n);
}

QString cell(const QString &value)
{
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n'))
        return u'"' + QString(value).replace(u"\""_s, u"\"\""_s) + u'"';
    return value;
}

// One CSV line of the sample lead with phone n; edit changes any column.
QString csvLine(int n, const std::function<void(QMap<QString, QString> &)> &edit = {})
{
    const QJsonObject sample = QJsonDocument::fromJson(testData(u"leads/sample.json"_s)).object();
    QMap<QString, QString> values;
    for (const QString &key : CsvKeys)
        values[key] = sample.value(key).toString();
    values[u"phone"_s] = phoneOf(n);
    values[u"consent_1_question"_s] = u"Do you consent to be contacted?"_s;
    values[u"consent_1_answer"_s] = u"Yes"_s;
    if (edit)
        edit(values);
    QStringList cells;
    for (const QString &key : CsvKeys)
        cells.append(cell(values.value(key)));
    return cells.join(u',');
}

QString jsonLine(int n, const std::function<void(QJsonObject &)> &edit = {})
{
    QJsonObject lead = QJsonDocument::fromJson(testData(u"leads/sample.json"_s)).object();
    lead[u"phone"_s] = phoneOf(n);
    if (edit)
        edit(lead);
    return QString::fromUtf8(QJsonDocument(lead).toJson(QJsonDocument::Compact));
}

QList<QJsonObject> readJsonLines(const QString &path)
{
    QList<QJsonObject> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

} // namespace

class TestCliBatch : public QObject, public CliFixture
{
    Q_OBJECT

    std::unique_ptr<CountingServer> m_server;

    QString write(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_home.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return path;
    }

    QString writeCsv(const QString &name, const QStringList &rows) const
    {
        return write(name, (CsvKeys.join(u',') + u"\r\n"_s + rows.join(u"\r\n"_s) + u"\r\n"_s).toUtf8());
    }

    QStringList batchArguments(const QString &file, const QString &db, const QStringList &extra = {}) const
    {
        return QStringList{u"submit"_s,
                           u"--batch"_s,
                           file,
                           u"--vendor"_s,
                           u"bhm"_s,
                           u"--db"_s,
                           db,
                           u"--endpoint"_s,
                           m_server->url(u"/post/energy/"_s)} +
               extra;
    }

    // The event loop keeps running (the vendor lives in this process) until the child ends.
    Run runAsync(const QStringList &arguments)
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(Cli, arguments);
        Run result;
        if (!process.waitForStarted(10000) ||
            !QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 90000)) {
            process.kill();
            process.waitForFinished();
            result.err = "timed out";
            return result;
        }
        result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

private Q_SLOTS:
    void initTestCase() { checkSetUp(); }

    void init()
    {
        m_server = std::make_unique<CountingServer>();
        QVERIFY(m_server->isListening());
        m_server->response = CountingServer::answer(200, testData(u"bhm/response-sold.json"_s));
    }

    void readsCsvQuotingAndNewlines()
    {
        // A byte order mark, CRLF line ends, a quoted comma, doubled quotes and a line break inside quotes (which
        // the street rule refuses, by name, on the line the row starts on; the next row's line counts it).
        const QStringList rows{
            csvLine(1, [](auto &v) { v[u"street"_s] = u"12 Main St, Apt 4"_s; }),
            csvLine(2, [](auto &v) { v[u"street"_s] = u"12 Main St\nApt 4"_s; }),
            csvLine(3, [](auto &v) { v[u"sub1"_s] = u"desk \"7\""_s; }),
        };
        const QString path =
            write(u"quoted.csv"_s,
                  "\xEF\xBB\xBF" + (CsvKeys.join(u',') + u"\r\n"_s + rows.join(u"\r\n"_s) + u"\r\n"_s).toUtf8());
        const QString results = m_home.filePath(u"quoted-results.jsonl"_s);
        const Run run = runAsync(batchArguments(path, dbPath(u"quoted"_s), {u"--dry-run"_s, u"--results"_s, results}));
        QCOMPARE(run.code, int(ExitRejected));
        QVERIFY2(run.err.contains("line 3: street:"), run.err.constData());
        QVERIFY2(!run.err.contains("line 2:") && !run.err.contains("line 4:") && !run.err.contains("line 5:"),
                 run.err.constData());
        const QList<QJsonObject> lines = readJsonLines(results);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0).value(u"line"_s).toInt(), 2);
        QCOMPARE(lines.at(0).value(u"outcome"_s).toString(), u"valid"_s);
        QCOMPARE(lines.at(1).value(u"line"_s).toInt(), 3);
        QCOMPARE(lines.at(1).value(u"outcome"_s).toString(), u"invalid"_s);
        QCOMPARE(lines.at(2).value(u"line"_s).toInt(), 5);
        QCOMPARE(lines.at(2).value(u"outcome"_s).toString(), u"valid"_s);
        QCOMPARE(m_server->requests, 0); // a dry run sends nothing
        QVERIFY(!QFile::exists(dbPath(u"quoted"_s)));

        const Run sent = runAsync(batchArguments(path, dbPath(u"quoted"_s)));
        QCOMPARE(sent.code, int(ExitRejected)); // the invalid row
        QCOMPARE(m_server->requests, 2);
        const QJsonArray history = historyRows(dbPath(u"quoted"_s));
        QCOMPARE(history.size(), 2);
        QVERIFY2(run.out.contains("Batch: 3 rows: invalid 1, valid 2."), run.out.constData());
        QVERIFY2(sent.out.contains("Batch: 3 rows: invalid 1, sold 2."), sent.out.constData());
    }

    void readsJsonLines()
    {
        const QString path =
            write(u"leads.jsonl"_s, (jsonLine(1) + u"\n\n"_s + jsonLine(2, [](QJsonObject &l) { l[u"colour"_s] = 1; }) +
                                     u"\n{not json\n"_s + jsonLine(3) + u"\r\n"_s)
                                        .toUtf8());
        const QString results = m_home.filePath(u"jsonl-results.csv"_s);
        const Run run = runAsync(batchArguments(path, dbPath(u"jsonl"_s), {u"--results"_s, results}));
        QCOMPARE(run.code, int(ExitRejected));
        QVERIFY2(run.err.contains("line 3: ") && run.err.contains("colour"), run.err.constData());
        QVERIFY2(run.err.contains("line 4: "), run.err.constData());
        QCOMPARE(m_server->requests, 2);
        QCOMPARE(m_server->byPhone.value(digitsOf(1)), 1);
        QCOMPARE(m_server->byPhone.value(digitsOf(3)), 1);
        QFile file(results);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        QCOMPARE(lines.at(0).trimmed(), QByteArray("line,submission_id,outcome,messages"));
        QVERIFY(QRegularExpression(u"^1,[0-9a-f-]{36},sold,"_s).match(QString::fromUtf8(lines.at(1))).hasMatch());
        QVERIFY(lines.at(2).startsWith("3,,invalid,"));
        QVERIFY(lines.at(3).startsWith("4,,invalid,"));
        QVERIFY(QRegularExpression(u"^5,[0-9a-f-]{36},sold,"_s).match(QString::fromUtf8(lines.at(4))).hasMatch());
    }

    void invalidRowsAreNeverSent()
    {
        QStringList rows;
        for (int n = 0; n < 12; ++n) {
            rows.append(csvLine(n, [n](auto &v) {
                if (n % 4 == 1)
                    v[u"zip"_s] = u"9000"_s; // invalid
                if (n % 4 == 3)
                    v[u"email"_s] = QString(); // bhm requires it
            }));
        }
        const QString results = m_home.filePath(u"invalid-results.jsonl"_s);
        const Run run = runAsync(batchArguments(writeCsv(u"mixed.csv"_s, rows), dbPath(u"mixed"_s),
                                                {u"--concurrency"_s, u"3"_s, u"--results"_s, results}));
        QCOMPARE(run.code, int(ExitRejected));
        QCOMPARE(m_server->requests, 6);
        for (int n = 0; n < 12; ++n)
            QCOMPARE(m_server->byPhone.value(digitsOf(n)), (n % 2 == 0) ? 1 : 0);
        QVERIFY2(run.out.contains("Batch: 12 rows: invalid 6, sold 6."), run.out.constData());
        const QList<QJsonObject> lines = readJsonLines(results);
        QCOMPARE(lines.size(), 12);
        for (int n = 0; n < 12; ++n) {
            QCOMPARE(lines.at(n).value(u"line"_s).toInt(), n + 2);
            QCOMPARE(lines.at(n).value(u"outcome"_s).toString(), n % 2 == 0 ? u"sold"_s : u"invalid"_s);
            QCOMPARE(lines.at(n).value(u"submission_id"_s).isString(), n % 2 == 0);
        }
        QCOMPARE(historyRows(dbPath(u"mixed"_s)).size(), 6);
    }

    void killedAndRunAgainSendsEachLeadOnce_data()
    {
        QTest::addColumn<QStringList>("rerun");
        QTest::newRow("duplicate guard on") << QStringList();
        // Only the batch's own record of its rows stands between a second run and a second send.
        QTest::newRow("duplicate guard off") << QStringList{u"--duplicate-days"_s, u"0"_s};
    }

    void killedAndRunAgainSendsEachLeadOnce()
    {
        QFETCH(QStringList, rerun);
        const int total = 20;
        QStringList rows;
        for (int n = 0; n < total; ++n)
            rows.append(csvLine(n));
        const QString file = writeCsv(u"resume.csv"_s, rows);
        const QString db = dbPath(u"resume-"_s + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-'));
        m_server->answerFirst = 6; // then the vendor hangs: two requests held in flight

        QProcess child;
        child.setProcessEnvironment(environment());
        child.start(Cli, batchArguments(file, db, {u"--concurrency"_s, u"2"_s, u"--timeout"_s, u"300"_s}));
        QVERIFY(child.waitForStarted(10000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests, 8, 60000);
        QTest::qWait(200);
        QCOMPARE(m_server->requests, 8); // the concurrency bound: nothing more leaves while two are held
        child.kill();
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        m_server->answerFirst = -1;
        const QString results = m_home.filePath(u"resume-results.jsonl"_s);
        const Run again = runAsync(
            batchArguments(file, db, QStringList{u"--concurrency"_s, u"4"_s, u"--results"_s, results} + rerun));
        QVERIFY2(again.code == int(ExitNotDelivered), again.err.constData()); // two deliveries are unknown
        QCOMPARE(m_server->requests, total);
        QCOMPARE(m_server->byPhone.size(), total);
        QCOMPARE(m_server->maxPerPhone(), 1);
        QVERIFY2(again.out.contains("Batch: 20 rows: already_sent 8, sold 12."), again.out.constData());
        int unknown = 0;
        for (const QJsonObject &line : readJsonLines(results)) {
            const QString messages = line.value(u"messages"_s).toVariant().toStringList().join(u' ');
            if (line.value(u"outcome"_s).toString() == u"already_sent"_s && messages.contains(u"delivery_unknown"_s)) {
                ++unknown;
                QVERIFY(messages.contains(u"check with the vendor"_s));
            }
            QVERIFY(!line.value(u"submission_id"_s).toString().isEmpty());
        }
        QCOMPARE(unknown, 2);

        // A third run sends nothing at all.
        const Run third = runAsync(batchArguments(file, db, rerun));
        QCOMPARE(third.code, int(ExitNotDelivered));
        QCOMPARE(m_server->requests, total);
        QCOMPARE(historyRows(db).size(), total);
    }

    void duplicatesInTheFileAndInTheHistory()
    {
        const QString db = dbPath(u"dups"_s);
        // Phone 50 sent before, on its own.
        const QString single = write(u"single.json"_s, jsonLine(50).toUtf8());
        const Run first = runAsync({u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--lead"_s, single, u"--db"_s, db,
                                    u"--endpoint"_s, m_server->url(u"/post/energy/"_s)});
        QCOMPARE(first.code, 0);
        QCOMPARE(m_server->requests, 1);

        const QStringList rows{
            csvLine(51),
            csvLine(52),
            csvLine(51, [](auto &v) { v[u"first_name"_s] = u"Johnny"_s; }), // the same phone, another lead
            csvLine(51),                                                    // the very same lead again
            csvLine(50),                                                    // in the history already
        };
        const QString results = m_home.filePath(u"dups-results.jsonl"_s);
        const Run run = runAsync(
            batchArguments(writeCsv(u"dups.csv"_s, rows), db, {u"--concurrency"_s, u"1"_s, u"--results"_s, results}));
        QCOMPARE(run.code, int(ExitRejected));
        QCOMPARE(m_server->requests, 3);
        QCOMPARE(m_server->maxPerPhone(), 1);
        const QList<QJsonObject> lines = readJsonLines(results);
        QCOMPARE(lines.size(), 5);
        const QStringList expected{u"sold"_s, u"sold"_s, u"duplicate"_s, u"duplicate"_s, u"duplicate"_s};
        for (int i = 0; i < 5; ++i)
            QCOMPARE(lines.at(i).value(u"outcome"_s).toString(), expected.at(i));
        const QString firstId = lines.at(0).value(u"submission_id"_s).toString();
        QVERIFY(lines.at(2).value(u"messages"_s).toArray().at(0).toString().contains(firstId));

        // --allow-duplicate sends the other lead of phone 51 (the identical row of an earlier run never goes again).
        const Run allowed = runAsync(batchArguments(writeCsv(u"dups.csv"_s, rows), db, {u"--allow-duplicate"_s}));
        QCOMPARE(allowed.code, 0);
        QVERIFY2(allowed.out.contains("already_sent 3") && allowed.out.contains("sold 2"), allowed.out.constData());
        QCOMPARE(m_server->requests, 5);
    }
};

QTEST_GUILESS_MAIN(TestCliBatch)
#include "tst_clibatch.moc"
