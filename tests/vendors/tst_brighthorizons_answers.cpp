// SPDX-License-Identifier: GPL-3.0-or-later
// Bright Horizons Media: every documented answer, each flag combination and spelling, and hostile bodies → Outcome.
#include "VendorTestSupport.h"

#include "vendors/BrightHorizonsVendor.h"

using namespace LeadRelay;
using namespace Qt::StringLiterals;

namespace
{

QByteArray fixture(const QString &name)
{
    return VendorTest::fixture(u"bhm"_s, name);
}

} // namespace

class TestBrightHorizonsAnswers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answers_data();
    void answers();
    void errorTextsMapToFields_data();
    void errorTextsMapToFields();
    void callbacksAreNeverApplied();
    void garbageNeverCrashes();
};

void TestBrightHorizonsAnswers::answers_data()
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

    // B7: only sold = 1 is billable; any other number is not a sale, whatever else the answer says.
    for (const QByteArray &sold : {QByteArray("2"), QByteArray("1.5"), QByteArray("-1"), QByteArray("0.999"),
                                   QByteArray("1e0"), QByteArray("\"2\""), QByteArray("\"1.5\"")}) {
        const bool one = sold == "1e0";
        QTest::newRow(QByteArray("sold " + sold + ", accepted").constData())
            << 200 << QByteArray(R"({"validated":1,"accepted":1,"sold":)" + sold + "}")
            << (one ? OutcomeState::Sold : OutcomeState::AcceptedNotSold) << one << true << false << none << none
            << QStringList() << QStringList();
        if (one)
            continue;
        QTest::newRow(QByteArray("sold " + sold + " alone").constData())
            << 200 << QByteArray(R"({"validated":1,"sold":)" + sold + "}") << OutcomeState::DeliveryUnknown << false
            << false << true << none << none << QStringList() << QStringList();
        QTest::newRow(QByteArray("sold " + sold + ", not accepted").constData())
            << 200 << QByteArray(R"({"validated":1,"accepted":0,"sold":)" + sold + "}") << OutcomeState::Rejected
            << false << true << false << none << none << QStringList() << QStringList();
    }

    // An account problem wherever BHM puts the words: not a judgement of the lead (and never billable).
    QTest::newRow("invalid authorization in messages")
        << 200 << QByteArray(R"({"validated":0,"accepted":0,"sold":0,"messages":["Invalid authorization"]})")
        << OutcomeState::AccountError << false << true << false << none << none
        << QStringList{u"Invalid authorization"_s} << QStringList();
    QTest::newRow("invalid authorization in disposition")
        << 200 << QByteArray(R"({"validated":0,"accepted":0,"sold":0,"disposition":"Invalid authorization"})")
        << OutcomeState::AccountError << false << true << false << none << none
        << QStringList{u"Invalid authorization"_s} << QStringList();
    QTest::newRow("invalid authorization in nested messages, other case")
        << 200 << QByteArray(R"({"validated":1,"accepted":1,"sold":1,"messages":[["INVALID AUTHORIZATION: key"]]})")
        << OutcomeState::AccountError << false << true << false << none << none
        << QStringList{u"INVALID AUTHORIZATION: key"_s} << QStringList();
    QTest::newRow("invalid authorization in disposition, broken JSON")
        << 500 << QByteArray(R"({,"validated":0,"errors":[],"disposition":"Invalid authorization",})")
        << OutcomeState::AccountError << false << true << false << none << none
        << QStringList{u"Invalid authorization"_s} << QStringList();

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

void TestBrightHorizonsAnswers::answers()
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
    QCOMPARE(VendorTest::issueFields(outcome.fieldIssues), fields);
    if (state != OutcomeState::Sold && state != OutcomeState::AcceptedNotSold)
        QVERIFY(!outcome.messages.isEmpty()); // a failure always says something
}

void TestBrightHorizonsAnswers::errorTextsMapToFields_data()
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

void TestBrightHorizonsAnswers::errorTextsMapToFields()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(BrightHorizonsVendor::fieldForError(text), field);
}

void TestBrightHorizonsAnswers::callbacksAreNeverApplied()
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

void TestBrightHorizonsAnswers::garbageNeverCrashes()
{
    QList<QByteArray> bodies = VendorTest::hostileBodies(1234);
    bodies += {
        QByteArray(R"({"validated":[1],"accepted":{"x":1},"sold":null,"errors":{"error":[[[]]]},"messages":7})"),
        QByteArray(R"({"transactionid":1e400,"leadid":[],"errors":[[[[[[["deep"]]]]]]]})"),
        QByteArray(R"({"transactionid":-0.5,"leadid":{"a":"b"},"disposition":{"message":3}})"),
        QByteArray(R"({"validated":1,"accepted":1,"sold":2,"errors":[null,true,1.5]})"),
        "{\"validated\":0,\"errors\":[" + QByteArray(20000, 'e').replace('e', "[\"Phone bad\"],") + "]}",
    };
    const BrightHorizonsVendor vendor;
    for (const QByteArray &body : std::as_const(bodies)) {
        for (const int status : VendorTest::anyStatuses()) {
            const Outcome outcome = vendor.parseResponse(status, body);
            QCOMPARE(outcome.rawBody, body);
            QCOMPARE(outcome.httpStatus, status);
            QVERIFY(outcome.state != OutcomeState::Sending);
            QVERIFY(outcome.messages.size() <= 200);
            QVERIFY(outcome.fieldIssues.size() <= 200);
            QVERIFY(!outcome.billable || outcome.state == OutcomeState::Sold);
        }
    }
}

QTEST_GUILESS_MAIN(TestBrightHorizonsAnswers)
#include "tst_brighthorizons_answers.moc"
