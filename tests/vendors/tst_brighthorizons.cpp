// SPDX-License-Identifier: GPL-3.0-or-later
#include "vendors/BrightHorizonsVendor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(LeadRelay::Lead)
Q_DECLARE_METATYPE(LeadRelay::OutcomeState)

namespace
{

const QString DocumentKey = u"96852585-58lk-5g5r-63jk8-25lp2574poiu"_s;

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(LEADRELAY_TEST_DATA) + u"/bhm/" + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture");
    return file.readAll();
}

QJsonObject bodyOf(const HttpRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("request body is not strict JSON");
    return document.object();
}

QJsonObject transactionOf(const HttpRequest &request)
{
    return bodyOf(request).value(u"transaction"_s).toObject();
}

// The lead of the document's sample request, as the agent would have typed it.
Lead documentLead()
{
    Lead lead;
    lead.firstName = u"JJ"_s;
    lead.lastName = u"McClure"_s;
    lead.email = u"jjmcclure@example.com"_s;
    lead.phone = u"(702) 555-1212"_s;
    lead.street = u"123 Cannonball Lane"_s;
    lead.city = u"Boulder City"_s;
    lead.state = u"NV"_s;
    lead.zip = u"89002"_s;
    lead.ip = u"184.248.249.118"_s;
    lead.sourceUrl = u"https://www.yourwebsite.com/form/"_s;
    lead.sub1 = u"yourSub1"_s;
    lead.trustedFormCertUrl = u"https://cert.trustedform.com/9zz999z999999z99999z9999zz9z99999z9z999z"_s;
    lead.jornayaLeadId = u"9zzzz999-9999-9zzz-z999-99zzz999z99z"_s; // sent upper-cased
    return lead;
}

VendorAccount account(const QString &affiliateId = u"123456"_s, const QString &key = DocumentKey)
{
    VendorAccount result;
    result.vendorId = u"bhm"_s;
    result.user = affiliateId;
    result.secret = key;
    return result;
}

QStringList sorted(QStringList list)
{
    std::sort(list.begin(), list.end());
    return list;
}

QStringList errorFields(const FieldIssues &issues)
{
    QStringList fields;
    for (const FieldIssue &issue : issues) {
        if (issue.severity == Severity::Error && !fields.contains(issue.field))
            fields.append(issue.field);
    }
    return sorted(fields);
}

} // namespace

class TestBrightHorizons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestMatchesDocumentSample();
    void requestHeaders();
    void optionalFieldsAreLeftOutWhenEmpty();
    void zipKeepsLeadingZeros_data();
    void zipKeepsLeadingZeros();
    void affiliateIdThatIsNotANumber();
    void callbackUrlIsIgnored();
    void redactionLeavesNoSecret();
    void validation_data();
    void validation();
    void checkAccount_data();
    void checkAccount();
    void answers_data();
    void answers();
    void errorTextsMapToFields_data();
    void errorTextsMapToFields();
    void callbacksAreNeverApplied();
    void garbageNeverCrashes();
};

void TestBrightHorizons::requestMatchesDocumentSample()
{
    const BrightHorizonsVendor vendor;
    const HttpRequest request = vendor.buildRequest(documentLead(), account());
    const QJsonObject body = bodyOf(request);
    const QJsonObject expected = QJsonDocument::fromJson(fixture(u"request-sample.json"_s)).object();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(sorted(body.keys()), sorted(expected.keys()));
    for (const QString &part : {u"xauth"_s, u"transaction"_s}) {
        const QJsonObject sent = body.value(part).toObject();
        const QJsonObject documented = expected.value(part).toObject();
        for (auto it = documented.begin(); it != documented.end(); ++it)
            QVERIFY2(sent.value(it.key()) == it.value(), qPrintable(part + u'.' + it.key()));
        QCOMPARE(sorted(sent.keys()), sorted(documented.keys()));
    }
    // B1/B2: the types matter, not only the text.
    QVERIFY(body.value(u"xauth"_s).toObject().value(u"affiliateid"_s).isDouble());
    QCOMPARE(body.value(u"xauth"_s).toObject().value(u"affiliateid"_s).toInteger(), 123456);
    QVERIFY(transactionOf(request).value(u"zip"_s).isString());
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.url.toString(), u"https://api.brighthorizonsmedia.com/post/energy/"_s);
}

void TestBrightHorizons::requestHeaders()
{
    const HttpRequest request = BrightHorizonsVendor().buildRequest(documentLead(), account());
    QCOMPARE(request.header("content-type"), QByteArray("application/json; charset=utf-8"));
    QCOMPARE(request.header("Accept"), QByteArray("application/json"));
    QCOMPARE(request.header("Authorization"), QByteArray()); // the credentials travel in xauth
}

void TestBrightHorizons::optionalFieldsAreLeftOutWhenEmpty()
{
    Lead lead = documentLead();
    lead.city.clear();
    lead.state.clear();
    lead.jornayaLeadId.clear();
    QJsonObject transaction = transactionOf(BrightHorizonsVendor().buildRequest(lead, account()));
    QVERIFY(!transaction.contains(u"city"_s));
    QVERIFY(!transaction.contains(u"state"_s));
    QVERIFY(!transaction.contains(u"dob"_s));
    QVERIFY(!transaction.contains(u"jornayaleadid"_s));
    QVERIFY(transaction.contains(u"trustedformcertid"_s));
    for (const QString &sub : {u"sub2"_s, u"sub3"_s, u"sub4"_s, u"sub5"_s})
        QCOMPARE(transaction.value(sub), QJsonValue(u""_s)); // as in the sample

    lead = documentLead();
    lead.trustedFormCertUrl.clear();
    lead.dob = u"1980-04-02"_s;
    transaction = transactionOf(BrightHorizonsVendor().buildRequest(lead, account()));
    QVERIFY(!transaction.contains(u"trustedformcertid"_s));
    QCOMPARE(transaction.value(u"jornayaleadid"_s).toString(), u"9ZZZZ999-9999-9ZZZ-Z999-99ZZZ999Z99Z"_s);
    QCOMPARE(transaction.value(u"dob"_s).toString(), u"1980-04-02"_s);
}

void TestBrightHorizons::zipKeepsLeadingZeros_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("sent");
    QTest::newRow("leading zero") << u"02134"_s << u"02134"_s;
    QTest::newRow("zip+4") << u"02134-1234"_s << u"02134"_s;
    QTest::newRow("zip+4 without dash") << u"021341234"_s << u"02134"_s;
    QTest::newRow("spaces") << u" 89002 "_s << u"89002"_s;
}

void TestBrightHorizons::zipKeepsLeadingZeros()
{
    QFETCH(QString, typed);
    QFETCH(QString, sent);
    Lead lead = documentLead();
    lead.zip = typed;
    const QJsonValue zip = transactionOf(BrightHorizonsVendor().buildRequest(lead, account())).value(u"zip"_s);
    QVERIFY(zip.isString());
    QCOMPARE(zip.toString(), sent);
}

void TestBrightHorizons::affiliateIdThatIsNotANumber()
{
    const BrightHorizonsVendor vendor;
    const VendorAccount wrong = account(u"12a456"_s);
    QVERIFY(!vendor.checkAccount(wrong).isEmpty());
    // buildRequest cannot fail; it sends what was typed rather than a guessed number.
    const QJsonValue sent =
        bodyOf(vendor.buildRequest(documentLead(), wrong)).value(u"xauth"_s).toObject().value(u"affiliateid"_s);
    QCOMPARE(sent, QJsonValue(u"12a456"_s));
}

void TestBrightHorizons::callbackUrlIsIgnored()
{
    const BrightHorizonsVendor vendor;
    const HttpRequest with = vendor.buildRequest(documentLead(), account(), QUrl(u"https://relay.example.com/cb/x"_s));
    QCOMPARE(with.body, vendor.buildRequest(documentLead(), account()).body);
}

void TestBrightHorizons::redactionLeavesNoSecret()
{
    const BrightHorizonsVendor vendor;
    const QString key = u"4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab"_s;
    const HttpRequest request = vendor.buildRequest(documentLead(), account(u"123456"_s, key));
    const HttpRequest redacted = vendor.redacted(request);
    const QByteArray text = redacted.toText();
    QVERIFY(!text.contains(key.toUtf8()));
    QVERIFY(!text.contains(key.left(8).toUtf8()));
    const QJsonObject xauth = bodyOf(redacted).value(u"xauth"_s).toObject();
    QCOMPARE(xauth.value(u"key"_s).toString(), u"[redacted]"_s);
    QCOMPARE(xauth.value(u"affiliateid"_s).toInteger(), 123456);
    QCOMPARE(bodyOf(redacted).value(u"transaction"_s), bodyOf(request).value(u"transaction"_s));
    QVERIFY(request.body.contains(key.toUtf8())); // the original is untouched

    HttpRequest unreadable = request;
    unreadable.body = "not json " + key.toUtf8();
    QVERIFY(!vendor.redacted(unreadable).toText().contains(key.toUtf8()));
}

void TestBrightHorizons::validation_data()
{
    QTest::addColumn<Lead>("lead");
    QTest::addColumn<QStringList>("errorFields");

    QTest::newRow("document's lead") << documentLead() << QStringList();
    Lead lead = documentLead();
    lead.trustedFormCertUrl.clear();
    QTest::newRow("Jornaya only") << lead << QStringList();
    lead.jornayaLeadId.clear();
    QTest::newRow("neither certificate nor Jornaya") << lead << QStringList{Key::Jornaya, Key::TrustedForm};
    lead = documentLead();
    lead.city.clear();
    lead.state.clear();
    QTest::newRow("city and state are optional") << lead << QStringList();
    lead = documentLead();
    lead.ip.clear();
    lead.sourceUrl.clear();
    lead.sub1.clear();
    QTest::newRow("tracking fields missing") << lead << QStringList{Key::Ip, Key::SourceUrl, Key::Sub1};
    lead = documentLead();
    lead.sourceUrl = u"https://www.yourwebsite.com/form/?utm=1"_s;
    QTest::newRow("source with query string") << lead << QStringList{Key::SourceUrl};
    lead = documentLead();
    lead.phone.clear();
    lead.email = u"not-an-address"_s;
    QTest::newRow("phone missing, bad e-mail") << lead << QStringList{Key::Email, Key::Phone};
    lead = documentLead();
    lead.decisionMaker.clear();
    lead.utility.clear();
    QTest::newRow("nTherm-only fields are not needed") << lead << QStringList();
}

void TestBrightHorizons::validation()
{
    QFETCH(Lead, lead);
    QFETCH(QStringList, errorFields);
    const FieldIssues issues = BrightHorizonsVendor().validate(lead, QDate(2026, 11, 22));
    QCOMPARE(::errorFields(issues), sorted(errorFields));
}

void TestBrightHorizons::checkAccount_data()
{
    QTest::addColumn<QString>("affiliateId");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("usable");
    QTest::newRow("document's account") << u"123456"_s << DocumentKey << true;
    QTest::newRow("spaces around id") << u" 123456 "_s << DocumentKey << true;
    QTest::newRow("no id") << QString() << DocumentKey << false;
    QTest::newRow("id with letters") << u"12a456"_s << DocumentKey << false;
    QTest::newRow("negative id") << u"-5"_s << DocumentKey << false;
    QTest::newRow("id too long") << u"1234567890123456"_s << DocumentKey << false;
    QTest::newRow("no key") << u"123456"_s << u" "_s << false;
}

void TestBrightHorizons::checkAccount()
{
    QFETCH(QString, affiliateId);
    QFETCH(QString, key);
    QFETCH(bool, usable);
    QCOMPARE(BrightHorizonsVendor().checkAccount(account(affiliateId, key)).isEmpty(), usable);
}

void TestBrightHorizons::answers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<OutcomeState>("state");
    QTest::addColumn<bool>("billable");
    QTest::addColumn<bool>("final");
    QTest::addColumn<bool>("unparsable");
    QTest::addColumn<QString>("transactionId");
    QTest::addColumn<QString>("leadId");
    QTest::addColumn<QStringList>("messages"); // each must be among the outcome's messages
    QTest::addColumn<QStringList>("fields");

    const QString none;
    // The document's answers, verbatim (both are broken JSON).
    QTest::newRow("doc sold") << 200 << fixture(u"response-sold.json"_s) << OutcomeState::Sold << true << true << false
                              << u"123456789"_s << u"234567891"_s << QStringList() << QStringList();
    QTest::newRow("doc failed: invalid authorization")
        << 200 << fixture(u"response-failed.json"_s) << OutcomeState::AccountError << false << true << false << none
        << none
        << QStringList{u"Energy Dereg Lead could not be validated"_s, u"Invalid authorization"_s,
                       u"Phone (required): can not be blank"_s}
        << QStringList{Key::Phone};

    // B7/B8: each combination of the flags, in each documented spelling.
    QTest::newRow("invalid, nested errors")
        << 200
        << QByteArray(
               R"({"validated":0,"accepted":0,"sold":0,"disposition":,"errors":[["Phone (required): can not be blank","Email (required): invalid format"]]})")
        << OutcomeState::Invalid << false << true << false << none << none
        << QStringList{u"Email (required): invalid format"_s} << QStringList{Key::Phone, Key::Email};
    QTest::newRow("invalid, flat errors")
        << 422 << QByteArray(R"({"validated":false,"errors":["Zip (required): can not be blank"]})")
        << OutcomeState::Invalid << false << true << false << none << none
        << QStringList{u"Zip (required): can not be blank"_s} << QStringList{Key::Zip};
    QTest::newRow("accepted, not sold")
        << 200
        << QByteArray(
               R"({"validated":1,"accepted":1,"sold":0,"disposition":"No buyer","transactionid":77,"leadid":"L-9"})")
        << OutcomeState::AcceptedNotSold << false << true << false << u"77"_s << u"L-9"_s << QStringList{u"No buyer"_s}
        << QStringList();
    QTest::newRow("accepted, not sold, booleans")
        << 200 << QByteArray(R"({"validated":true,"accepted":true,"sold":false})") << OutcomeState::AcceptedNotSold
        << false << true << false << none << none << QStringList() << QStringList();
    QTest::newRow("sold, strings")
        << 200 << QByteArray(R"({"validated":"1","accepted":"1","sold":"1","transactionid":"123","leadid":4.5e9})")
        << OutcomeState::Sold << true << true << false << u"123"_s << u"4500000000"_s << QStringList() << QStringList();
    QTest::newRow("validated, not accepted")
        << 200
        << QByteArray(R"({"validated":1,"accepted":0,"sold":0,"disposition":"Duplicate","messages":["Seen before"]})")
        << OutcomeState::Rejected << false << true << false << none << none
        << QStringList{u"Duplicate"_s, u"Seen before"_s} << QStringList();
    QTest::newRow("accepted is not billable")
        << 200 << QByteArray(R"({"validated":1,"accepted":1})") << OutcomeState::AcceptedNotSold << false << true
        << false << none << none << QStringList() << QStringList();

    // B9: the body decides when it parses.
    QTest::newRow("sold with 500") << 500 << QByteArray(R"({"validated":1,"accepted":1,"sold":1})")
                                   << OutcomeState::Sold << true << true << false << none << none << QStringList()
                                   << QStringList();
    QTest::newRow("invalid with 400") << 400 << QByteArray(R"({"validated":0,"errors":[]})") << OutcomeState::Invalid
                                      << false << true << false << none << none << QStringList() << QStringList();

    // Accounts.
    QTest::newRow("401") << 401 << QByteArray("Unauthorized") << OutcomeState::AccountError << false << true << true
                         << none << none << QStringList() << QStringList();
    QTest::newRow("403 with a sold body")
        << 403 << QByteArray(R"({"validated":1,"accepted":1,"sold":1})") << OutcomeState::AccountError << false << true
        << false << none << none << QStringList() << QStringList();
    QTest::newRow("invalid authorization as a string")
        << 200 << QByteArray(R"({"validated":0,"errors":"Invalid authorization"})") << OutcomeState::AccountError
        << false << true << false << none << none << QStringList{u"Invalid authorization"_s} << QStringList();

    // Unreadable answers.
    QTest::newRow("200 html") << 200 << QByteArray("<html>thanks</html>") << OutcomeState::DeliveryUnknown << false
                              << false << true << none << none
                              << QStringList{u"The vendor's answer could not be read; it may have accepted the lead. "
                                             "Check with the vendor before resubmitting."_s}
                              << QStringList();
    QTest::newRow("200 empty object") << 200 << QByteArray("{}") << OutcomeState::DeliveryUnknown << false << false
                                      << true << none << none << QStringList() << QStringList();
    QTest::newRow("200 validated only") << 200 << QByteArray(R"({"validated":1,"leadid":5})")
                                        << OutcomeState::DeliveryUnknown << false << false << true << none << u"5"_s
                                        << QStringList() << QStringList();
    QTest::newRow("sold as yes") << 200 << QByteArray(R"({"sold":"yes"})") << OutcomeState::DeliveryUnknown << false
                                 << false << true << none << none << QStringList() << QStringList();
    QTest::newRow("500 html") << 500 << QByteArray("<h1>500</h1>") << OutcomeState::DeliveryUnknown << false << false
                              << true << none << none << QStringList() << QStringList();
    QTest::newRow("503 empty") << 503 << QByteArray() << OutcomeState::DeliveryUnknown << false << false << true << none
                               << none << QStringList() << QStringList();
}

void TestBrightHorizons::answers()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(OutcomeState, state);
    QFETCH(bool, billable);
    QFETCH(bool, final);
    QFETCH(bool, unparsable);
    QFETCH(QString, transactionId);
    QFETCH(QString, leadId);
    QFETCH(QStringList, messages);
    QFETCH(QStringList, fields);

    const Outcome outcome = BrightHorizonsVendor().parseResponse(status, body);
    QCOMPARE(outcome.state, state);
    QCOMPARE(outcome.billable, billable);
    QCOMPARE(outcome.final, final);
    QCOMPARE(outcome.unparsable, unparsable);
    QCOMPARE(outcome.vendorTransactionId, transactionId);
    QCOMPARE(outcome.vendorLeadId, leadId);
    QCOMPARE(outcome.httpStatus, status);
    QCOMPARE(outcome.rawBody, body);
    for (const QString &message : messages)
        QVERIFY2(outcome.messages.contains(message), qPrintable(outcome.messages.join(u" | ")));
    QStringList issueFields;
    for (const FieldIssue &issue : outcome.fieldIssues)
        issueFields.append(issue.field);
    QCOMPARE(issueFields, fields);
    if (state != OutcomeState::Sold && state != OutcomeState::AcceptedNotSold)
        QVERIFY(!outcome.messages.isEmpty()); // a failure always says something
}

void TestBrightHorizons::errorTextsMapToFields_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("phone") << u"Phone (required): can not be blank"_s << Key::Phone;
    QTest::newRow("email") << u"Email (required): invalid format"_s << Key::Email;
    QTest::newRow("zip") << u"Zip: must be 5 characters"_s << Key::Zip;
    QTest::newRow("first name") << u"First name (required): can not be blank"_s << Key::FirstName;
    QTest::newRow("firstname") << u"firstname is too long"_s << Key::FirstName;
    QTest::newRow("last_name") << u"last_name missing"_s << Key::LastName;
    QTest::newRow("address") << u"Address (required): can not be blank"_s << Key::Street;
    QTest::newRow("ip") << u"IP: not a valid address"_s << Key::Ip;
    QTest::newRow("source") << u"Source must not contain a query string"_s << Key::SourceUrl;
    QTest::newRow("sub1") << u"sub1 (required)"_s << Key::Sub1;
    QTest::newRow("trustedform") << u"TrustedForm certificate expired"_s << Key::TrustedForm;
    QTest::newRow("jornaya") << u"jornayaleadid: invalid"_s << Key::Jornaya;
    QTest::newRow("dob") << u"DOB must be YYYY-MM-DD"_s << Key::Dob;
    QTest::newRow("authorization") << u"Invalid authorization"_s << QString();
    QTest::newRow("lead as a whole") << u"Energy Dereg Lead could not be validated"_s << QString();
    QTest::newRow("phonetic is not phone") << u"Phonetic spelling unsupported"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestBrightHorizons::errorTextsMapToFields()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(BrightHorizonsVendor::fieldForError(text), field);
}

void TestBrightHorizons::callbacksAreNeverApplied()
{
    const BrightHorizonsVendor vendor;
    for (const QByteArray &body : {QByteArray(), QByteArray(R"({"validated":1,"accepted":1,"sold":1})")}) {
        const Outcome outcome = vendor.parseCallback(body);
        QVERIFY(outcome.unparsable);
        QVERIFY(!outcome.final);
        QVERIFY(!outcome.billable);
        QCOMPARE(outcome.rawBody, body);
    }
}

void TestBrightHorizons::garbageNeverCrashes()
{
    QList<QByteArray> bodies{
        QByteArray(),
        QByteArray("\0{\0", 3),
        QByteArray("<html><body>Service Unavailable</body></html>"),
        QByteArray("[]"),
        QByteArray("true"),
        QByteArray(R"({"validated":[1],"accepted":{"x":1},"sold":null,"errors":{"error":[[[]]]},"messages":7})"),
        QByteArray(R"({"transactionid":1e400,"leadid":[],"errors":[[[[[[["deep"]]]]]]]})"),
        QByteArray(R"({"transactionid":-0.5,"leadid":{"a":"b"},"disposition":{"message":3}})"),
        QByteArray(300000, '{'),
        QByteArray(5 * 1024 * 1024, ' '),
        "{\"validated\":0,\"errors\":[" + QByteArray(20000, 'e').replace('e', "[\"Phone bad\"],") + "]}",
    };
    QRandomGenerator random(1234);
    for (int i = 0; i < 300; ++i) {
        QByteArray bytes(random.bounded(300), '\0');
        for (char &c : bytes)
            c = static_cast<char>(random.bounded(256));
        bodies.append(bytes);
    }
    const BrightHorizonsVendor vendor;
    const QList<int> statuses{-1, 0, 100, 200, 204, 302, 400, 401, 404, 422, 500, 503, 999};
    for (const QByteArray &body : std::as_const(bodies)) {
        for (const int status : statuses) {
            const Outcome outcome = vendor.parseResponse(status, body);
            QCOMPARE(outcome.rawBody, body);
            QVERIFY(outcome.state != OutcomeState::Sending);
            QVERIFY(outcome.messages.size() <= 200);
            QVERIFY(outcome.fieldIssues.size() <= 200);
            QVERIFY(!outcome.billable || outcome.state == OutcomeState::Sold);
        }
    }
}

QTEST_GUILESS_MAIN(TestBrightHorizons)
#include "tst_brighthorizons.moc"
