// SPDX-License-Identifier: GPL-3.0-or-later
// How long validation takes: the form validates on every keystroke, so this must stay far below a frame (16 ms).
#include "core/Lead.h"
#include "core/LeadValidator.h"

#include <QElapsedTimer>
#include <QTimeZone>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

// The LEAD-FORMAT.md sample, built in code so the benchmark needs no files.
Lead sampleLead()
{
    Lead lead;
    lead.firstName = u"John"_s;
    lead.lastName = u"Doe"_s;
    lead.phone = u"(310) 555-1212"_s;
    lead.email = u"john.doe@example.com"_s;
    lead.dob = u"1980-04-02"_s;
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
    lead.trustedFormCertUrl = u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s;
    lead.jornayaLeadId = u"01234567-89AB-CDEF-0123-456789ABCDEF"_s;
    lead.ip = u"184.248.249.118"_s;
    lead.sourceUrl = u"https://www.example.com/form/"_s;
    lead.sub1 = u"agent-desk-7"_s;
    lead.consent = {{u"Do you consent to be contacted?"_s, u"Yes"_s},
                    {u"Do you agree to the terms and conditions?"_s, u"Yes"_s}};
    lead.consentScript = u"energy-v3"_s;
    lead.consentRecordedAt = QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5), QTimeZone::utc());
    lead.agent = u"maria.g"_s;
    return lead;
}

// Roughly the union of what both vendors ask for.
VendorRequirements requirements()
{
    VendorRequirements result;
    result.required = {Key::FirstName,    Key::LastName,   Key::Phone, Key::Email,         Key::Street,
                       Key::City,         Key::State,      Key::Zip,   Key::MailingStreet, Key::MailingCity,
                       Key::MailingState, Key::MailingZip, Key::Ip,    Key::SourceUrl,     Key::Sub1};
    result.atLeastOneOf = {{Key::TrustedForm, Key::Jornaya}};
    result.consentRequired = true;
    return result;
}

} // namespace

int main()
{
    constexpr int runs = 20000;
    const Lead lead = sampleLead();
    const VendorRequirements needs = requirements();
    const QDate today(2026, 11, 22);

    // The first call builds libphonenumber's metadata and the rule tables; it is not what the agent waits for.
    qsizetype issues = LeadValidator::validate(lead, needs, today).size();

    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < runs; ++i)
        issues += LeadValidator::validate(lead, needs, today).size();
    const double perLead = double(timer.nsecsElapsed()) / 1000.0 / runs;
    std::printf("validate(lead): %.2f us per lead (%d runs)\n", perLead, runs);

    // A keystroke in the phone field: the text grows digit by digit and is validated each time.
    const QString digits = u"3105551212"_s;
    QStringList typed;
    for (qsizetype length = 1; length <= digits.size(); ++length)
        typed.append(formatPhoneAsTyped(digits.left(length)));
    Lead editing = lead;
    timer.restart();
    for (int i = 0; i < runs; ++i) {
        editing.phone = typed.at(i % typed.size());
        issues += LeadValidator::validateField(editing, Key::Phone, today).size();
    }
    const double perKey = double(timer.nsecsElapsed()) / 1000.0 / runs;
    std::printf("validateField(phone): %.2f us per keystroke (%d runs)\n", perKey, runs);

    // What the phone field also does per keystroke: reformat through libphonenumber's as-you-type formatter.
    timer.restart();
    for (int i = 0; i < runs; ++i)
        issues += formatPhoneAsTyped(digits.left(1 + i % digits.size())).size();
    const double perFormat = double(timer.nsecsElapsed()) / 1000.0 / runs;
    std::printf("formatPhoneAsTyped: %.2f us per keystroke (%d runs)\n", perFormat, runs);

    // Keeps the loops from being optimised away.
    std::printf("(issues counted: %lld)\n", static_cast<long long>(issues));
    return 0;
}
