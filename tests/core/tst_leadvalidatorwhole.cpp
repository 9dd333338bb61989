// SPDX-License-Identifier: GPL-3.0-or-later
// The whole lead and the field the form checks as it is typed: rules routed by key, checks across fields, what a
// vendor requires (tst_leadvalidator has each rule's rows).
#include "ValidatorTestSupport.h"
#include "core/Lead.h"
#include "core/LeadValidator.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using namespace LeadRelay::Test;

namespace
{

VendorRequirements strictRequirements()
{
    VendorRequirements needs;
    needs.required = Lead::textKeys();
    needs.required.removeAll(Key::Sub2);
    needs.required.removeAll(Key::Sub3);
    needs.required.removeAll(Key::Sub4);
    needs.required.removeAll(Key::Sub5);
    needs.atLeastOneOf = {{Key::TrustedForm, Key::Jornaya}};
    needs.consentRequired = true;
    return needs;
}

} // namespace

class TestLeadValidatorWhole : public QObject
{
    Q_OBJECT

private slots:
    void validateFieldCrossChecksZip()
    {
        Lead lead;
        lead.state = u"NV"_s;
        lead.zip = u"90001"_s;
        FieldIssues issues = LeadValidator::validateField(lead, Key::Zip, Today);
        QCOMPARE(verdict(issues), u"warning"_s);
        QVERIFY(issues.first().message.contains(u"not NV"_s));
        lead.mailingState = u"CA"_s;
        lead.mailingZip = u"90001"_s;
        QVERIFY(LeadValidator::validateField(lead, Key::MailingZip, Today).isEmpty());
        lead.mailingState = u"OR"_s;
        issues = LeadValidator::validateField(lead, Key::MailingZip, Today);
        QCOMPARE(verdict(issues), u"warning"_s);
        QCOMPARE(issues.first().field, Key::MailingZip);
    }

    void validateFieldEmptyAndUnknown()
    {
        Lead lead;
        for (const QString &key : Lead::textKeys())
            QVERIFY2(LeadValidator::validateField(lead, key, Today).isEmpty(), qPrintable(key));
        lead.phone = u"123"_s;
        QVERIFY(LeadValidator::validateField(lead, u"no_such_key"_s, Today).isEmpty());
        QVERIFY(hasErrors(LeadValidator::validateField(lead, Key::Phone, Today)));
    }

    void validateFieldRoutesEveryRule_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("bad");
        QTest::newRow("first_name") << Key::FirstName << u"  "_s;
        QTest::newRow("last_name") << Key::LastName << u"\t"_s;
        QTest::newRow("decision_maker") << Key::DecisionMaker << u" "_s;
        QTest::newRow("phone") << Key::Phone << u"12"_s;
        QTest::newRow("email") << Key::Email << u"x"_s;
        QTest::newRow("dob") << Key::Dob << u"2020-02-30"_s;
        QTest::newRow("street") << Key::Street << u" "_s;
        QTest::newRow("city") << Key::City << u" "_s;
        QTest::newRow("state") << Key::State << u"XX"_s;
        QTest::newRow("zip") << Key::Zip << u"123"_s;
        QTest::newRow("mailing_street") << Key::MailingStreet << u" "_s;
        QTest::newRow("mailing_city") << Key::MailingCity << u" "_s;
        QTest::newRow("mailing_state") << Key::MailingState << u"XX"_s;
        QTest::newRow("mailing_zip") << Key::MailingZip << u"123"_s;
        QTest::newRow("utility") << Key::Utility << u" "_s;
        QTest::newRow("campaign") << Key::Campaign << u" "_s;
        QTest::newRow("trustedform_cert_url") << Key::TrustedForm << u"x"_s;
        QTest::newRow("jornaya_lead_id") << Key::Jornaya << u"x"_s;
        QTest::newRow("ip") << Key::Ip << u"x"_s;
        QTest::newRow("source_url") << Key::SourceUrl << u"x"_s;
        QTest::newRow("sub1") << Key::Sub1 << u"a\nb"_s;
        QTest::newRow("agent") << Key::Agent << u" "_s;
    }

    void validateFieldRoutesEveryRule()
    {
        QFETCH(QString, key);
        QFETCH(QString, bad);
        Lead lead;
        QVERIFY(lead.setText(key, bad));
        const FieldIssues issues = LeadValidator::validateField(lead, key, Today);
        QVERIFY2(hasErrors(issues), qPrintable(key));
        QCOMPARE(issues.first().field, key);
    }

    void mailingSameAsServiceReportsOnce()
    {
        Lead lead;
        lead.mailingSameAsService = true;
        lead.state = u"XX"_s;
        lead.mailingState = u"also bad"_s; // ignored: the service address is what will be sent
        QVERIFY(LeadValidator::validateField(lead, Key::MailingState, Today).isEmpty());
        VendorRequirements needs;
        needs.required = {Key::State, Key::MailingState, Key::MailingStreet};
        const FieldIssues issues = LeadValidator::validate(lead, needs, Today);
        QCOMPARE(issuesFor(issues, Key::State).size(), 1);
        QVERIFY(issuesFor(issues, Key::MailingState).isEmpty());
        // The mailing street is required and empty, street is not itself required: the message goes to street.
        QCOMPARE(issuesFor(issues, Key::Street).size(), 1);
        QVERIFY(issuesFor(issues, Key::Street).first().message.contains(u"mailing"_s));
        QVERIFY(issuesFor(issues, Key::MailingStreet).isEmpty());
        lead.street = u"1 Elm St"_s;
        QVERIFY(issuesFor(LeadValidator::validate(lead, needs, Today), Key::Street).isEmpty());
    }

    void sampleLeadIsClean()
    {
        const FieldIssues issues = LeadValidator::validate(sampleLead(), strictRequirements(), Today);
        QVERIFY2(issues.isEmpty(), qPrintable(messages(issues)));
    }

    void requiredFields()
    {
        Lead lead = sampleLead();
        lead.email.clear();
        lead.sub1 = u"   "_s; // blank counts as missing
        VendorRequirements needs;
        needs.required = {Key::Email, Key::Sub1, Key::Phone};
        QVERIFY(needs.isRequired(Key::Email));
        QVERIFY(!needs.isRequired(Key::Dob));
        const FieldIssues issues = LeadValidator::validate(lead, needs, Today);
        QCOMPARE(issues.size(), 2);
        QCOMPARE(issues.at(0), (FieldIssue{Key::Email, Severity::Error, u"This field is required."_s}));
        QCOMPARE(issues.at(1), (FieldIssue{Key::Sub1, Severity::Error, u"This field is required."_s}));
        // Not required: an empty field is fine, a bad one is still reported.
        lead.email = u"nope"_s;
        needs.required = {};
        const FieldIssues relaxed = LeadValidator::validate(lead, needs, Today);
        QCOMPARE(issuesFor(relaxed, Key::Email).size(), 1);
        QVERIFY(hasErrors(issuesFor(relaxed, Key::Sub1)));
    }

    void eitherOrGroups()
    {
        Lead lead = sampleLead();
        VendorRequirements needs;
        needs.atLeastOneOf = {{Key::TrustedForm, Key::Jornaya}};
        lead.trustedFormCertUrl.clear();
        QVERIFY(LeadValidator::validate(lead, needs, Today).isEmpty());
        lead.jornayaLeadId = u" "_s;
        const FieldIssues issues = LeadValidator::validate(lead, needs, Today);
        const QString message = u"Enter a TrustedForm certificate URL or a Jornaya LeadiD."_s;
        QCOMPARE(issuesFor(issues, Key::TrustedForm), (FieldIssues{{Key::TrustedForm, Severity::Error, message}}));
        QVERIFY(issuesFor(issues, Key::Jornaya).contains(FieldIssue{Key::Jornaya, Severity::Error, message}));

        needs.atLeastOneOf = {{Key::Email, Key::Phone, Key::Ip}};
        lead = Lead();
        const FieldIssues three = LeadValidator::validate(lead, needs, Today);
        QCOMPARE(three.size(), 3);
        QVERIFY(three.first().message.contains(u"at least one of"_s));
    }

    void consentRequired()
    {
        Lead lead = sampleLead();
        VendorRequirements needs;
        needs.consentRequired = true;
        QVERIFY(LeadValidator::validate(lead, needs, Today).isEmpty());
        lead.consent[1].answer = u" "_s;
        FieldIssues issues = LeadValidator::validate(lead, needs, Today);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().field, Key::Consent);
        QVERIFY(issues.first().message.contains(u"terms and conditions"_s));
        lead.consent.clear();
        issues = LeadValidator::validate(lead, needs, Today);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().field, Key::Consent);
        needs.consentRequired = false;
        QVERIFY(LeadValidator::validate(lead, needs, Today).isEmpty());
        // "consent" as a plain required key means: at least one entry.
        needs.required = {Key::Consent};
        QCOMPARE(LeadValidator::validate(lead, needs, Today).size(), 1);
    }

    void warningsDoNotBlock()
    {
        Lead lead = sampleLead();
        lead.phone = u"800-555-1212"_s;
        lead.state = u"NV"_s;
        const FieldIssues issues = LeadValidator::validate(lead, strictRequirements(), Today);
        QVERIFY(!issues.isEmpty());
        QVERIFY2(!hasErrors(issues), qPrintable(messages(issues)));
    }

    void fastEnough()
    {
        // The form validates on every keystroke; the budget is generous so a loaded machine does not fail it.
        const Lead lead = sampleLead();
        const VendorRequirements needs = strictRequirements();
        LeadValidator::validate(lead, needs, Today);
        QElapsedTimer timer;
        timer.start();
        constexpr int runs = 200;
        for (int i = 0; i < runs; ++i)
            QVERIFY(LeadValidator::validate(lead, needs, Today).isEmpty());
        const double perLeadMs = double(timer.nsecsElapsed()) / 1e6 / runs;
        QVERIFY2(perLeadMs < 5.0, qPrintable(u"%1 ms per lead"_s.arg(perLeadMs)));
    }
};

QTEST_GUILESS_MAIN(TestLeadValidatorWhole)
#include "tst_leadvalidatorwhole.moc"
