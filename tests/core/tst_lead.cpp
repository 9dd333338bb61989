// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Lead.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

QByteArray readData(const QString &name)
{
    QFile file(QStringLiteral(LEADRELAY_TEST_DATA "/leads/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open test data");
    return file.readAll();
}

Lead fullLead()
{
    Lead lead;
    int i = 0;
    for (const QString &key : Lead::textKeys())
        lead.setText(key, u"value %1 of %2"_s.arg(++i).arg(key));
    lead.mailingSameAsService = true;
    lead.consent = {{u"Contact?"_s, u"Yes"_s}, {u"Terms?"_s, u"No"_s}};
    lead.consentRecordedAt = QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5), QTimeZone::utc());
    return lead;
}

} // namespace

class TestLead : public QObject
{
    Q_OBJECT

private slots:
    void textKeysFollowFormatOrder()
    {
        const QStringList &keys = Lead::textKeys();
        QCOMPARE(keys.size(), 27);
        QCOMPARE(keys.first(), Key::FirstName);
        QCOMPARE(keys.last(), Key::Agent);
        QVERIFY(keys.indexOf(Key::Zip) < keys.indexOf(Key::MailingStreet));
        QVERIFY(!keys.contains(Key::Consent));
        QVERIFY(!keys.contains(Key::MailingSame));
        QVERIFY(!keys.contains(Key::ConsentRecordedAt));
    }

    void textAndSetText()
    {
        Lead lead;
        for (const QString &key : Lead::textKeys()) {
            QVERIFY(lead.setText(key, key + u"!"_s));
            QCOMPARE(lead.text(key), key + u"!"_s);
        }
        QCOMPARE(lead.firstName, u"first_name!"_s);
        QCOMPARE(lead.trustedFormCertUrl, u"trustedform_cert_url!"_s);
        QCOMPARE(lead.sub5, u"sub5!"_s);
        QVERIFY(!lead.setText(u"frist_name"_s, u"x"_s));
        QVERIFY(lead.text(u"frist_name"_s).isEmpty());
        QVERIFY(!lead.setText(Key::Consent, u"x"_s));
    }

    void isEmpty()
    {
        Lead lead;
        QVERIFY(lead.isEmpty());
        lead.mailingSameAsService = true;
        lead.consent = {{u"Contact?"_s, QString()}};
        QVERIFY2(lead.isEmpty(), "a ticked box and prefilled questions are not typed data");
        lead.consent[0].answer = u"Yes"_s;
        QVERIFY(!lead.isEmpty());
        lead.consent.clear();
        lead.sub3 = u"x"_s;
        QVERIFY(!lead.isEmpty());
    }

    void effectiveMailing()
    {
        Lead lead = fullLead();
        lead.mailingSameAsService = false;
        QCOMPARE(lead.effectiveMailing(Key::MailingZip), lead.mailingZip);
        lead.mailingSameAsService = true;
        QCOMPARE(lead.effectiveMailing(Key::MailingStreet), lead.street);
        QCOMPARE(lead.effectiveMailing(Key::MailingCity), lead.city);
        QCOMPARE(lead.effectiveMailing(Key::MailingState), lead.state);
        QCOMPARE(lead.effectiveMailing(Key::MailingZip), lead.zip);
        QCOMPARE(lead.effectiveMailing(Key::Phone), lead.phone);
    }

    void sampleReadsCleanly()
    {
        const LeadReadResult result = leadFromJson(readData(u"sample.json"_s));
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY(result.lead);
        const Lead &lead = *result.lead;
        QCOMPARE(lead.firstName, u"John"_s);
        QCOMPARE(lead.phone, u"(310) 555-1212"_s);
        QCOMPARE(lead.zip, u"90001"_s);
        QCOMPARE(lead.mailingSameAsService, false);
        QCOMPARE(lead.mailingZip, u"94101"_s);
        QCOMPARE(lead.sub1, u"agent-desk-7"_s);
        QCOMPARE(lead.consent.size(), 2);
        QCOMPARE(lead.consent.at(1).question, u"Do you agree to the terms and conditions?"_s);
        QCOMPARE(lead.consent.at(1).answer, u"Yes"_s);
        QCOMPARE(lead.consentRecordedAt, QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5), QTimeZone::utc()));
        QCOMPARE(lead.agent, u"maria.g"_s);
    }

    void sampleWrittenBackIdentically()
    {
        // Same keys, same order, same values as the documented sample (whitespace aside).
        const Lead lead = *leadFromJson(readData(u"sample.json"_s)).lead;
        const QByteArray written = lead.toJsonBytes();
        QCOMPARE(QJsonDocument::fromJson(written).object(),
                 QJsonDocument::fromJson(readData(u"sample.json"_s)).object());
        QVERIFY(written.startsWith("{\n  \"format\": 1,\n  \"first_name\": \"John\",\n"));
        QVERIFY(written.indexOf("\"zip\"") < written.indexOf("\"mailing_same_as_service\""));
        QVERIFY(written.indexOf("\"mailing_same_as_service\"") < written.indexOf("\"mailing_street\""));
        QVERIFY(written.indexOf("\"sub5\"") < written.indexOf("\"consent\""));
        QVERIFY(written.indexOf("\"consent_script\"") < written.indexOf("\"consent_recorded_at\""));
        QVERIFY(written.contains("\"consent_recorded_at\": \"2026-11-22T17:04:05Z\""));
        QVERIFY(written.trimmed().endsWith("\"agent\": \"maria.g\"\n}"));
    }

    void roundTrip_data()
    {
        QTest::addColumn<Lead>("lead");
        QTest::newRow("empty") << Lead();
        QTest::newRow("full") << fullLead();
        Lead awkward = fullLead();
        awkward.firstName = u"Zo\u00eb \"Z\" O'Neil\\"_s;
        awkward.street = u"line1\nline2\ttab \u0001 ctrl"_s;
        awkward.city = u"M\u00fcnchen \U0001F600"_s;
        awkward.consent.append({u"\u00bfS\u00ed?"_s, QString()});
        awkward.consentRecordedAt = QDateTime();
        QTest::newRow("escapes and unicode") << awkward;
        Lead offset = fullLead();
        offset.consentRecordedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone(3600));
        QTest::newRow("recorded with offset") << offset;
        Lead earliest = fullLead();
        earliest.consentRecordedAt = QDateTime(QDate(1, 1, 1), QTime(0, 0, 0), QTimeZone::utc());
        QTest::newRow("recorded in year 1") << earliest;
        Lead latest = fullLead();
        latest.consentRecordedAt = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), QTimeZone::utc());
        QTest::newRow("recorded in year 9999") << latest;
        Lead invisible = fullLead();
        invisible.firstName = u"a\u0000b\u007f\u2028c\uffff"_s; // refused by validation, but kept exactly
        invisible.consent[0].question = u"\U0010FFFF?"_s;
        QTest::newRow("nul, del, line separator, noncharacters") << invisible;
        Lead marks = fullLead();
        marks.firstName = u"\ufeffAnn\ufeff"_s; // Qt's reader drops a raw byte-order mark that starts a string
        marks.consent[1].answer = u"\ufeff"_s;
        QTest::newRow("byte-order marks") << marks;
    }

    void roundTrip()
    {
        QFETCH(Lead, lead);
        const LeadReadResult fromBytes = leadFromJson(lead.toJsonBytes());
        QVERIFY2(fromBytes.error.isEmpty(), qPrintable(fromBytes.error));
        QVERIFY(*fromBytes.lead == lead);
        const LeadReadResult fromObject = leadFromJsonObject(lead.toJson());
        QVERIFY2(fromObject.error.isEmpty(), qPrintable(fromObject.error));
        QVERIFY(*fromObject.lead == lead);
        // Both writers describe the same object.
        QCOMPARE(QJsonDocument::fromJson(lead.toJsonBytes()).object(), lead.toJson());
    }

    void toJsonShape()
    {
        const QJsonObject object = fullLead().toJson();
        QCOMPARE(object.value(Key::Format).toInt(), 1);
        QCOMPARE(object.value(Key::MailingSame).toBool(), true);
        QCOMPARE(object.value(Key::ConsentRecordedAt).toString(), u"2026-11-22T17:04:05Z"_s);
        const QJsonArray consent = object.value(Key::Consent).toArray();
        QCOMPARE(consent.size(), 2);
        QCOMPARE(consent.at(1).toObject(), (QJsonObject{{u"question"_s, u"Terms?"_s}, {u"answer"_s, u"No"_s}}));
        QCOMPARE(Lead().toJson().value(Key::ConsentRecordedAt).toString(), QString());
        QCOMPARE(object.size(), 27 + 4);
    }

    void missingKeysAreEmpty()
    {
        const LeadReadResult result = leadFromJson(readData(u"minimal.json"_s));
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.lead->firstName, u"Ann"_s);
        QVERIFY(result.lead->lastName.isEmpty());
        QVERIFY(result.lead->consent.isEmpty());
        QVERIFY(!result.lead->consentRecordedAt.isValid());
        QVERIFY(!result.lead->mailingSameAsService);
    }

    void readErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key file") << readData(u"unknown_key.json"_s) << u"unknown key \"frist_name\""_s;
        QTest::newRow("wrong type file") << readData(u"wrong_type.json"_s) << u"\"zip\" must be a string"_s;
        QTest::newRow("format 2 file") << readData(u"format2.json"_s) << u"Lead format 2 is not supported"_s;
        QTest::newRow("format as string") << QByteArray(R"({"format": "1"})") << u"\"format\" must be"_s;
        QTest::newRow("format huge") << QByteArray(R"({"format": 1e300})") << u"\"format\" must be"_s;
        QTest::newRow("format fraction") << QByteArray(R"({"format": 1.5})") << u"\"format\" must be"_s;
        QTest::newRow("null text") << QByteArray(R"({"phone": null})") << u"\"phone\" must be a string"_s;
        QTest::newRow("mailing flag as string")
            << QByteArray(R"({"mailing_same_as_service": "yes"})") << u"\"mailing_same_as_service\" must be"_s;
        QTest::newRow("consent not a list") << QByteArray(R"({"consent": "yes"})") << u"\"consent\" must be"_s;
        QTest::newRow("consent entry not an object") << QByteArray(R"({"consent": ["yes"]})") << u"consent entry 1"_s;
        QTest::newRow("consent entry unknown key") << QByteArray(R"({"consent": [{"question": "Q", "answre": "Yes"}]})")
                                                   << u"unknown key \"answre\" in consent entry 1"_s;
        QTest::newRow("consent answer not a string")
            << QByteArray(R"({"consent": [{"question": "Q", "answer": true}]})") << u"\"answer\" of consent entry 1"_s;
        QTest::newRow("recorded at garbage")
            << QByteArray(R"({"consent_recorded_at": "yesterday"})") << u"\"consent_recorded_at\" must be"_s;
        QTest::newRow("recorded at without zone")
            << QByteArray(R"({"consent_recorded_at": "2026-11-22T17:04:05"})") << u"\"consent_recorded_at\" must be"_s;
        // Text JSON can spell but UTF-8 cannot hold: the vendor and the history would get different names.
        QTest::newRow("lone high surrogate")
            << QByteArray(R"({"first_name": "Jo\ud800hn"})") << u"\"first_name\" is not valid Unicode"_s;
        QTest::newRow("lone low surrogate")
            << QByteArray(R"({"city": "x\udc00"})") << u"\"city\" is not valid Unicode"_s;
        QTest::newRow("surrogates reversed")
            << QByteArray(R"({"agent": "\udc00\ud800"})") << u"\"agent\" is not valid Unicode"_s;
        QTest::newRow("surrogate in consent question")
            << QByteArray(R"({"consent": [{"question": "Q\ud83d", "answer": "Yes"}]})")
            << u"\"question\" of consent entry 1 is not valid Unicode"_s;
        QTest::newRow("surrogate in consent answer")
            << QByteArray(R"({"consent": [{"question": "Q", "answer": "Y"}, {"question": "Q", "answer": "\udfff"}]})")
            << u"\"answer\" of consent entry 2 is not valid Unicode"_s;
        QTest::newRow("invalid UTF-8 bytes") << QByteArray("{\"first_name\": \"Jo\xff\"}") << u"Malformed JSON"_s;
        QTest::newRow("UTF-8 encoded surrogate")
            << QByteArray("{\"first_name\": \"Jo\xed\xa0\x80hn\"}") << u"Malformed JSON"_s;
        // Times that are valid where they were written but leave the years 1..9999 in UTC.
        QTest::newRow("recorded at before year 1 in UTC")
            << QByteArray(R"({"consent_recorded_at": "0001-01-01T00:30:00+01:00"})")
            << u"between the years 1 and 9999"_s;
        QTest::newRow("recorded at after 9999 in UTC")
            << QByteArray(R"({"consent_recorded_at": "9999-12-31T23:30:00-01:00"})")
            << u"between the years 1 and 9999"_s;
        QTest::newRow("recorded at rounded into 10000")
            << QByteArray(R"({"consent_recorded_at": "9999-12-31T23:59:59.9999Z"})")
            << u"between the years 1 and 9999"_s;
        // A key holding "%1" must be named as it is, not with the entry number put in its place.
        QTest::newRow("placeholder in a consent key")
            << QByteArray(R"({"consent": [{"question": "Q", "%1answer": "Yes"}]})")
            << u"unknown key \"%1answer\" in consent entry 1"_s;
        QTest::newRow("not an object") << QByteArray("[1, 2]") << u"must be a JSON object"_s;
        QTest::newRow("empty input") << QByteArray() << u"Malformed JSON at byte 0"_s;
    }

    void readErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const LeadReadResult result = leadFromJson(json);
        QVERIFY(!result.lead);
        QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    }

    void malformedNamesPosition()
    {
        const QByteArray json = readData(u"malformed.json"_s);
        const LeadReadResult result = leadFromJson(json);
        QVERIFY(!result.lead);
        // The comma is missing after "Doe": Qt stops where it expected it.
        static const QRegularExpression pattern(u"^Malformed JSON at byte (\\d+): (.+)$"_s);
        const QRegularExpressionMatch match = pattern.match(result.error);
        QVERIFY2(match.hasMatch(), qPrintable(result.error));
        const int offset = match.captured(1).toInt();
        const int missingComma = int(json.indexOf("\"Doe\"") + 5);
        QVERIFY2(offset >= missingComma && offset <= int(json.indexOf("\"phone\"")) + 1, qPrintable(result.error));
        QVERIFY(!match.captured(2).trimmed().isEmpty());
    }

    void severalErrorsReportedTogether()
    {
        const LeadReadResult result = leadFromJson(R"({"frist_name": "A", "zip": 1, "format": 1})");
        QVERIFY(result.error.contains(u"unknown key \"frist_name\""_s));
        QVERIFY(result.error.contains(u"\"zip\" must be a string"_s));
    }

    // What the reader accepts, written and read again, is the same lead; writing it again gives the same bytes.
    void readWriteReadIsExact_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("sample") << readData(u"sample.json"_s);
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("offset east") << QByteArray(R"({"consent_recorded_at": "2026-11-22T17:04:05+14:00"})");
        QTest::newRow("offset west") << QByteArray(R"({"consent_recorded_at": "2026-11-22T17:04:05-12:00"})");
        QTest::newRow("offset to year 1") << QByteArray(R"({"consent_recorded_at": "0001-01-01T01:30:00+01:00"})");
        QTest::newRow("offset to year 9999") << QByteArray(R"({"consent_recorded_at": "9999-12-31T22:30:00-01:00"})");
        QTest::newRow("24:00") << QByteArray(R"({"consent_recorded_at": "2026-12-31T24:00:00Z"})");
        QTest::newRow("fraction rounds up") << QByteArray(R"({"consent_recorded_at": "2026-11-22T17:04:05.9999Z"})");
        QTest::newRow("lower-case z") << QByteArray(R"({"consent_recorded_at": "2026-11-22T17:04:05z"})");
        QTest::newRow("minus zero offset") << QByteArray(R"({"consent_recorded_at": "2026-11-22T17:04:05-00:00"})");
        QTest::newRow("no seconds") << QByteArray(R"({"consent_recorded_at": "2026-11-22T17:04Z"})");
        QTest::newRow("escapes") << QByteArray(
            "{\"street\": \"a\\u0000b\\t\\\"c\\\"\\\\ \\u001f \\u007f \\u2028 \\ud83d\\ude00\"}");
        QTest::newRow("noncharacter") << QByteArray("{\"city\": \"\xef\xbf\xbf\"}");
        QTest::newRow("duplicate key") << QByteArray(R"({"zip": "1", "zip": "2"})");
        QTest::newRow("byte-order mark first") << QByteArray(R"({"first_name": "\ufeffAnn", "agent": "\ufeff"})");
        QTest::newRow("format as 1.0") << QByteArray(R"({"format": 1.0, "sub5": "x"})");
        QTest::newRow("consent without keys") << QByteArray(R"({"consent": [{}, {"answer": "Yes"}]})");
    }

    void readWriteReadIsExact()
    {
        QFETCH(QByteArray, json);
        const LeadReadResult first = leadFromJson(json);
        QVERIFY2(first.lead, qPrintable(first.error));
        const QByteArray written = first.lead->toJsonBytes();
        const LeadReadResult second = leadFromJson(written);
        QVERIFY2(second.lead, qPrintable(second.error));
        QVERIFY(*second.lead == *first.lead);
        QCOMPARE(second.lead->consentRecordedAt.toString(Qt::ISODateWithMs),
                 first.lead->consentRecordedAt.toString(Qt::ISODateWithMs));
        QCOMPARE(second.lead->toJsonBytes(), written);
        const LeadReadResult fromObject = leadFromJsonObject(first.lead->toJson());
        QVERIFY2(fromObject.lead, qPrintable(fromObject.error));
        QVERIFY(*fromObject.lead == *first.lead);
    }

    // Text built in memory can hold what the reader refuses; it is written escaped (UTF-8 cannot carry it) and
    // refused, naming the key, when read back, never silently turned into another name.
    void unpairedSurrogateFromMemoryIsWrittenEscaped()
    {
        Lead lead;
        lead.firstName = u"Jo"_s + QChar(0xD800) + u"hn"_s;
        const QByteArray written = lead.toJsonBytes();
        QVERIFY2(written.contains(R"("first_name": "Jo\ud800hn")"), written.constData());
        const LeadReadResult read = leadFromJson(written);
        QVERIFY(!read.lead);
        QVERIFY2(read.error.contains(u"\"first_name\" is not valid Unicode"_s), qPrintable(read.error));
    }

    void recordedAtNormalisedToUtc()
    {
        const LeadReadResult result = leadFromJson(R"({"consent_recorded_at": "2026-11-22T18:04:05.250+01:00"})");
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.lead->consentRecordedAt, QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5), QTimeZone::utc()));
        QVERIFY(result.lead->toJsonBytes().contains("\"2026-11-22T17:04:05Z\""));
    }
};

QTEST_GUILESS_MAIN(TestLead)
#include "tst_lead.moc"
