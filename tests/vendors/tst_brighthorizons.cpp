// SPDX-License-Identifier: GPL-3.0-or-later
// Bright Horizons Media: the request LeadRelay builds, its redaction, and the local checks before sending.
#include "VendorTestSupport.h"

#include "vendors/BrightHorizonsVendor.h"

using namespace LeadRelay;
using namespace Qt::StringLiterals;
using VendorTest::bodyOf;
using VendorTest::sorted;

namespace
{

const QString DocumentKey = u"96852585-58lk-5g5r-63jk8-25lp2574poiu"_s;

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
};

void TestBrightHorizons::requestMatchesDocumentSample()
{
    const BrightHorizonsVendor vendor;
    const HttpRequest request = vendor.buildRequest(documentLead(), account());
    const QJsonObject body = bodyOf(request);
    const QJsonObject expected =
        QJsonDocument::fromJson(VendorTest::fixture(u"bhm"_s, u"request-sample.json"_s)).object();
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
    QCOMPARE(VendorTest::errorFields(issues), sorted(errorFields));
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

QTEST_GUILESS_MAIN(TestBrightHorizons)
#include "tst_brighthorizons.moc"
