// SPDX-License-Identifier: GPL-3.0-or-later
// History export: RFC 4180 quoting, formula neutralising (CSV injection), exact rows, and the JSON form.
#include "store/HistoryStore.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

class TestHistoryCsv : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cell_data();
    void cell();
    void header();
    void row();
    void rowWithHostileCells();
    void json();
    void jsonWhileSending();

private:
    static SubmissionRecord sample();
};

void TestHistoryCsv::cell_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty") << QString() << QByteArray("");
    QTest::newRow("plain") << u"John Smith"_s << QByteArray("John Smith");
    QTest::newRow("formula") << u"=1+1"_s << QByteArray("'=1+1");
    QTest::newRow("plus") << u"+1"_s << QByteArray("'+1");
    QTest::newRow("minus") << u"-1"_s << QByteArray("'-1");
    QTest::newRow("at") << u"@SUM(A1:A2)"_s << QByteArray("'@SUM(A1:A2)");
    QTest::newRow("hyperlink") << u"=HYPERLINK(\"http://x\",\"y\")"_s
                               << QByteArray("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    QTest::newRow("tab first") << u"\t=1"_s << QByteArray("'\t=1");
    QTest::newRow("cr first") << u"\r=1"_s << QByteArray("\"'\r=1\"");
    QTest::newRow("formula char later") << u"a=b+c-d@e"_s << QByteArray("a=b+c-d@e");
    QTest::newRow("comma") << u"Smith, John"_s << QByteArray("\"Smith, John\"");
    QTest::newRow("quote") << u"say \"hi\""_s << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("only quote") << u"\""_s << QByteArray("\"\"\"\"");
    QTest::newRow("newline") << u"line1\nline2"_s << QByteArray("\"line1\nline2\"");
    QTest::newRow("crlf") << u"a\r\nb"_s << QByteArray("\"a\r\nb\"");
    QTest::newRow("formula with comma") << u"=1,2"_s << QByteArray("\"'=1,2\"");
    QTest::newRow("unicode") << u"Zoë Ñandú 東京 🙂"_s
                             << QByteArray("Zo\xc3\xab \xc3\x91"
                                           "and\xc3\xba \xe6\x9d\xb1\xe4\xba\xac "
                                           "\xf0\x9f\x99\x82");
    QTest::newRow("leading space kept") << u" x"_s << QByteArray(" x");
    QTest::newRow("semicolon") << u"a;b"_s << QByteArray("a;b");
    QTest::newRow("lf first") << u"\nx"_s << QByteArray("\"'\nx\"");
    QTest::newRow("only spaces") << u"   "_s << QByteArray("   ");

    // Spreadsheets skip blanks before a formula, read full-width forms as ASCII, and run DDE commands after |.
    const auto neutralised = [](const QString &value) -> QByteArray { return QByteArray("'") + value.toUtf8(); };
    const QStringList dangerous{
        u" =1+1"_s,
        u"   +1"_s,
        u"  -2+3"_s,
        u" @SUM(A1:A2)"_s,
        u"\u00a0=1"_s,
        u"\u3000@x"_s,
        u"\u2003-1"_s,
        u"\uff1d1+1"_s,
        u"\uff0b1"_s,
        u"\uff0d1"_s,
        u"\uff20SUM(A1)"_s,
        u"\u3000\uff1d1"_s,
        u" \uff0b1"_s,
        u"|cmd"_s,
        u" |cmd"_s,
        u"\uff5ccmd"_s,
        u"\ufe661+1"_s,
        u"\ufe621"_s,
        u"\ufe63 1"_s,
        u"\ufe6bx"_s,
        // Invisible format characters (found by fuzz_csv_cell): a reader that drops them sees the formula.
        u"\ufeff\uff0d1"_s,
        u"\u200b=1"_s,
        u"\u2060+1"_s,
        u"\u200e @x"_s,
    };
    for (const QString &value : dangerous)
        QTest::newRow(
            qPrintable(u"neutralised U+%1 %2"_s.arg(int(value.front().unicode()), 4, 16, QLatin1Char('0')).arg(value)))
            << value << neutralised(value);
    QTest::newRow("space before formula with comma") << u" =1,2"_s << QByteArray("\"' =1,2\"");
    QTest::newRow("space before tab") << u" \t=1"_s << QByteArray("' \t=1");
    QTest::newRow("pipe later") << u"a | b"_s << QByteArray("a | b");
    QTest::newRow("full-width later") << u"a\uff1db"_s << u"a\uff1db"_s.toUtf8();
    QTest::newRow("full-width letter first") << u"\uff21BC"_s << u"\uff21BC"_s.toUtf8();
    QTest::newRow("space then digit") << u" 1"_s << QByteArray(" 1");
}

void TestHistoryCsv::cell()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(csvCell(value), expected);
}

void TestHistoryCsv::header()
{
    QCOMPARE(historyCsvHeader(),
             QByteArray("id,created_at,answered_at,agent,vendor,mode,campaign,customer,phone,outcome,"
                        "billable,final,http_status,vendor_lead_id,vendor_transaction_id,messages,"
                        "duration_ms,returned_at,return_reason\r\n"));
}

SubmissionRecord TestHistoryCsv::sample()
{
    SubmissionRecord r;
    r.id = u"0b5c1e1e-1111-4222-8333-444455556666"_s;
    r.createdAt = QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5, 7), Qt::UTC);
    r.answeredAt = r.createdAt.addMSecs(1234);
    r.agent = u"maria.g"_s;
    r.vendorId = u"ntherm"_s;
    r.accountMode = u"production"_s;
    r.campaign = u"OHIO_GENERAL"_s;
    r.customerName = u"John Smith"_s;
    r.phone = u"2127365000"_s;
    r.httpStatus = 200;
    r.state = OutcomeState::Accepted;
    r.vendorLeadId = u"L1"_s;
    r.vendorTransactionId = u"T1"_s;
    r.messages = {u"Lead accepted"_s, u"awaiting result"_s};
    r.fieldIssues = {{u"phone"_s, Severity::Warning, u"Toll-free number"_s}};
    r.durationMs = 1234;
    return r;
}

void TestHistoryCsv::row()
{
    QCOMPARE(historyCsvRow(sample()),
             QByteArray("0b5c1e1e-1111-4222-8333-444455556666,2026-11-22T17:04:05.007Z,2026-11-22T17:04:06.241Z,"
                        "maria.g,ntherm,production,OHIO_GENERAL,John Smith,2127365000,accepted,0,0,200,L1,T1,"
                        "Lead accepted | awaiting result,1234,,\r\n"));
    SubmissionRecord sending;
    sending.id = u"x"_s;
    sending.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    // No answer yet: no answer time, no HTTP status, no duration.
    QCOMPARE(historyCsvRow(sending), QByteArray("x,2026-01-02T03:04:05.000Z,,,,,,,,sending,0,0,,,,,,,\r\n"));
}

void TestHistoryCsv::rowWithHostileCells()
{
    SubmissionRecord r = sample();
    r.customerName = u"=cmd|' /C calc'!A0"_s;
    r.agent = u"@agent"_s;
    r.campaign = u"-2+3"_s;
    r.messages = {u"bad, very \"bad\""_s, u"next"_s};
    const QByteArray line = historyCsvRow(r);
    QVERIFY(line.contains(",'=cmd|' /C calc'!A0,"));
    QVERIFY(line.contains(",'@agent,"));
    QVERIFY(line.contains(",'-2+3,"));
    QVERIFY(line.contains(",\"bad, very \"\"bad\"\" | next\","));
    r.customerName = u" =cmd|' /C calc'!A0"_s;
    r.agent = u"\uff20agent"_s;
    r.campaign = u"|calc"_s;
    const QByteArray hidden = historyCsvRow(r);
    QVERIFY(hidden.contains(",' =cmd|' /C calc'!A0,"));
    QVERIFY(hidden.contains(QByteArray(QByteArray(",'") + u"\uff20agent"_s.toUtf8() + ',')));
    QVERIFY(hidden.contains(",'|calc,"));
    QVERIFY(line.endsWith("\r\n"));
}

void TestHistoryCsv::json()
{
    SubmissionRecord r = sample();
    r.billable = true;
    r.final = true;
    r.state = OutcomeState::Sold;
    const QJsonObject object = historyJson(r);
    QCOMPARE(object.value(u"id"_s).toString(), r.id);
    QCOMPARE(object.value(u"created_at"_s).toString(), u"2026-11-22T17:04:05.007Z"_s);
    QCOMPARE(object.value(u"answered_at"_s).toString(), u"2026-11-22T17:04:06.241Z"_s);
    QCOMPARE(object.value(u"agent"_s).toString(), u"maria.g"_s);
    QCOMPARE(object.value(u"vendor"_s).toString(), u"ntherm"_s);
    QCOMPARE(object.value(u"mode"_s).toString(), u"production"_s);
    QCOMPARE(object.value(u"campaign"_s).toString(), u"OHIO_GENERAL"_s);
    QCOMPARE(object.value(u"customer"_s).toString(), u"John Smith"_s);
    QCOMPARE(object.value(u"phone"_s).toString(), u"2127365000"_s);
    QCOMPARE(object.value(u"outcome"_s).toString(), u"sold"_s);
    QCOMPARE(object.value(u"billable"_s), QJsonValue(true));
    QCOMPARE(object.value(u"final"_s), QJsonValue(true));
    QCOMPARE(object.value(u"http_status"_s).toInt(), 200);
    QCOMPARE(object.value(u"vendor_lead_id"_s).toString(), u"L1"_s);
    QCOMPARE(object.value(u"vendor_transaction_id"_s).toString(), u"T1"_s);
    QCOMPARE(object.value(u"messages"_s).toArray(), QJsonArray({u"Lead accepted"_s, u"awaiting result"_s}));
    QCOMPARE(object.value(u"duration_ms"_s).toInteger(), 1234);
    const QJsonArray issues = object.value(u"field_issues"_s).toArray();
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.at(0).toObject(), QJsonObject({{u"field"_s, u"phone"_s}, {u"message"_s, u"Toll-free number"_s}}));
    // Every CSV column is a JSON key.
    const QList<QByteArray> columns = historyCsvHeader().trimmed().split(',');
    for (const QByteArray &column : columns)
        QVERIFY2(object.contains(QString::fromLatin1(column)), column.constData());
    QCOMPARE(object.size(), columns.size() + 1);
}

void TestHistoryCsv::jsonWhileSending()
{
    SubmissionRecord r;
    r.id = u"x"_s;
    r.createdAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    const QJsonObject object = historyJson(r);
    QVERIFY(object.value(u"answered_at"_s).isNull());
    QVERIFY(object.value(u"http_status"_s).isNull());
    QVERIFY(object.value(u"duration_ms"_s).isNull());
    QCOMPARE(object.value(u"outcome"_s).toString(), u"sending"_s);
}

QTEST_GUILESS_MAIN(TestHistoryCsv)
#include "tst_historycsv.moc"
