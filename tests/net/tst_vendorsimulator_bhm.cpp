// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimulatorTestSupport.h"

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

// The simulator's Bright Horizons Media, end to end through Submitter and BrightHorizonsVendor.
class tst_VendorSimulatorBhm : public SimulatorTestBase
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void bhmOutcomes_data();
    void bhmOutcomes();
    void bhmInvalidAuthorization();
    void bhmRawRequests_data();
    void bhmRawRequests();
    void bhmIdsIncrease();
};

void tst_VendorSimulatorBhm::init()
{
    QVERIFY(startSimulator());
}

void tst_VendorSimulatorBhm::cleanup()
{
    stopSimulator();
}

void tst_VendorSimulatorBhm::bhmOutcomes_data()
{
    QTest::addColumn<QString>("lastName");
    QTest::addColumn<QString>("zip");
    QTest::addColumn<OutcomeState>("state");
    QTest::addColumn<bool>("billable");
    QTest::addColumn<bool>("hasIds");

    QTest::newRow("sold") << u"Doe"_s << u"90001"_s << OutcomeState::Sold << true << true;
    QTest::newRow("accepted not sold") << u"Doe"_s << u"90010"_s << OutcomeState::AcceptedNotSold << false << true;
    QTest::newRow("rejected") << u"Reject"_s << u"90001"_s << OutcomeState::Rejected << false << false;
    QTest::newRow("rejected any case") << u"rEJECT"_s << u"90010"_s << OutcomeState::Rejected << false << false;
}

void tst_VendorSimulatorBhm::bhmOutcomes()
{
    QFETCH(QString, lastName);
    QFETCH(QString, zip);
    QFETCH(OutcomeState, state);
    QFETCH(bool, billable);
    QFETCH(bool, hasIds);

    Lead lead = sampleLead();
    lead.lastName = lastName;
    lead.zip = zip;
    QSignalSpy handled(m_sim, &VendorSimulator::requestHandled);
    const Outcome outcome = submit(lead, u"bhm"_s);
    QCOMPARE(outcome.httpStatus, 200);
    QCOMPARE(outcome.state, state);
    QCOMPARE(outcome.billable, billable);
    QVERIFY(outcome.final);
    QCOMPARE(!outcome.vendorLeadId.isEmpty(), hasIds);
    QCOMPARE(!outcome.vendorTransactionId.isEmpty(), hasIds);
    QCOMPARE(handled.size(), 1);
    QCOMPARE(handled.at(0).at(0).toString(), u"bhm"_s);
}

void tst_VendorSimulatorBhm::bhmInvalidAuthorization()
{
    const Outcome outcome = submit(sampleLead(), u"bhm"_s, false);
    QCOMPARE(outcome.httpStatus, 401);
    QCOMPARE(outcome.state, OutcomeState::AccountError);
    QVERIFY(outcome.messages.contains(u"Invalid authorization"_s));
}

void tst_VendorSimulatorBhm::bhmRawRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("errors");

    const QJsonObject valid =
        QJsonDocument::fromJson(vendorById(u"bhm"_s)->buildRequest(sampleLead(), account(u"bhm"_s)).body).object();
    const auto with = [&valid](const QString &key, const QJsonValue &value) {
        QJsonObject transaction = valid.value(u"transaction"_s).toObject();
        if (value.isUndefined())
            transaction.remove(key);
        else
            transaction.insert(key, value);
        QJsonObject copy = valid;
        copy.insert(u"transaction"_s, transaction);
        return QJsonDocument(copy).toJson(QJsonDocument::Compact);
    };

    QTest::newRow("valid") << with(u"unused"_s, QJsonValue::Undefined) << 200 << QStringList();
    QTest::newRow("phone blank") << with(u"phone"_s, u""_s) << 200
                                 << QStringList{u"Phone (required): can not be blank"_s};
    QTest::newRow("phone documented format") << with(u"phone"_s, u"(310) 555-1212"_s) << 200 << QStringList();
    QTest::newRow("phone nine digits") << with(u"phone"_s, u"310555121"_s) << 200
                                       << QStringList{u"Phone: must be a valid phone number with 10 digits"_s};
    QTest::newRow("zip as integer (the sample's mistake)")
        << with(u"zip"_s, 89002) << 200 << QStringList{u"Zip: must be a 5-character string"_s};
    QTest::newRow("zip without leading zero")
        << with(u"zip"_s, u"2108"_s) << 200 << QStringList{u"Zip: must be a 5-character string"_s};
    QTest::newRow("source with query") << with(u"source"_s, u"https://www.example.com/form/?a=1"_s) << 200
                                       << QStringList{u"Source: must be a fully qualified URL without query string"_s};
    QTest::newRow("sub1 missing") << with(u"sub1"_s, QJsonValue::Undefined) << 200
                                  << QStringList{u"Sub1 (required): can not be blank"_s};

    QJsonObject neither = valid;
    QJsonObject transaction = neither.value(u"transaction"_s).toObject();
    transaction.remove(u"trustedformcertid"_s);
    transaction.remove(u"jornayaleadid"_s);
    transaction.remove(u"firstname"_s);
    neither.insert(u"transaction"_s, transaction);
    QTest::newRow("several at once") << QJsonDocument(neither).toJson() << 200
                                     << QStringList{u"First Name (required): can not be blank"_s,
                                                    u"TrustedFormCertId or JornayaLeadId (required): at least one "
                                                    "must be given"_s};

    QJsonObject stringAffiliate = valid;
    stringAffiliate.insert(u"xauth"_s, QJsonObject{{u"affiliateid"_s, u"123456"_s},
                                                   {u"key"_s, QLatin1String(VendorSimulator::TrainingKey)}});
    QTest::newRow("affiliate id as string")
        << QJsonDocument(stringAffiliate).toJson() << 401 << QStringList{u"Invalid authorization"_s};
    QTest::newRow("not json") << QByteArray("{") << 400
                              << QStringList{u"Request must be a JSON object sent as application/json"_s};
}

void tst_VendorSimulatorBhm::bhmRawRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QStringList, errors);

    const auto result = send(rawRequest(u"bhm"_s, body));
    QVERIFY(result);
    QCOMPARE(result->httpStatus, status);
    QJsonParseError error;
    const QJsonObject answer = QJsonDocument::fromJson(result->body, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    if (errors.isEmpty()) {
        QCOMPARE(answer.value(u"validated"_s).toInt(), 1);
        return;
    }
    QCOMPARE(answer.value(u"validated"_s).toInt(-1), 0);
    QCOMPARE(answer.value(u"messages"_s).toArray().first().toString(), u"Energy Dereg Lead could not be validated"_s);
    QVERIFY(answer.value(u"disposition"_s).isNull());
    QStringList texts;
    const QJsonArray nested = answer.value(u"errors"_s).toArray().first().toArray();
    for (const QJsonValue &entry : nested)
        texts << entry.toString();
    QCOMPARE(texts, errors);
}

void tst_VendorSimulatorBhm::bhmIdsIncrease()
{
    Lead lead = sampleLead();
    const Outcome first = submit(lead, u"bhm"_s);
    const Outcome second = submit(lead, u"bhm"_s);
    QCOMPARE(first.state, OutcomeState::Sold);
    QCOMPARE(second.state, OutcomeState::Sold);
    QCOMPARE(second.vendorLeadId.toLongLong(), first.vendorLeadId.toLongLong() + 1);
    QCOMPARE(second.vendorTransactionId.toLongLong(), first.vendorTransactionId.toLongLong() + 1);
}

QTEST_GUILESS_MAIN(tst_VendorSimulatorBhm)
#include "tst_vendorsimulator_bhm.moc"
