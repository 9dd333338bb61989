// SPDX-License-Identifier: GPL-3.0-or-later
// leadrelay-cli submit as a user runs it: help, usage errors, exit statuses and the JSON it prints.
#include "CliTestSupport.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestCli : public QObject, public CliFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { checkSetUp(); }

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
        QTest::newRow("password in the endpoint")
            << QStringList{u"submit"_s, u"--vendor"_s,   u"ntherm"_s,
                           u"--lead"_s, SampleLead,      u"--db"_s,
                           db,          u"--endpoint"_s, u"https://someone:hunter2@127.0.0.1/v1/postLead"_s}
            << u"must not contain a user name or password"_s;
        QTest::newRow("malformed lead file")
            << QStringList{u"submit"_s, u"--vendor"_s,
                           u"bhm"_s,    u"--training"_s,
                           u"--db"_s,   db,
                           u"--lead"_s, QStringLiteral(LEADRELAY_TEST_DATA "/leads/malformed.json")}
            << u"cannot be used"_s;
        QTest::newRow("lead format from the future")
            << QStringList{u"submit"_s, u"--vendor"_s,
                           u"bhm"_s,    u"--training"_s,
                           u"--db"_s,   db,
                           u"--lead"_s, QStringLiteral(LEADRELAY_TEST_DATA "/leads/format2.json")}
            << u"format"_s;
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

    // A FIFO would block the read forever, a folder never ends: refused at once, by name.
    void leadFileMustBeARegularFile()
    {
        const QString fifo = m_home.filePath(u"lead.fifo"_s);
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        for (const QString &path : {fifo, m_home.path()}) {
            const Run result = run({u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--training"_s, u"--lead"_s, path, u"--db"_s,
                                    dbPath(u"fifo"_s)});
            QCOMPARE(result.code, 2);
            QVERIFY2(result.err.contains("not a regular file"), result.err.constData());
            QVERIFY(result.out.isEmpty());
        }
    }

    // --db naming another application's SQLite file: refused, the file byte-for-byte as it was.
    void foreignDatabaseIsLeftUntouched()
    {
        const QString path = m_home.filePath(u"other-app.db"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"foreign"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"CREATE TABLE contacts (name TEXT)"_s));
            QVERIFY(query.exec(u"INSERT INTO contacts VALUES ('Ann')"_s));
            query.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"foreign"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        const QStringList filesBefore = QDir(m_home.path()).entryList(QDir::Files | QDir::Hidden);

        for (const QStringList &command :
             {QStringList{u"history"_s},
              QStringList{u"submit"_s, u"--vendor"_s, u"bhm"_s, u"--training"_s, u"--lead"_s, SampleLead}}) {
            const Run result = run(command + QStringList{u"--db"_s, path});
            QCOMPARE(result.code, 2);
            QVERIFY2(result.err.contains("not a LeadRelay history"), result.err.constData());
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        QCOMPARE(QDir(m_home.path()).entryList(QDir::Files | QDir::Hidden), filesBefore);
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
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
