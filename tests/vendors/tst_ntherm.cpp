// SPDX-License-Identifier: GPL-3.0-or-later
// nTherm: the request LeadRelay builds, its redaction, and the local checks before sending.
#include "VendorTestSupport.h"

#include "vendors/NthermVendor.h"

#include <QJsonArray>

using namespace LeadRelay;
using namespace Qt::StringLiterals;
using VendorTest::bodyOf;
using VendorTest::sorted;

namespace
{

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

// A certificate URL of exactly `length` characters that passes every other rule.
QString certificateUrlOf(qsizetype length)
{
    const QString prefix = u"https://cert.trustedform.com/0."_s;
    return prefix + QString(length - prefix.size(), u'a');
}

VendorAccount account(const QString &user = u"acme"_s, const QString &secret = u"pa55word"_s)
{
    VendorAccount result;
    result.vendorId = u"ntherm"_s;
    result.user = user;
    result.secret = secret;
    return result;
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
    void redactionOfBodiesThatAreNotJson_data();
    void redactionOfBodiesThatAreNotJson();
    void checkAccount_data();
    void checkAccount();
};

void TestNtherm::requestMatchesDocumentSample()
{
    const NthermVendor vendor;
    const HttpRequest request = vendor.buildRequest(documentLead(), account(), QUrl(u"https://example.com/callback"_s));
    const QJsonObject body = bodyOf(request);
    const QJsonObject expected =
        QJsonDocument::fromJson(VendorTest::fixture(u"ntherm"_s, u"request-sample.json"_s)).object();
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
    // N9 at its edge, with certificate ids that are valid at any length (Facebook-lead ids start with "0.").
    lead = validLead();
    lead.trustedFormCertUrl = certificateUrlOf(500);
    QTest::newRow("certificate of exactly 500 characters") << lead << QStringList();
    lead.trustedFormCertUrl = certificateUrlOf(501);
    QTest::newRow("certificate of 501 characters") << lead << QStringList{Key::TrustedForm};
    lead.consent.clear();
    QTest::newRow("certificate of 501 characters, no consent") << lead << QStringList{Key::TrustedForm};
    lead.trustedFormCertUrl = certificateUrlOf(500);
    QTest::newRow("certificate of 500 characters, no consent") << lead << QStringList();
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
    QCOMPARE(VendorTest::errorFields(issues), sorted(errorFields));
    for (const FieldIssue &issue : issues)
        QVERIFY2(!issue.message.isEmpty(), qPrintable(issue.field));
    // A certificate refused for its length says so, with nTherm's limit.
    if (lead.trustedFormCertUrl.size() > 500) {
        const FieldIssues certificate = issuesFor(issues, Key::TrustedForm);
        QVERIFY(std::any_of(certificate.cbegin(), certificate.cend(), [](const FieldIssue &issue) {
            return issue.message.contains(u"at most 500 characters"_s);
        }));
    }
}

void TestNtherm::redactionOfBodiesThatAreNotJson_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray token = "tK9xQ2mN7pL4vR8sW1yZ3aB6cD0eF5gH";
    // The documented 400 answer's defect (a stray comma) in a request body: strict JSON fails, the token is there.
    QTest::newRow("broken JSON with a callback URL") << QByteArray(
        R"({"phone_number":"3105551212",,"call_back_url":"https://relay.example.com/callback/ntherm/)" + token + "\"}");
    QTest::newRow("form-encoded") << QByteArray("call_back_url=https%3A%2F%2Frelay.example.com%2Fcb%2F" + token);
    QTest::newRow("truncated JSON") << QByteArray(R"({"call_back_url":"https://relay.example.com/cb/)" + token);
    QTest::newRow("JSON array") << QByteArray(R"(["https://relay.example.com/cb/)" + token + "\"]");
    QTest::newRow("binary") << QByteArray("\0\xff\xfe", 3) + token + QByteArray("\0", 1);
    QTest::newRow("only the token") << token;
}

void TestNtherm::redactionOfBodiesThatAreNotJson()
{
    QFETCH(QByteArray, body);
    const QByteArray token = "tK9xQ2mN7pL4vR8sW1yZ3aB6cD0eF5gH";
    HttpRequest request = NthermVendor().buildRequest(validLead(), account(u"acme"_s, u"Sup3r-s3cret!"_s), QUrl());
    request.body = body;
    const HttpRequest redacted = NthermVendor().redacted(request);
    const QByteArray text = redacted.toText();
    QVERIFY(!text.contains(token));
    QVERIFY(!text.contains(token.left(12)));
    QVERIFY(!text.contains(QByteArray("acme:Sup3r-s3cret!").toBase64()));
    QCOMPARE(redacted.header("Authorization"), QByteArray("Basic [redacted]"));
    QCOMPARE(redacted.body, QByteArray("[redacted: unreadable body]"));
    QCOMPARE(request.body, body); // the request itself is untouched
    // An empty body stays empty: there is nothing to hide and nothing to invent.
    request.body.clear();
    QVERIFY(NthermVendor().redacted(request).body.isEmpty());
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

QTEST_GUILESS_MAIN(TestNtherm)
#include "tst_ntherm.moc"
