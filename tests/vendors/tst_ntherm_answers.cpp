// SPDX-License-Identifier: GPL-3.0-or-later
// nTherm: every documented answer and callback, other shapes, and hostile bodies → Outcome.
#include "VendorTestSupport.h"

#include "vendors/NthermVendor.h"

using namespace LeadRelay;
using namespace Qt::StringLiterals;

namespace
{

QByteArray fixture(const QString &name)
{
    return VendorTest::fixture(u"ntherm"_s, name);
}

} // namespace

class TestNthermAnswers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answers_data();
    void answers();
    void callbacks_data();
    void callbacks();
    void errorTextsMapToFields_data();
    void errorTextsMapToFields();
    void garbageNeverCrashes();
};

void TestNthermAnswers::answers_data()
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
    // A server error with an error list is not the buyer's decision: the lead may or may not have been taken.
    // Only a 4xx error list without success_bit is a rejection; its edges are pinned on both sides.
    const QByteArray errorList = R"({"message":[{"error":"Invalid State Code (2 characters): C"}]})";
    QTest::newRow("400 error list without success_bit")
        << 400 << errorList << OutcomeState::Rejected << true << false
        << QStringList{u"Invalid State Code (2 characters): C"_s} << QStringList{Key::State};
    QTest::newRow("499 error list without success_bit")
        << 499 << errorList << OutcomeState::Rejected << true << false
        << QStringList{u"Invalid State Code (2 characters): C"_s} << QStringList{Key::State};
    QTest::newRow("500 error list without success_bit")
        << 500 << errorList << OutcomeState::DeliveryUnknown << false << true
        << QStringList{u"Invalid State Code (2 characters): C"_s} << QStringList();
    QTest::newRow("503 error list without success_bit")
        << 503 << errorList << OutcomeState::DeliveryUnknown << false << true << QStringList() << QStringList();
    QTest::newRow("399 error list without success_bit")
        << 399 << errorList << OutcomeState::DeliveryUnknown << false << true << QStringList() << QStringList();
    QTest::newRow("500 error message as a string")
        << 500 << QByteArray(R"({"message":"Internal error"})") << OutcomeState::DeliveryUnknown << false << true
        << QStringList{u"Internal error"_s} << QStringList();
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

void TestNthermAnswers::answers()
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
    for (const FieldIssue &issue : outcome.fieldIssues) {
        QCOMPARE(issue.severity, Severity::Error);
        QVERIFY(!issue.message.isEmpty());
    }
    QCOMPARE(VendorTest::issueFields(outcome.fieldIssues), fields);
}

void TestNthermAnswers::callbacks_data()
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

void TestNthermAnswers::callbacks()
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
    QCOMPARE(VendorTest::issueFields(outcome.fieldIssues), fields);
    if (unparsable)
        QVERIFY(!outcome.messages.isEmpty());
}

void TestNthermAnswers::errorTextsMapToFields_data()
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

void TestNthermAnswers::errorTextsMapToFields()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(NthermVendor::fieldForError(text), field);
}

void TestNthermAnswers::garbageNeverCrashes()
{
    QList<QByteArray> bodies = VendorTest::hostileBodies(77);
    bodies += {
        QByteArray(R"({"success_bit":[true],"message":{"error":[{"error":null}]}})"),
        QByteArray(R"({"success_bit":{"a":1},"message":[[[[[[[]]]]]]]})"),
        QByteArray(R"({"success_bit":null,"message":1e308})"),
        QByteArray(R"({"success_bit":false,"message":{"message":{"message":{"error":{}}}}})"),
        "{\"success_bit\":false,\"message\":[" + QByteArray(20000, '1').replace('1', "{\"error\":\"x\"},") + "]}",
    };
    const NthermVendor vendor;
    for (const QByteArray &body : std::as_const(bodies)) {
        for (const int status : VendorTest::anyStatuses()) {
            const Outcome outcome = vendor.parseResponse(status, body);
            QCOMPARE(outcome.rawBody, body);
            QCOMPARE(outcome.httpStatus, status);
            QVERIFY(outcome.state != OutcomeState::Sending);
            QVERIFY(!outcome.billable);
            QVERIFY(outcome.messages.size() <= 200);
            if (outcome.unparsable && status != 401 && status != 403)
                QCOMPARE(outcome.state, OutcomeState::DeliveryUnknown);
        }
        const Outcome callback = vendor.parseCallback(body);
        QCOMPARE(callback.rawBody, body);
        QVERIFY(callback.state != OutcomeState::Sending);
    }
}

QTEST_GUILESS_MAIN(TestNthermAnswers)
#include "tst_ntherm_answers.moc"
