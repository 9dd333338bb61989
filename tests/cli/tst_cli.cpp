// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli as a user runs it: exit statuses, the JSON it prints, history exports, the long-running servers.
#include "store/HistoryStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

const QString Cli = QStringLiteral(LEADRELAY_BIN_DIR "/leadrelay-cli");
const QString SampleLead = QStringLiteral(LEADRELAY_TEST_DATA "/leads/sample.json");
const QString NthermUser = u"cli-test-user"_s;
const QByteArray NthermPassword = "Pw-never-printed-5b7e";
const QByteArray BhmKey = "11111111-2222-4333-8444-555555555555";

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

QJsonObject parseObject(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    return document.object();
}

QJsonArray parseArray(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).array();
}

// A port nothing listens on: bound, then released.
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost)) {
        return 0;
    }
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // The default history must never be the developer's own.
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        env.insert(u"LEADRELAY_NTHERM_USER"_s, NthermUser);
        env.insert(u"LEADRELAY_NTHERM_PASSWORD"_s, QString::fromLatin1(NthermPassword));
        env.insert(u"LEADRELAY_BHM_AFFILIATE_ID"_s, u"4242"_s);
        env.insert(u"LEADRELAY_BHM_KEY"_s, QString::fromLatin1(BhmKey));
        return env;
    }

    Run run(const QStringList &arguments, const QProcessEnvironment &env) const
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(Cli, arguments);
        Run result;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            result.err = "timed out";
            return result;
        }
        result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        // No secret ever reaches the terminal.
        for (const QByteArray &secret : {NthermPassword, BhmKey}) {
            if (result.out.contains(secret) || result.err.contains(secret)) {
                qWarning("a secret was printed");
                result.code = -3;
            }
        }
        return result;
    }

    Run run(const QStringList &arguments) const { return run(arguments, environment()); }

    QString writeLead(const QString &name, const std::function<void(QJsonObject &)> &edit) const
    {
        QFile sample(SampleLead);
        if (!sample.open(QIODevice::ReadOnly)) {
            return {};
        }
        QJsonObject lead = QJsonDocument::fromJson(sample.readAll()).object();
        edit(lead);
        const QString path = m_home.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            return {};
        }
        file.write(QJsonDocument(lead).toJson());
        return path;
    }

    QString dbPath(const QString &name) const { return m_home.filePath(name + u".sqlite"_s); }

    QJsonArray historyRows(const QString &db, const QStringList &extra = {}) const
    {
        const Run result = run(QStringList{u"history"_s, u"--db"_s, db, u"--format"_s, u"json"_s} + extra);
        return result.code == 0 ? parseArray(result.out) : QJsonArray();
    }

    static void verifyNoSecretIn(const QString &db)
    {
        for (const QString &name : QStringList{db, db + u"-wal"_s}) {
            QFile file(name);
            if (!file.open(QIODevice::ReadOnly)) {
                continue;
            }
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(NthermPassword), qPrintable(name));
            QVERIFY2(!bytes.contains(BhmKey), qPrintable(name));
            QVERIFY2(!bytes.contains(QByteArray(NthermUser.toLatin1() + ':' + NthermPassword).toBase64()),
                     qPrintable(name));
        }
    }

    static QStringList waitForLine(QProcess &process, int timeoutMs = 20000)
    {
        QByteArray buffer;
        QDeadlineTimer deadline(timeoutMs);
        while (!buffer.contains('\n') && !deadline.hasExpired()) {
            if (!process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
                break;
            }
            buffer += process.readAllStandardOutput();
        }
        return QString::fromUtf8(buffer).split(u'\n');
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFile::exists(Cli), qPrintable(Cli));
        QVERIFY(QFile::exists(SampleLead));
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("program") << QStringList{u"--help"_s} << u"submit"_s;
        QTest::newRow("submit") << QStringList{u"submit"_s, u"--help"_s} << u"leadrelay-cli submit"_s;
        QTest::newRow("history") << QStringList{u"history"_s, u"--help"_s} << u"leadrelay-cli history"_s;
        QTest::newRow("simulate") << QStringList{u"simulate"_s, u"--help"_s} << u"leadrelay-cli simulate"_s;
        QTest::newRow("callbacks") << QStringList{u"callbacks"_s, u"-h"_s} << u"leadrelay-cli callbacks"_s;
    }

    void help()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const Run result = run(arguments);
        QCOMPARE(result.code, 0);
        QVERIFY2(QString::fromUtf8(result.out).contains(expected), result.out.constData());
        QVERIFY(result.err.isEmpty());
    }

    void submitHelpDocumentsExitStatuses()
    {
        const QString text = QString::fromUtf8(run({u"submit"_s, u"--help"_s}).out);
        for (const QString &needle : {u"--allow-duplicate"_s, u"accepted-not-sold"_s, u"account_error"_s,
                                      u"duplicate"_s, u"LEADRELAY_NTHERM_PASSWORD"_s, u"delivery unknown"_s}) {
            QVERIFY2(text.contains(needle), qPrintable(needle));
        }
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString db = dbPath(u"usage"_s);
        QTest::newRow("no command") << QStringList{} << u"Usage: leadrelay-cli"_s;
        QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"Unknown command 'frobnicate'"_s;
        QTest::newRow("no vendor") << QStringList{u"submit"_s, u"--lead"_s, SampleLead, u"--db"_s, db}
                                   << u"--vendor is required: use --vendor ntherm or --vendor bhm"_s;
        QTest::newRow("bad vendor") << QStringList{u"submit"_s, u"--vendor"_s, u"acme"_s, u"--lead"_s, SampleLead}
                                    << u"Unknown vendor 'acme'"_s;
        QTest::newRow("no lead") << QStringList{u"submit"_s, u"--vendor"_s, u"ntherm"_s} << u"--lead is required"_s;
        QTest::newRow("missing lead file")
            << QStringList{u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--lead"_s, m_home.filePath(u"nope.json"_s)}
            << u"Cannot read the lead file"_s;
        QTest::newRow("unknown option") << QStringList{u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--colour"_s}
                                        << u"colour"_s;
        QTest::newRow("stray argument") << QStringList{u"history"_s, u"extra"_s} << u"unexpected argument 'extra'"_s;
        QTest::newRow("training and endpoint")
            << QStringList{u"submit"_s, u"--vendor"_s,   u"ntherm"_s,     u"--lead"_s,
                           SampleLead,  u"--training"_s, u"--endpoint"_s, u"https://127.0.0.1/"_s}
            << u"exclude each other"_s;
        QTest::newRow("plain http to the internet")
            << QStringList{u"submit"_s, u"--vendor"_s,   u"ntherm"_s,
                           u"--lead"_s, SampleLead,      u"--db"_s,
                           db,          u"--endpoint"_s, u"http://example.com/v1/postLead"_s}
            << u"--endpoint cannot be used"_s;
        QTest::newRow("bad timeout") << QStringList{u"submit"_s, u"--vendor"_s,   u"ntherm"_s,    u"--lead"_s,
                                                    SampleLead,  u"--training"_s, u"--timeout"_s, u"soon"_s}
                                     << u"--timeout must be"_s;
        QTest::newRow("bad format") << QStringList{u"history"_s, u"--db"_s, db, u"--format"_s, u"xml"_s}
                                    << u"Unknown format 'xml'"_s;
        QTest::newRow("bad date") << QStringList{u"history"_s, u"--db"_s, db, u"--since"_s, u"2026-13-01"_s}
                                  << u"is not a date"_s;
        QTest::newRow("bad outcome") << QStringList{u"history"_s, u"--db"_s, db, u"--outcome"_s, u"great"_s}
                                     << u"Unknown outcome 'great'"_s;
        QTest::newRow("bad limit") << QStringList{u"history"_s, u"--db"_s, db, u"--limit"_s, u"0"_s}
                                   << u"--limit must be"_s;
        QTest::newRow("callbacks without listen")
            << QStringList{u"callbacks"_s, u"--db"_s, db} << u"--listen is required"_s;
        QTest::newRow("callbacks bad listen")
            << QStringList{u"callbacks"_s, u"--listen"_s, u"nowhere"_s} << u"is not HOST:PORT"_s;
        QTest::newRow("simulate bad port")
            << QStringList{u"simulate"_s, u"--port"_s, u"70000"_s} << u"--port must be"_s;
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run result = run(arguments);
        QCOMPARE(result.code, 2);
        QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
        QVERIFY2(result.out.isEmpty(), result.out.constData());
    }

    void missingCredentials()
    {
        QProcessEnvironment env = environment();
        env.remove(u"LEADRELAY_NTHERM_PASSWORD"_s);
        const Run result =
            run({u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--lead"_s, SampleLead, u"--db"_s, dbPath(u"creds"_s)}, env);
        QCOMPARE(result.code, 2);
        QVERIFY(result.err.contains("LEADRELAY_NTHERM_PASSWORD"));
        QVERIFY(result.err.contains("--training"));
    }

    void unknownKeyInLeadFile()
    {
        const Run result =
            run({u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--training"_s, u"--lead"_s,
                 QStringLiteral(LEADRELAY_TEST_DATA "/leads/unknown_key.json"), u"--db"_s, dbPath(u"unknown-key"_s)});
        QCOMPARE(result.code, 2);
        QVERIFY2(result.err.contains("frist_name"), result.err.constData());
        QVERIFY(result.out.isEmpty());
    }

    void submitTraining_data()
    {
        QTest::addColumn<QString>("vendor");
        QTest::newRow("ntherm") << u"ntherm"_s;
        QTest::newRow("bhm") << u"bhm"_s;
    }

    void submitTraining()
    {
        QFETCH(QString, vendor);
        const QString db = dbPath(u"training-"_s + vendor);
        const Run result = run({u"submit"_s, u"--vendor"_s, vendor, u"--lead"_s, SampleLead, u"--training"_s, u"--db"_s,
                                db, u"--agent"_s, u"cli.tester"_s});
        QCOMPARE(result.code, 0);
        QVERIFY2(result.out.endsWith('\n') && result.out.count('\n') == 1, result.out.constData());
        const QJsonObject object = parseObject(result.out);
        QStringList keys = object.keys();
        keys.sort();
        QStringList expected{
            u"id"_s,          u"vendor"_s,   u"outcome"_s,      u"billable"_s,       u"final"_s,
            u"http_status"_s, u"messages"_s, u"field_issues"_s, u"vendor_lead_id"_s, u"vendor_transaction_id"_s};
        expected.sort();
        QCOMPARE(keys, expected);
        QVERIFY(object.value(u"id"_s).isString() && !object.value(u"id"_s).toString().isEmpty());
        QCOMPARE(object.value(u"vendor"_s).toString(), vendor);
        QVERIFY2(QStringList({u"accepted"_s, u"sold"_s, u"accepted_not_sold"_s})
                     .contains(object.value(u"outcome"_s).toString()),
                 result.out.constData());
        QVERIFY(object.value(u"billable"_s).isBool());
        QVERIFY(object.value(u"final"_s).isBool());
        QCOMPARE(object.value(u"http_status"_s).toInt(), 200);
        QVERIFY(object.value(u"messages"_s).isArray());
        QVERIFY(object.value(u"field_issues"_s).isArray());
        for (const QString &key : {u"vendor_lead_id"_s, u"vendor_transaction_id"_s}) {
            QVERIFY(object.value(key).isString() || object.value(key).isNull());
        }
        if (vendor == u"ntherm"_s) {
            QCOMPARE(object.value(u"outcome"_s).toString(), u"accepted"_s);
            QCOMPARE(object.value(u"final"_s).toBool(), false); // preliminary: no callback asked for
        }

        const QJsonArray rows = historyRows(db);
        QCOMPARE(rows.size(), 1);
        const QJsonObject row = rows.at(0).toObject();
        QCOMPARE(row.value(u"id"_s).toString(), object.value(u"id"_s).toString());
        QCOMPARE(row.value(u"outcome"_s).toString(), object.value(u"outcome"_s).toString());
        QCOMPARE(row.value(u"mode"_s).toString(), u"training"_s);
        QCOMPARE(row.value(u"agent"_s).toString(), u"cli.tester"_s);
    }

    void invalidLeadSendsNothing()
    {
        const QString lead = writeLead(u"invalid.json"_s, [](QJsonObject &object) {
            object[u"phone"_s] = u"12"_s;
            object[u"email"_s] = u"not-an-address"_s;
            object[u"zip"_s] = u"9"_s;
        });
        const QString db = dbPath(u"invalid"_s);
        const Run result =
            run({u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--lead"_s, lead, u"--training"_s, u"--db"_s, db});
        QCOMPARE(result.code, 1);
        const QJsonObject object = parseObject(result.out);
        QCOMPARE(object.value(u"outcome"_s).toString(), u"invalid"_s);
        QVERIFY(object.value(u"id"_s).isNull());
        QSet<QString> fields;
        for (const QJsonValue &value : object.value(u"field_issues"_s).toArray()) {
            const QJsonObject issue = value.toObject();
            QCOMPARE(issue.keys(), (QStringList{u"field"_s, u"message"_s}));
            QVERIFY(!issue.value(u"message"_s).toString().isEmpty());
            fields.insert(issue.value(u"field"_s).toString());
        }
        for (const QString &field : {u"phone"_s, u"email"_s, u"zip"_s}) {
            QVERIFY2(fields.contains(field), qPrintable(field));
        }
        QCOMPARE(historyRows(db).size(), 0);
    }

    void notDelivered()
    {
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        const QString db = dbPath(u"not-delivered"_s);
        const Run result = run({u"submit"_s, u"--vendor"_s, u"ntherm"_s, u"--lead"_s, SampleLead, u"--db"_s, db,
                                u"--endpoint"_s, u"http://127.0.0.1:%1/v1/postLead"_s.arg(port)});
        QCOMPARE(result.code, 3);
        const QJsonObject object = parseObject(result.out);
        QCOMPARE(object.value(u"outcome"_s).toString(), u"not_delivered"_s);
        QVERIFY(object.value(u"http_status"_s).isNull());
        const QJsonArray rows = historyRows(db);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(u"outcome"_s).toString(), u"not_delivered"_s);
        QCOMPARE(rows.at(0).toObject().value(u"mode"_s).toString(), u"production"_s);
        verifyNoSecretIn(db);
    }

    void duplicateIsRefused()
    {
        const QString db = dbPath(u"duplicate"_s);
        const QStringList submit{u"submit"_s, u"--vendor"_s,   u"ntherm"_s, u"--lead"_s,
                                 SampleLead,  u"--training"_s, u"--db"_s,   db};
        const Run first = run(submit);
        QCOMPARE(first.code, 0);
        const QString firstId = parseObject(first.out).value(u"id"_s).toString();

        const Run second = run(submit);
        QCOMPARE(second.code, 1);
        const QJsonObject object = parseObject(second.out);
        QCOMPARE(object.value(u"outcome"_s).toString(), u"duplicate"_s);
        QVERIFY(object.value(u"id"_s).isNull());
        QVERIFY2(second.err.contains(firstId.toUtf8()), second.err.constData());
        QVERIFY(second.err.contains("--allow-duplicate"));
        QCOMPARE(historyRows(db).size(), 1);

        QCOMPARE(run(submit + QStringList{u"--allow-duplicate"_s}).code, 0);
        QCOMPARE(run(submit + QStringList{u"--duplicate-days"_s, u"0"_s}).code, 0);
        QCOMPARE(historyRows(db).size(), 3);
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

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
