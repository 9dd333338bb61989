// SPDX-License-Identifier: GPL-3.0-or-later
// Rules::phone, normalizedPhone() and formatPhoneAsTyped(): US numbers through libphonenumber.
#include "LeadValidator.h"
#include "RuleSupport.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <phonenumbers/asyoutypeformatter.h>
#include <phonenumbers/phonenumberutil.h>
#pragma GCC diagnostic pop

#include <array>
#include <atomic>
#include <memory>
#include <string>

using namespace Qt::StringLiterals;
using i18n::phonenumbers::AsYouTypeFormatter;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace LeadRelay
{

namespace
{

using namespace RuleSupport;

std::atomic<bool> s_phoneRulesLoaded{false};

// The library's singleton builds its metadata on first use; keep the pointer rather than asking each keystroke.
// Built once under the library's own pthread_once (and this static's guard), so any thread may be first.
const PhoneNumberUtil &phoneUtil()
{
    static const PhoneNumberUtil *const util = [] {
        const PhoneNumberUtil *instance = PhoneNumberUtil::GetInstance();
        s_phoneRulesLoaded.store(true, std::memory_order_release);
        return instance;
    }();
    return *util;
}

bool isAsciiDigit(QChar ch)
{
    return ch >= u'0' && ch <= u'9';
}

bool isPunctuation(QChar ch)
{
    return ch == u' ' || ch == u'(' || ch == u')' || ch == u'-' || ch == u'.';
}

// NANP regions a US energy lead can come from: the states and the territories LeadRelay accepts.
bool isUsRegion(const std::string &region)
{
    static const std::array<std::string, 6> regions{"US", "PR", "VI", "GU", "AS", "MP"};
    for (const std::string &candidate : regions) {
        if (candidate == region)
            return true;
    }
    return false;
}

bool isTollFreeAreaCode(QStringView areaCode)
{
    static const std::array<QStringView, 7> codes{u"800", u"833", u"844", u"855", u"866", u"877", u"888"};
    for (const QStringView code : codes) {
        if (code == areaCode)
            return true;
    }
    return false;
}

struct PhoneCheck
{
    QString digits; // the 10 digits when there is no error
    FieldIssues issues;
};

PhoneCheck checkPhone(const QString &value, const QString &field)
{
    PhoneCheck result;
    QString digits;
    bool plus = false;
    for (const QChar ch : value) {
        if (isAsciiDigit(ch)) {
            digits += ch;
        } else if (ch == u'+' && digits.isEmpty() && !plus) {
            plus = true;
        } else if (!isPunctuation(ch) && !ch.isSpace()) {
            // nTherm answers "Invalid Characters" to 7271234567x: letters and extensions never reach a vendor.
            result.issues = error(field, LeadValidator::tr("A phone number may only contain digits, spaces and "
                                                           "( ) - . + (no letters, no extension)."));
            return result;
        }
    }
    if (plus) {
        if (!digits.startsWith(u'1')) {
            result.issues = error(field, LeadValidator::tr("Only US numbers can be sent: start with +1 or leave the "
                                                           "country code out, e.g. (310) 555-1212."));
            return result;
        }
        digits.remove(0, 1);
    } else if (digits.size() == 11 && digits.startsWith(u'1')) {
        digits.remove(0, 1);
    }
    if (digits.size() != 10) {
        result.issues = error(field, LeadValidator::tr("Phone number must have 10 digits, e.g. (310) 555-1212 (this "
                                                       "one has %1).")
                                         .arg(digits.size()));
        return result;
    }
    const QString areaCode = digits.left(3);
    const QString exchange = digits.mid(3, 3);
    const QString line = digits.mid(6);
    if (digits.at(0) == u'0' || digits.at(0) == u'1') {
        result.issues = error(field, LeadValidator::tr("Area code %1 does not exist: US area codes start with a digit "
                                                       "from 2 to 9.")
                                         .arg(areaCode));
        return result;
    }
    if (digits.at(3) == u'0' || digits.at(3) == u'1') {
        result.issues = error(field, LeadValidator::tr("(%1) %2-%3 is not a valid number: the three digits after the "
                                                       "area code cannot start with 0 or 1.")
                                         .arg(areaCode, exchange, line));
        return result;
    }

    // Parsed in international form so that no digit can be read as a dialling prefix (011...).
    PhoneNumber number;
    const std::string international = "+1" + digits.toStdString();
    if (phoneUtil().Parse(international, "US", &number) != PhoneNumberUtil::NO_PARSING_ERROR ||
        !phoneUtil().IsValidNumber(number)) {
        result.issues = error(field, LeadValidator::tr("(%1) %2-%3 is not a valid US phone number: check the area "
                                                       "code %1.")
                                         .arg(areaCode, exchange, line));
        return result;
    }
    std::string region;
    phoneUtil().GetRegionCodeForNumber(number, &region);
    if (!isUsRegion(region)) {
        result.issues = error(field, LeadValidator::tr("Area code %1 is not in the United States (this number is in "
                                                       "%2).")
                                         .arg(areaCode, QString::fromStdString(region)));
        return result;
    }

    result.digits = digits;
    if (isTollFreeAreaCode(areaCode)) {
        result.issues.append(warningIssue(field, LeadValidator::tr("%1 is a toll-free area code: a customer's own "
                                                                   "number rarely is. Check the number.")
                                                     .arg(areaCode)));
    }
    const int lineNumber = line.toInt();
    if (exchange == u"555"_s && lineNumber >= 100 && lineNumber <= 199) {
        result.issues.append(warningIssue(field, LeadValidator::tr("555-0100 to 555-0199 are fictional numbers (as "
                                                                   "in films). Check the number with the customer.")));
    }
    return result;
}

} // namespace

FieldIssues Rules::phone(const QString &value, const QString &field)
{
    return checkPhone(value, field).issues;
}

void loadPhoneRules()
{
    phoneUtil();
}

bool phoneRulesLoaded()
{
    return s_phoneRulesLoaded.load(std::memory_order_acquire);
}

QString normalizedPhone(const QString &input)
{
    PhoneCheck check = checkPhone(input, Key::Phone);
    return hasErrors(check.issues) ? QString() : check.digits;
}

QString formatPhoneAsTyped(const QString &input)
{
    QString digits;
    bool plus = false;
    for (const QChar ch : input) {
        if (isAsciiDigit(ch))
            digits += ch;
        else if (ch == u'+' && digits.isEmpty() && !plus)
            plus = true;
        else if (!isPunctuation(ch))
            return input; // letters or the like: leave it for the validation message
    }
    if (digits.isEmpty())
        return input;
    // Too many digits to be a US number: keep what was typed, so nothing is lost or reshuffled.
    const qsizetype limit = (plus || digits.startsWith(u'1')) ? 11 : 10;
    if (digits.size() > limit)
        return input;
    // No US area code starts with 1, so a leading 1 is the country code only once all 11 digits are there. Until
    // then the formatter would present it as one ("12345" as "1 (234) 5") and the agent would read a number that
    // was never typed: show the bare digits instead.
    if (!plus && digits.startsWith(u'1') && digits.size() < 11)
        return digits;

    // A formatter is stateful and not thread-safe; one per thread, reset per call, avoids rebuilding it per key.
    thread_local const std::unique_ptr<AsYouTypeFormatter> formatter(phoneUtil().GetAsYouTypeFormatter("US"));
    formatter->Clear();
    std::string formatted;
    if (plus)
        formatter->InputDigit('+', &formatted);
    for (const QChar ch : std::as_const(digits))
        formatter->InputDigit(static_cast<char>(ch.unicode()), &formatted);
    return QString::fromStdString(formatted);
}

} // namespace LeadRelay
