// SPDX-License-Identifier: GPL-3.0-or-later
// How long validation takes: the form validates on every keystroke, so this must stay far below a frame (16 ms).
// Each figure is printed beside an anchor measured in the same run: for the whole lead, reading the same lead's
// JSON with QJsonDocument (a yardstick of this machine's speed at Qt text work of that size); for the phone field,
// libphonenumber's own calls on the same text, without LeadRelay around them.
#include "SampleLead.h"
#include "core/Lead.h"
#include "core/LeadValidator.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <phonenumbers/asyoutypeformatter.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

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
    const QByteArray json = lead.toJsonBytes();
    timer.restart();
    for (int i = 0; i < runs; ++i)
        issues += QJsonDocument::fromJson(json).object().size();
    const double perJson = double(timer.nsecsElapsed()) / 1000.0 / runs;
    std::printf("validate(lead): %.2f us per lead (%d runs); anchor: QJsonDocument reads the same lead's JSON "
                "(%lld bytes) in %.2f us: %.1fx\n",
                perLead, runs, static_cast<long long>(json.size()), perJson, perLead / perJson);

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
    using i18n::phonenumbers::PhoneNumber;
    using i18n::phonenumbers::PhoneNumberUtil;
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    std::vector<std::string> typedStd;
    for (const QString &text : std::as_const(typed))
        typedStd.push_back(text.toStdString());
    timer.restart();
    for (int i = 0; i < runs; ++i) {
        PhoneNumber number;
        if (util->Parse(typedStd.at(i % typedStd.size()), "US", &number) == PhoneNumberUtil::NO_PARSING_ERROR)
            issues += util->IsValidNumber(number) ? 1 : 0;
    }
    const double perParse = double(timer.nsecsElapsed()) / 1000.0 / runs;
    std::printf("validateField(phone): %.2f us per keystroke (%d runs); anchor: libphonenumber Parse + "
                "IsValidNumber of the same text %.2f us: %.1fx\n",
                perKey, runs, perParse, perKey / perParse);

    // What the phone field also does per keystroke: reformat through libphonenumber's as-you-type formatter.
    timer.restart();
    for (int i = 0; i < runs; ++i)
        issues += formatPhoneAsTyped(digits.left(1 + i % digits.size())).size();
    const double perFormat = double(timer.nsecsElapsed()) / 1000.0 / runs;
    const std::unique_ptr<i18n::phonenumbers::AsYouTypeFormatter> formatter(util->GetAsYouTypeFormatter("US"));
    const std::string digitsStd = digits.toStdString();
    timer.restart();
    for (int i = 0; i < runs; ++i) {
        formatter->Clear();
        std::string formatted;
        for (std::size_t k = 0; k < 1 + std::size_t(i) % digitsStd.size(); ++k)
            formatter->InputDigit(digitsStd[k], &formatted);
        issues += qsizetype(formatted.size());
    }
    const double perFormatter = double(timer.nsecsElapsed()) / 1000.0 / runs;
    std::printf("formatPhoneAsTyped: %.2f us per keystroke (%d runs); anchor: libphonenumber's AsYouTypeFormatter "
                "fed the same digits %.2f us: %.1fx\n",
                perFormat, runs, perFormatter, perFormat / perFormatter);

    // Keeps the loops from being optimised away.
    std::printf("(issues counted: %lld)\n", static_cast<long long>(issues));
    return 0;
}
