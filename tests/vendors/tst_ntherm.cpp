// SPDX-License-Identifier: GPL-3.0-or-later
#include "vendors/NthermVendor.h"

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

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(LEADRELAY_TEST_DATA) + u"/ntherm/" + name);
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

// The lead of the document's sample request, as the agent would have typed it.
Lead documentLead()
{
    Lead lead;
    lead.firstName = u"John"_s;
    lead.lastName = u"Doe"_s;
    lead.phone = u"(310) 555-1212"_s; // the sample's 999999999 is not a phone number (N4)
    lead.email = u"john.doe@example.com"_s;
    lead.street = u"123 Main St"_s;
    lead.city = u"Los Angeles"_s;
    lead.state = u"CA"_s;
    lead.zip = u"90001"_s;
    lead.mailingStreet = u"456 Secondary St"_s;
    lead.mailingCity = u"San Francisco"_s;
    lead.mailingState = u"CA"_s;
    lead.mailingZip = u"94101"_s;
    lead.decisionMaker = u"Jane Doe"_s;
    lead.utility = u"Utility Provider"_s;
    lead.campaign = u"OHIO_GENERAL_RESIDENTIAL"_s;
    lead.trustedFormCertUrl = u"https://example.com/certificate.pdf"_s;
    lead.consent = {{u"Do you consent to be contacted?"_s, u"Yes"_s},
                    {u"Do you agree to the terms and conditions?"_s, u"Yes"_s}};
    return lead;
}

// A lead that passes every local rule.
Lead validLead()
{
    Lead lead = documentLead();
    lead.trustedFormCertUrl = u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s;
    return lead;
}

VendorAccount account(const QString &user = u"acme"_s, const QString &secret = u"pa55word"_s)
{
    VendorAccount result;
    result.vendorId = u"ntherm"_s;
    result.user = user;
    result.secret = secret;
    return result;
}

QStringList errorFields(const FieldIssues &issues)
{
    QStringList fields;
    for (const FieldIssue &issue : issues) {
        if (issue.severity == Severity::Error && !fields.contains(issue.field))
            fields.append(issue.field);
    }
    std::sort(fields.begin(), fields.end());
    return fields;
}

QStringList sorted(QStringList list)
{
    std::sort(list.begin(), list.end());
    return list;
}

} // namespace

class TestNtherm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestMatchesDocumentSample();
    void requestHeaders();
    void accountEndpointIsUsed();
    void callbackUrlOnlyWhenUsable_data();
    void callbackUrlOnlyWhenUsable();
    void emptyCertificateUrlIsLeftOut();
    void consentShapeWithoutAnswers();
    void valuesAreNormalised();
    void redactionLeavesNoSecret();
    void redactedCallbackUrl_data();
    void redactedCallbackUrl();
    void validation_data();
    void validation();
    void checkAccount_data();
    void checkAccount();
    void answers_data();
    void answers();
    void callbacks_data();
    void callbacks();
    void errorTextsMapToFields_data();
    void errorTextsMapToFields();
    void garbageNeverCrashes();
};

void TestNtherm::requestMatchesDocumentSample()
{
    const NthermVendor vendor;
    const HttpRequest request = vendor.buildRequest(documentLead(), account(), QUrl(u"https://example.com/callback"_s));
    const QJsonObject body = bodyOf(request);
    const QJsonObject expected = QJsonDocument::fromJson(fixture(u"request-sample.json"_s)).object();
    QVERIFY(!expected.isEmpty());
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QVERIFY2(body.value(it.key()) == it.value(), qPrintable(u"field "_s + it.key()));
    QCOMPARE(sorted(body.keys()), sorted(expected.keys()));
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.url, QUrl(u"https://api.ntherm.com/v1/postLead"_s));
}

void TestNtherm::requestHeaders()
{
    const NthermVendor vendor;
    const HttpRequest request = vendor.buildRequest(validLead(), account(u"acme"_s, u"pä55:word"_s));
    QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(request.header("Accept"), QByteArray("application/json"));
    QCOMPARE(request.header("authorization"), QByteArray("Basic " + u"acme:pä55:word"_s.toUtf8().toBase64()));
    QCOMPARE(request.header("Authorization"), QByteArray("Basic YWNtZTpww6Q1NTp3b3Jk"));
}

void TestNtherm::accountEndpointIsUsed()
{
    const NthermVendor vendor;
    VendorAccount training = account();
    training.endpoint = QUrl(u"http://127.0.0.1:4711/v1/postLead"_s);
    QCOMPARE(vendor.buildRequest(validLead(), training).url, training.endpoint);
}

void TestNtherm::callbackUrlOnlyWhenUsable_data()
{
    QTest::addColumn<QUrl>("callback");
    QTest::addColumn<bool>("sent");
    QTest::newRow("none") << QUrl() << false;
    QTest::newRow("relative") << QUrl(u"/callback/ntherm/abc"_s) << false;
    QTest::newRow("ftp") << QUrl(u"ftp://example.com/callback"_s) << false;
    QTest::newRow("no host") << QUrl(u"https:///callback"_s) << false;
    QTest::newRow("https") << QUrl(u"https://relay.example.com/callback/ntherm/abc"_s) << true;
    QTest::newRow("loopback http") << QUrl(u"http://127.0.0.1:8080/callback/ntherm/abc"_s) << true;
}

void TestNtherm::callbackUrlOnlyWhenUsable()
{
    QFETCH(QUrl, callback);
    QFETCH(bool, sent);
    const QJsonObject body = bodyOf(NthermVendor().buildRequest(validLead(), account(), callback));
    QCOMPARE(body.contains(u"call_back_url"_s), sent);
    if (sent)
        QCOMPARE(body.value(u"call_back_url"_s).toString(), callback.toString());
}

void TestNtherm::emptyCertificateUrlIsLeftOut()
{
    Lead lead = validLead();
    lead.trustedFormCertUrl = u"  "_s;
    const QJsonObject body = bodyOf(NthermVendor().buildRequest(lead, account()));
    QVERIFY(!body.contains(u"certificate_url"_s));
    QCOMPARE(body.value(u"extra_data"_s).toArray().at(1).toObject().value(u"answers"_s).toArray(),
             (QJsonArray{u"Yes"_s, u"Yes"_s}));
}

void TestNtherm::consentShapeWithoutAnswers()
{
    Lead lead = validLead();
    lead.consent.clear();
    const QJsonObject body = bodyOf(NthermVendor().buildRequest(lead, account()));
    const QJsonArray expected{QJsonObject{{u"questions"_s, QJsonArray()}}, QJsonObject{{u"answers"_s, QJsonArray()}}};
    QCOMPARE(body.value(u"extra_data"_s).toArray(), expected);
}

void TestNtherm::valuesAreNormalised()
{
    Lead lead = validLead();
    lead.phone = u"+1 310.555.1212"_s;
    lead.state = u"ca"_s;
    lead.zip = u"90001-1234"_s;
    lead.firstName = u" John "_s;
    lead.mailingSameAsService = true;
    lead.mailingStreet = u"stale"_s;
    lead.mailingState = u"NY"_s;
    const QJsonObject body = bodyOf(NthermVendor().buildRequest(lead, account()));
    QCOMPARE(body.value(u"phone_number"_s).toString(), u"3105551212"_s);
    QCOMPARE(body.value(u"customer_name"_s).toString(), u"John Doe"_s);
    QCOMPARE(body.value(u"state"_s).toString(), u"CA"_s);
    QCOMPARE(body.value(u"zip"_s).toString(), u"90001"_s);
    QCOMPARE(body.value(u"mailing_street"_s).toString(), u"123 Main St"_s);
    QCOMPARE(body.value(u"mailing_city"_s).toString(), u"Los Angeles"_s);
    QCOMPARE(body.value(u"mailing_state"_s).toString(), u"CA"_s);
    QCOMPARE(body.value(u"mailing_zip"_s).toString(), u"90001"_s);
    QCOMPARE(body.value(u"street"_s), body.value(u"customer_address"_s));
}

void TestNtherm::redactionLeavesNoSecret()
{
    const NthermVendor vendor;
    const QString password = u"Sup3r-s3cret!"_s;
    const QString token = u"tK9xQ2mN7pL4vR8sW1yZ3aB6cD0eF5gH"_s;
    const QUrl callback(u"http://127.0.0.1:8080/callback/ntherm/"_s + token);
    const HttpRequest request = vendor.buildRequest(validLead(), account(u"acme"_s, password), callback);
    const HttpRequest redacted = vendor.redacted(request);
    const QByteArray text = redacted.toText();

    QVERIFY(!text.contains(password.toUtf8()));
    QVERIFY(!text.contains(QByteArray(u"acme:"_s.toUtf8() + password.toUtf8())));
    QVERIFY(!text.contains(QByteArray("acme:" + password.toUtf8()).toBase64()));
    QVERIFY(!text.contains(token.toUtf8()));
    QVERIFY(!text.contains(token.left(12).toUtf8()));
    QCOMPARE(redacted.header("Authorization"), QByteArray("Basic [redacted]"));
    QCOMPARE(bodyOf(redacted).value(u"call_back_url"_s).toString(),
             u"http://127.0.0.1:8080/callback/ntherm/[redacted]"_s);

    // Everything else is exactly what was sent, and the request itself is untouched.
    QJsonObject sent = bodyOf(request);
    QJsonObject shown = bodyOf(redacted);
    sent.remove(u"call_back_url"_s);
    shown.remove(u"call_back_url"_s);
    QCOMPARE(shown, sent);
    QCOMPARE(redacted.url, request.url);
    QVERIFY(request.toText().contains(token.toUtf8()));
    QVERIFY(request.header("Authorization") != redacted.header("Authorization"));
}

void TestNtherm::redactedCallbackUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected");
    QTest::newRow("token segment") << u"https://relay.example.com/callback/ntherm/abc123"_s
                                   << u"https://relay.example.com/callback/ntherm/[redacted]"_s;
    QTest::newRow("trailing slash") << u"https://relay.example.com/callback/ntherm/abc123/"_s
                                    << u"https://relay.example.com/callback/ntherm/[redacted]"_s;
    QTest::newRow("query") << u"https://relay.example.com/cb?token=abc123"_s
                           << u"https://relay.example.com/[redacted]?[redacted]"_s;
    QTest::newRow("fragment") << u"https://relay.example.com/cb/abc#frag"_s
                              << u"https://relay.example.com/cb/[redacted]"_s;
    QTest::newRow("no path") << u"https://relay.example.com"_s << u"https://relay.example.com"_s;
}

void TestNtherm::redactedCallbackUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    QCOMPARE(NthermVendor::redactedCallbackUrl(url), expected);
}

void TestNtherm::validation_data()
{
    QTest::addColumn<Lead>("lead");
    QTest::addColumn<QStringList>("errorFields");

    QTest::newRow("valid") << validLead() << QStringList();
    Lead lead = validLead();
    lead.trustedFormCertUrl.clear();
    QTest::newRow("consent instead of certificate") << lead << QStringList();
    lead.consent.clear();
    QTest::newRow("neither certificate nor consent") << lead << QStringList{Key::Consent, Key::TrustedForm};
    lead.consent = {{u"Do you consent to be contacted?"_s, QString()}};
    QTest::newRow("consent not answered, no certificate") << lead << QStringList{Key::Consent, Key::TrustedForm};
    lead = validLead();
    lead.consent.append({u"Do you agree to the terms and conditions?"_s, u" "_s});
    QTest::newRow("certificate, one consent answer missing") << lead << QStringList{Key::Consent};
    lead = validLead();
    lead.mailingSameAsService = true;
    lead.mailingStreet.clear();
    lead.mailingCity.clear();
    lead.mailingState.clear();
    lead.mailingZip.clear();
    QTest::newRow("mailing same as service") << lead << QStringList();
    lead.mailingSameAsService = false;
    QTest::newRow("mailing missing") << lead
                                     << QStringList{Key::MailingCity, Key::MailingState, Key::MailingStreet,
                                                    Key::MailingZip};
    lead = validLead();
    lead.decisionMaker.clear();
    lead.utility.clear();
    lead.campaign.clear();
    QTest::newRow("deal fields missing") << lead << QStringList{Key::Campaign, Key::DecisionMaker, Key::Utility};
    lead = validLead();
    lead.trustedFormCertUrl = u"https://cert.trustedform.com/"_s + QString(480, u'a');
    QTest::newRow("certificate over 500 characters") << lead << QStringList{Key::TrustedForm};
    lead = validLead();
    lead.phone = u"999999999"_s;
    QTest::newRow("document's phone") << lead << QStringList{Key::Phone};
    lead = validLead();
    lead.state = u"C"_s;
    lead.mailingState = u"CA3"_s;
    QTest::newRow("document's states") << lead << QStringList{Key::MailingState, Key::State};
    QTest::newRow("empty lead") << Lead() << QStringList{Key::Campaign,      Key::City,        Key::Consent,
                                                         Key::DecisionMaker, Key::Email,       Key::FirstName,
                                                         Key::LastName,      Key::MailingCity, Key::MailingState,
                                                         Key::MailingStreet, Key::MailingZip,  Key::Phone,
                                                         Key::State,         Key::Street,      Key::TrustedForm,
                                                         Key::Utility,       Key::Zip};
}

void TestNtherm::validation()
{
    QFETCH(Lead, lead);
    QFETCH(QStringList, errorFields);
    const FieldIssues issues = NthermVendor().validate(lead, QDate(2026, 11, 22));
    QCOMPARE(::errorFields(issues), sorted(errorFields));
    for (const FieldIssue &issue : issues)
        QVERIFY2(!issue.message.isEmpty(), qPrintable(issue.field));
}

void TestNtherm::checkAccount_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<bool>("usable");
    QTest::newRow("fine") << u"acme"_s << u"pa55"_s << true;
    QTest::newRow("no user") << u" "_s << u"pa55"_s << false;
    QTest::newRow("colon in user") << u"ac:me"_s << u"pa55"_s << false;
    QTest::newRow("no password") << u"acme"_s << QString() << false;
}

void TestNtherm::checkAccount()
{
    QFETCH(QString, user);
    QFETCH(QString, secret);
    QFETCH(bool, usable);
    QCOMPARE(NthermVendor().checkAccount(account(user, secret)).isEmpty(), usable);
}

void TestNtherm::answers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<OutcomeState>("state");
    QTest::addColumn<bool>("final");
    QTest::addColumn<bool>("unparsable");
    QTest::addColumn<QStringList>("messages"); // each must be among the outcome's messages
    QTest::addColumn<QStringList>("fields");   // the fields of the outcome's issues, in order

    const QString unreadable2xx = u"The vendor's answer could not be read; it may have accepted the lead. "
                                  "Check with the vendor before resubmitting."_s;

    // The document's answers, verbatim.
    QTest::newRow("doc 200 accepted") << 200 << fixture(u"response-200-accepted.json"_s) << OutcomeState::Accepted
                                      << false << false << QStringList{u"Lead submitted successfully."_s}
                                      << QStringList();
    QTest::newRow("doc 422 duplicate phone")
        << 422 << fixture(u"response-422-duplicate-phone.json"_s) << OutcomeState::Rejected << true << false
        << QStringList{u"Phone number can not be sent to postLead at this time."_s} << QStringList{Key::Phone};
    QTest::newRow("doc 400 invalid characters, broken JSON")
        << 400 << fixture(u"response-400-invalid-characters.json"_s) << OutcomeState::Rejected << true << false
        << QStringList{u"Invalid Characters: 7271234567x"_s} << QStringList{Key::Phone};
    QTest::newRow("doc 400 several errors")
        << 400 << fixture(u"response-400-several-errors.json"_s) << OutcomeState::Rejected << true << false
        << QStringList{u"Invalid State Code (2 characters): C"_s, u"Invalid Mailing State Code: CA3"_s}
        << QStringList{Key::State, Key::TrustedForm, Key::MailingState};

    // Accounts.
    QTest::newRow("401 html") << 401 << QByteArray("<html>Unauthorized</html>") << OutcomeState::AccountError << true
                              << true << QStringList() << QStringList();
    QTest::newRow("403 json") << 403 << QByteArray(R"({"success_bit":false,"message":"Forbidden"})")
                              << OutcomeState::AccountError << true << false << QStringList{u"Forbidden"_s}
                              << QStringList();
    QTest::newRow("401 empty") << 401 << QByteArray() << OutcomeState::AccountError << true << false << QStringList()
                               << QStringList();

    // Other shapes.
    QTest::newRow("200 but success false")
        << 200 << QByteArray(R"({"success_bit":false,"message":"No."})") << OutcomeState::Rejected << true << false
        << QStringList{u"No."_s} << QStringList();
    QTest::newRow("500 but success false")
        << 500 << QByteArray(R"({"success_bit":false,"message":[{"error":"x"}]})") << OutcomeState::Rejected << true
        << false << QStringList{u"x"_s} << QStringList();
    QTest::newRow("success as string") << 200 << QByteArray(R"({"success_bit":"true","message":"ok"})")
                                       << OutcomeState::Accepted << false << false << QStringList{u"ok"_s}
                                       << QStringList();
    QTest::newRow("success as 1") << 201 << QByteArray(R"({"success_bit":1})") << OutcomeState::Accepted << false
                                  << false << QStringList() << QStringList();
    QTest::newRow("success with 500") << 500 << QByteArray(R"({"success_bit":true})") << OutcomeState::DeliveryUnknown
                                      << false << false << QStringList() << QStringList();
    QTest::newRow("message as object") << 400
                                       << QByteArray(
                                              R"({"success_bit":false,"message":{"error":"Invalid State Code: X"}})")
                                       << OutcomeState::Rejected << true << false
                                       << QStringList{u"Invalid State Code: X"_s} << QStringList{Key::State};
    QTest::newRow("message as number") << 400 << QByteArray(R"({"success_bit":false,"message":42})")
                                       << OutcomeState::Rejected << true << false << QStringList{u"42"_s}
                                       << QStringList();
    QTest::newRow("message null") << 400 << QByteArray(R"({"success_bit":false,"message":null})")
                                  << OutcomeState::Rejected << true << false << QStringList() << QStringList();
    QTest::newRow("error list without success_bit")
        << 422 << QByteArray(R"({"message":[{"error":"Phone number can not be sent to postLead at this time."}]})")
        << OutcomeState::Rejected << true << false << QStringList() << QStringList{Key::Phone};
    QTest::newRow("mixed types in message")
        << 200 << QByteArray(R"({"success_bit":true,"message":[1,null,true,{"x":[]},[["deep"]],{"error":{"e":1}}]})")
        << OutcomeState::Accepted << false << false << QStringList{u"1"_s, u"true"_s, u"deep"_s} << QStringList();

    // Unreadable answers: the status decides, the raw body is kept.
    QTest::newRow("200 html") << 200 << QByteArray("<html><body>OK</body></html>") << OutcomeState::DeliveryUnknown
                              << false << true << QStringList{unreadable2xx} << QStringList();
    QTest::newRow("200 empty") << 200 << QByteArray() << OutcomeState::DeliveryUnknown << false << true
                               << QStringList{unreadable2xx} << QStringList();
    QTest::newRow("200 without success_bit")
        << 200 << QByteArray(R"({"status":"queued"})") << OutcomeState::DeliveryUnknown << false << true
        << QStringList{unreadable2xx} << QStringList();
    QTest::newRow("200 top-level array") << 200 << QByteArray(R"([{"success_bit":true}])")
                                         << OutcomeState::DeliveryUnknown << false << true << QStringList{unreadable2xx}
                                         << QStringList();
    QTest::newRow("500 html") << 500 << QByteArray("<h1>Internal Server Error</h1>") << OutcomeState::DeliveryUnknown
                              << false << true << QStringList() << QStringList();
    QTest::newRow("502 empty") << 502 << QByteArray() << OutcomeState::DeliveryUnknown << false << true << QStringList()
                               << QStringList();
    QTest::newRow("400 unreadable") << 400 << QByteArray("Bad Request") << OutcomeState::DeliveryUnknown << false
                                    << true << QStringList() << QStringList();
}

void TestNtherm::answers()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(OutcomeState, state);
    QFETCH(bool, final);
    QFETCH(bool, unparsable);
    QFETCH(QStringList, messages);
    QFETCH(QStringList, fields);

    const Outcome outcome = NthermVendor().parseResponse(status, body);
    QCOMPARE(outcome.state, state);
    QCOMPARE(outcome.final, final);
    QCOMPARE(outcome.unparsable, unparsable);
    QCOMPARE(outcome.billable, false); // a direct answer is never the billable event (N6)
    QCOMPARE(outcome.httpStatus, status);
    QCOMPARE(outcome.rawBody, body);
    QVERIFY(!outcome.messages.isEmpty() || state == OutcomeState::Accepted);
    for (const QString &message : messages)
        QVERIFY2(outcome.messages.contains(message), qPrintable(outcome.messages.join(u" | ")));
    QStringList issueFields;
    for (const FieldIssue &issue : outcome.fieldIssues) {
        issueFields.append(issue.field);
        QCOMPARE(issue.severity, Severity::Error);
        QVERIFY(!issue.message.isEmpty());
    }
    QCOMPARE(issueFields, fields);
}

void TestNtherm::callbacks_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<OutcomeState>("state");
    QTest::addColumn<bool>("final");
    QTest::addColumn<bool>("billable");
    QTest::addColumn<bool>("unparsable");
    QTest::addColumn<QStringList>("fields");

    QTest::newRow("accepted") << QByteArray(R"({"success_bit":true,"message":"Lead accepted."})")
                              << OutcomeState::Accepted << true << true << false << QStringList();
    QTest::newRow("accepted as 1") << QByteArray(R"({"success_bit":1})") << OutcomeState::Accepted << true << true
                                   << false << QStringList();
    QTest::newRow("rejected later")
        << QByteArray(R"({"success_bit":false,"message":[{"error":"Invalid Mailing State Code: CA3"}]})")
        << OutcomeState::Rejected << true << false << false << QStringList{Key::MailingState};
    QTest::newRow("rejected as \"0\"") << QByteArray(R"({"success_bit":"0","message":"Duplicate"})")
                                       << OutcomeState::Rejected << true << false << false << QStringList();
    QTest::newRow("broken but repairable") << QByteArray("{\"success_bit\": true,\n,\"message\": }")
                                           << OutcomeState::Accepted << true << true << false << QStringList();
    QTest::newRow("unknown shape") << QByteArray(R"({"status":"sold"})") << OutcomeState::Accepted << false << false
                                   << true << QStringList();
    QTest::newRow("empty") << QByteArray() << OutcomeState::Accepted << false << false << true << QStringList();
    QTest::newRow("html") << QByteArray("<html></html>") << OutcomeState::Accepted << false << false << true
                          << QStringList();
    QTest::newRow("success_bit of another type") << QByteArray(R"({"success_bit":"maybe"})") << OutcomeState::Accepted
                                                 << false << false << true << QStringList();
}

void TestNtherm::callbacks()
{
    QFETCH(QByteArray, body);
    QFETCH(OutcomeState, state);
    QFETCH(bool, final);
    QFETCH(bool, billable);
    QFETCH(bool, unparsable);
    QFETCH(QStringList, fields);
    const Outcome outcome = NthermVendor().parseCallback(body);
    QCOMPARE(outcome.state, state);
    QCOMPARE(outcome.final, final);
    QCOMPARE(outcome.billable, billable);
    QCOMPARE(outcome.unparsable, unparsable);
    QCOMPARE(outcome.rawBody, body);
    QStringList issueFields;
    for (const FieldIssue &issue : outcome.fieldIssues)
        issueFields.append(issue.field);
    QCOMPARE(issueFields, fields);
    if (unparsable)
        QVERIFY(!outcome.messages.isEmpty());
}

void TestNtherm::errorTextsMapToFields_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("state") << u"Invalid State Code (2 characters): C"_s << Key::State;
    QTest::newRow("mailing state") << u"Invalid Mailing State Code: CA3"_s << Key::MailingState;
    QTest::newRow("certificate") << u"Certificate URL exceeds 500 characters, or not a valid URL x"_s
                                 << Key::TrustedForm;
    QTest::newRow("characters") << u"Invalid Characters: 7271234567x"_s << Key::Phone;
    QTest::newRow("duplicate phone") << u"Phone number can not be sent to postLead at this time."_s << Key::Phone;
    QTest::newRow("case and spaces") << u"  invalid state code: c"_s << Key::State;
    QTest::newRow("unknown") << u"Something else went wrong"_s << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestNtherm::errorTextsMapToFields()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(NthermVendor::fieldForError(text), field);
}

void TestNtherm::garbageNeverCrashes()
{
    QList<QByteArray> bodies{
        QByteArray(),
        QByteArray("\0\0\0", 3),
        QByteArray("<!DOCTYPE html><html><head><title>502</title></head></html>"),
        QByteArray("null"),
        QByteArray("42"),
        QByteArray(R"("just a string")"),
        QByteArray(R"({"success_bit":[true],"message":{"error":[{"error":null}]}})"),
        QByteArray(R"({"success_bit":{"a":1},"message":[[[[[[[]]]]]]]})"),
        QByteArray(R"({"success_bit":null,"message":1e308})"),
        QByteArray(200000, '['),
        QByteArray(5 * 1024 * 1024, 'x'),
        "{\"success_bit\":false,\"message\":[" + QByteArray(20000, '1').replace('1', "{\"error\":\"x\"},") + "]}",
    };
    QRandomGenerator random(77);
    for (int i = 0; i < 300; ++i) {
        QByteArray bytes(random.bounded(300), '\0');
        for (char &c : bytes)
            c = static_cast<char>(random.bounded(256));
        bodies.append(bytes);
    }
    const NthermVendor vendor;
    const QList<int> statuses{-1, 0, 100, 200, 204, 302, 400, 401, 404, 422, 429, 500, 503, 999};
    for (const QByteArray &body : std::as_const(bodies)) {
        for (const int status : statuses) {
            const Outcome outcome = vendor.parseResponse(status, body);
            QCOMPARE(outcome.rawBody, body);
            QVERIFY(outcome.state != OutcomeState::Sending);
            QVERIFY(outcome.messages.size() <= 200);
            if (outcome.unparsable && status != 401 && status != 403)
                QCOMPARE(outcome.state, OutcomeState::DeliveryUnknown);
        }
        const Outcome callback = vendor.parseCallback(body);
        QCOMPARE(callback.rawBody, body);
    }
}

QTEST_GUILESS_MAIN(TestNtherm)
#include "tst_ntherm.moc"
