// SPDX-License-Identifier: GPL-3.0-or-later
// How long validation takes: the form validates on every keystroke, so this must stay far below a frame (16 ms).
#include "SampleLead.h"
#include "core/Lead.h"
#include "core/LeadValidator.h"

#include <QElapsedTimer>
#include <QTimeZone>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using LeadRelay::Bench::sampleLead;

namespace
{

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
