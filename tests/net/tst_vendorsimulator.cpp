// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimulatorTestSupport.h"

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

// The simulator's nTherm (and what both vendors share), end to end through Submitter and NthermVendor.
class tst_VendorSimulator : public SimulatorTestBase
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listensOnLoopbackOnly();
    void nthermAcceptedThenSold();
    void nthermLateRejection();
    void nthermInvalidFields();
    void nthermUnauthorized();
    void nthermDuplicatePhone();
    void nthermRawRequests_data();
    void nthermRawRequests();
    void nthermNeverCallsOutside_data();
    void nthermNeverCallsOutside();
    void wrongMethodAndOversize();
    void trainerTriggers_data();
    void trainerTriggers();
};

void tst_VendorSimulator::init()
{
    QVERIFY(startSimulator());
}

void tst_VendorSimulator::cleanup()
{
    stopSimulator();
}

void tst_VendorSimulator::listensOnLoopbackOnly()
{
    VendorSimulator other;
    QVERIFY(!other.listen(QHostAddress::Any));
    QVERIFY(other.baseUrl().isEmpty());
    QCOMPARE(m_sim->endpoint(u"ntherm"_s).path(), u"/v1/postLead"_s);
    QCOMPARE(m_sim->endpoint(u"bhm"_s).path(), u"/post/energy/"_s);
    QVERIFY(m_sim->endpoint(u"nobody"_s).isEmpty());
    QCOMPARE(m_sim->baseUrl().host(), u"127.0.0.1"_s);
    QVERIFY(Submitter::checkEndpoint(m_sim->endpoint(u"ntherm"_s)).isEmpty());
}

void tst_VendorSimulator::nthermAcceptedThenSold()
{
    CallbackCatcher catcher;
    QSignalSpy handled(m_sim, &VendorSimulator::requestHandled);
    QSignalSpy sent(m_sim, &VendorSimulator::callbackSent);
    const Outcome outcome = submit(sampleLead(), u"ntherm"_s, true, catcher.url());
    QCOMPARE(outcome.state, OutcomeState::Accepted);
    QVERIFY(!outcome.final);
    QCOMPARE(outcome.httpStatus, 200);
    QCOMPARE(handled.size(), 1);
    QCOMPARE(handled.at(0).at(0).toString(), u"ntherm"_s);
    QCOMPARE(handled.at(0).at(1).toInt(), 200);

    QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 20000);
    QCOMPARE(sent.at(0).at(0).toUrl(), catcher.url());
    QCOMPARE(sent.at(0).at(1).toInt(), 200);
    QCOMPARE(catcher.bodies.size(), 1);
    const QJsonObject body = QJsonDocument::fromJson(catcher.bodies.first()).object();
    QCOMPARE(body.value(u"success_bit"_s).toBool(), true);
    QCOMPARE(body.value(u"message"_s).toString(), u"Lead sold."_s);
    QCOMPARE(body.value(u"phone_number"_s).toString(), u"3105551212"_s);

    const Outcome final = vendorById(u"ntherm"_s)->parseCallback(catcher.bodies.first());
    QCOMPARE(final.state, OutcomeState::Accepted);
    QVERIFY(final.final);
    QVERIFY(final.billable);
}

void tst_VendorSimulator::nthermLateRejection()
{
    CallbackCatcher catcher;
    QSignalSpy sent(m_sim, &VendorSimulator::callbackSent);
    Lead lead = sampleLead();
    lead.phone = u"(310) 555-1219"_s; // ends in 9: rejected after review
    const Outcome outcome = submit(lead, u"ntherm"_s, true, catcher.url());
    QCOMPARE(outcome.state, OutcomeState::Accepted);
    QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 20000);
    QCOMPARE(catcher.bodies.size(), 1);
    const Outcome final = vendorById(u"ntherm"_s)->parseCallback(catcher.bodies.first());
    QCOMPARE(final.state, OutcomeState::Rejected);
    QVERIFY(final.final);
    QVERIFY(!final.billable);
    QCOMPARE(final.messages, QStringList{u"Rejected after review: customer not eligible."_s});
}

void tst_VendorSimulator::nthermInvalidFields()
{
    Lead lead = sampleLead();
    lead.state = u"C"_s;
    lead.mailingState = u"CA3"_s;
    lead.trustedFormCertUrl = u"://example.com/certificate.pdf"_s;
    const Outcome outcome = submit(lead, u"ntherm"_s);
    QCOMPARE(outcome.httpStatus, 400);
    QCOMPARE(outcome.state, OutcomeState::Rejected);
    // All three problems in one answer, in the document's words, mapped back onto the lead's fields.
    QVERIFY(outcome.messages.contains(u"Invalid State Code (2 characters): C"_s));
    QVERIFY(outcome.messages.contains(u"Invalid Mailing State Code: CA3"_s));
    QVERIFY(outcome.messages.contains(
        u"Certificate URL exceeds 500 characters, or not a valid URL ://example.com/certificate.pdf"_s));
    QVERIFY(!issuesFor(outcome.fieldIssues, Key::State).isEmpty());
    QVERIFY(!issuesFor(outcome.fieldIssues, Key::MailingState).isEmpty());
    QVERIFY(!issuesFor(outcome.fieldIssues, Key::TrustedForm).isEmpty());
}

void tst_VendorSimulator::nthermUnauthorized()
{
    const Outcome outcome = submit(sampleLead(), u"ntherm"_s, false);
    QCOMPARE(outcome.httpStatus, 401);
    QCOMPARE(outcome.state, OutcomeState::AccountError);
    // The lead was not judged: the same lead with the right password is accepted.
    QCOMPARE(submit(sampleLead(), u"ntherm"_s).state, OutcomeState::Accepted);
}

void tst_VendorSimulator::nthermDuplicatePhone()
{
    QCOMPARE(submit(sampleLead(), u"ntherm"_s).state, OutcomeState::Accepted);
    const Outcome second = submit(sampleLead(), u"ntherm"_s);
    QCOMPARE(second.httpStatus, 422);
    QCOMPARE(second.state, OutcomeState::Rejected);
    QCOMPARE(second.messages, QStringList{u"Phone number can not be sent to postLead at this time."_s});
}

void tst_VendorSimulator::nthermRawRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("errors");

    QJsonObject valid =
        QJsonDocument::fromJson(vendorById(u"ntherm"_s)->buildRequest(sampleLead(), VendorAccount{}).body).object();
    const auto with = [&valid](const QString &key, const QJsonValue &value) {
        QJsonObject copy = valid;
        if (value.isUndefined())
            copy.remove(key);
        else
            copy.insert(key, value);
        return QJsonDocument(copy).toJson(QJsonDocument::Compact);
    };

    QTest::newRow("valid") << with(u"unused"_s, QJsonValue::Undefined) << 200 << QStringList();
    QTest::newRow("documented invalid characters")
        << with(u"phone_number"_s, u"7271234567x"_s) << 400 << QStringList{u"Invalid Characters: 7271234567x"_s};
    QTest::newRow("nine-digit sample phone")
        << with(u"phone_number"_s, u"999999999"_s) << 400 << QStringList{u"Invalid Characters: 999999999"_s};
    QTest::newRow("state lower case") << with(u"state"_s, u"ca"_s) << 400
                                      << QStringList{u"Invalid State Code (2 characters): ca"_s};
    QTest::newRow("certificate too long")
        << with(u"certificate_url"_s, QString(u"https://cert.trustedform.com/"_s + QString(480, u'a'))) << 400
        << QStringList{u"Certificate URL exceeds 500 characters, or not a valid URL https://cert.trustedform.com/"_s +
                       QString(480, u'a')};
    QTest::newRow("missing customer_name")
        << with(u"customer_name"_s, QJsonValue::Undefined) << 400 << QStringList{u"customer_name is required"_s};
    QTest::newRow("blank email") << with(u"email"_s, u"  "_s) << 400 << QStringList{u"email is required"_s};
    QTest::newRow("zip as number") << with(u"zip"_s, 90001) << 400 << QStringList{u"zip must be a string"_s};

    valid.remove(u"street"_s);
    QTest::newRow("customer_address alone is enough")
        << with(u"unused"_s, QJsonValue::Undefined) << 200 << QStringList();
    valid.remove(u"certificate_url"_s);
    QTest::newRow("extra_data without certificate") << with(u"unused"_s, QJsonValue::Undefined) << 200 << QStringList();
    valid.remove(u"extra_data"_s);
    QTest::newRow("neither certificate nor extra_data")
        << with(u"unused"_s, QJsonValue::Undefined) << 400
        << QStringList{u"certificate_url is required when extra_data is not provided"_s};
    valid.remove(u"customer_address"_s);
    valid.insert(u"phone_number"_s, u"12"_s);
    QTest::newRow("several at once") << with(u"unused"_s, QJsonValue::Undefined) << 400
                                     << QStringList{u"Invalid Characters: 12"_s,
                                                    u"certificate_url is required when extra_data is not provided"_s,
                                                    u"street is required"_s};
    QTest::newRow("not json") << QByteArray("phone_number=3105551212") << 400
                              << QStringList{u"Request body must be a JSON object"_s};
    QTest::newRow("json array") << QByteArray("[]") << 400 << QStringList{u"Request body must be a JSON object"_s};
}

void tst_VendorSimulator::nthermRawRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QStringList, errors);

    const auto result = send(rawRequest(u"ntherm"_s, body));
    QVERIFY(result);
    QCOMPARE(result->kind, TransportResult::Answered);
    QCOMPARE(result->httpStatus, status);
    QJsonParseError error;
    const QJsonObject answer = QJsonDocument::fromJson(result->body, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError); // the simulator itself always answers proper JSON
    if (status == 200) {
        QCOMPARE(answer.value(u"success_bit"_s).toBool(), true);
        QCOMPARE(answer.value(u"message"_s).toString(), u"Lead submitted successfully."_s);
        return;
    }
    QCOMPARE(answer.value(u"success_bit"_s).toBool(true), false);
    QStringList texts;
    const QJsonArray list = answer.value(u"message"_s).toArray();
    for (const QJsonValue &entry : list)
        texts << entry.toObject().value(u"error"_s).toString();
    QCOMPARE(texts, errors);
}

void tst_VendorSimulator::nthermNeverCallsOutside_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("https host") << u"https://example.com/callback/ntherm/abcdefabcdefabcdefabcdef"_s;
    QTest::newRow("private address") << u"http://10.0.0.5/callback/ntherm/abcdefabcdefabcdefabcdef"_s;
    QTest::newRow("loopback lookalike") << u"http://127.0.0.1.example.com/callback/ntherm/abcdefabcdefabcdefabcdef"_s;
    QTest::newRow("localhost lookalike") << u"http://localhost.example.com/callback/ntherm/abcdefabcdefabcdefabcdef"_s;
}

void tst_VendorSimulator::nthermNeverCallsOutside()
{
    // Proven by what the simulator decides, not by waiting for nothing: the refusal is reported while the lead is
    // answered, and nothing is ever scheduled.
    QFETCH(QString, url);
    QSignalSpy sent(m_sim, &VendorSimulator::callbackSent);
    QSignalSpy refused(m_sim, &VendorSimulator::callbackRefused);
    QSignalSpy handled(m_sim, &VendorSimulator::requestHandled);
    const Outcome outcome = submit(sampleLead(), u"ntherm"_s, true, QUrl(url));
    QCOMPARE(outcome.state, OutcomeState::Accepted);
    QCOMPARE(handled.size(), 1);
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(0).toUrl(), QUrl(url));
    QCOMPARE(sent.size(), 0);

    // The same lead with a loopback address is called back (the delay is 0), and nothing is refused.
    CallbackCatcher catcher;
    Lead again = sampleLead();
    again.phone = u"3105550142"_s;
    QCOMPARE(submit(again, u"ntherm"_s, true, catcher.url()).state, OutcomeState::Accepted);
    QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 10000);
    QCOMPARE(refused.size(), 1);
}

void tst_VendorSimulator::wrongMethodAndOversize()
{
    HttpRequest get = rawRequest(u"ntherm"_s, {}, "GET");
    auto result = send(get);
    QVERIFY(result);
    QCOMPARE(result->httpStatus, 405);

    result = send(rawRequest(u"bhm"_s, {}, "PUT"));
    QVERIFY(result);
    QCOMPARE(result->httpStatus, 405);

    result = send(rawRequest(u"ntherm"_s, QByteArray(1024 * 1024 + 1, ' ')));
    QVERIFY(result);
    QCOMPARE(result->httpStatus, 413);

    HttpRequest wrongPath = rawRequest(u"bhm"_s, "{}");
    wrongPath.url.setPath(u"/post/energy"_s); // the trailing slash is part of the documented path
    result = send(wrongPath);
    QVERIFY(result);
    QCOMPARE(result->httpStatus, 404);
}

QTEST_GUILESS_MAIN(tst_VendorSimulator)
void tst_VendorSimulator::trainerTriggers_data()
{
    QTest::addColumn<QString>("vendorId");
    QTest::addColumn<QString>("lastName");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<OutcomeState>("state");

    QTest::newRow("ntherm unauthorized") << u"ntherm"_s << u"Unauthorized"_s << 401 << OutcomeState::AccountError;
    QTest::newRow("ntherm server error") << u"ntherm"_s << u"ServerError"_s << 503 << OutcomeState::DeliveryUnknown;
    QTest::newRow("ntherm 'invalid' is an ordinary name")
        << u"ntherm"_s << u"Invalid"_s << 200 << OutcomeState::Accepted;
    QTest::newRow("bhm unauthorized") << u"bhm"_s << u"unauthorized"_s << 401 << OutcomeState::AccountError;
    QTest::newRow("bhm server error") << u"bhm"_s << u"ServerError"_s << 503 << OutcomeState::DeliveryUnknown;
    QTest::newRow("bhm invalid") << u"bhm"_s << u"Invalid"_s << 200 << OutcomeState::Invalid;
}

// A trainer can show every outcome with a lead that passes LeadRelay's own checks.
void tst_VendorSimulator::trainerTriggers()
{
    QFETCH(QString, vendorId);
    QFETCH(QString, lastName);
    QFETCH(int, httpStatus);
    QFETCH(OutcomeState, state);

    Lead lead = sampleLead();
    lead.lastName = lastName;
    const Outcome outcome = submit(lead, vendorId);
    QCOMPARE(outcome.httpStatus, httpStatus);
    QCOMPARE(outcome.state, state);
    QVERIFY(!outcome.billable);
}

#include "tst_vendorsimulator.moc"
