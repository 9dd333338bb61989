// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadValidator.h"
#include "RuleSupport.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

using namespace RuleSupport;

enum class Rule
{
    None,
    Name,
    Text,
    Phone,
    Email,
    Dob,
    State,
    Zip,
    Ip,
    SourceUrl,
    TrustedForm,
    Jornaya,
};

Rule ruleFor(const QString &key)
{
    static const QHash<QString, Rule> rules{
        {Key::FirstName, Rule::Name},
        {Key::LastName, Rule::Name},
        {Key::DecisionMaker, Rule::Name},
        {Key::Phone, Rule::Phone},
        {Key::Email, Rule::Email},
        {Key::Dob, Rule::Dob},
        {Key::Street, Rule::Text},
        {Key::City, Rule::Text},
        {Key::State, Rule::State},
        {Key::Zip, Rule::Zip},
        {Key::MailingStreet, Rule::Text},
        {Key::MailingCity, Rule::Text},
        {Key::MailingState, Rule::State},
        {Key::MailingZip, Rule::Zip},
        {Key::Utility, Rule::Text},
        {Key::Campaign, Rule::Text},
        {Key::TrustedForm, Rule::TrustedForm},
        {Key::Jornaya, Rule::Jornaya},
        {Key::Ip, Rule::Ip},
        {Key::SourceUrl, Rule::SourceUrl},
        {Key::Sub1, Rule::Text},
        {Key::Sub2, Rule::Text},
        {Key::Sub3, Rule::Text},
        {Key::Sub4, Rule::Text},
        {Key::Sub5, Rule::Text},
        {Key::ConsentScript, Rule::Text},
        {Key::Agent, Rule::Text},
    };
    return rules.value(key, Rule::None);
}

// The service-address key a mailing key is copied from when "same as service" is ticked; empty otherwise.
QString serviceKeyFor(const QString &key)
{
    static const QHash<QString, QString> keys{
        {Key::MailingStreet, Key::Street},
        {Key::MailingCity, Key::City},
        {Key::MailingState, Key::State},
        {Key::MailingZip, Key::Zip},
    };
    return keys.value(key);
}

// How a field is named inside a sentence ("Enter a ZIP code or ...").
QString fieldPhrase(const QString &key)
{
    static const QHash<QString, const char *> phrases{
        {Key::FirstName, QT_TRANSLATE_NOOP("LeadValidator", "a first name")},
        {Key::LastName, QT_TRANSLATE_NOOP("LeadValidator", "a last name")},
        {Key::Phone, QT_TRANSLATE_NOOP("LeadValidator", "a phone number")},
        {Key::Email, QT_TRANSLATE_NOOP("LeadValidator", "an e-mail address")},
        {Key::Dob, QT_TRANSLATE_NOOP("LeadValidator", "a date of birth")},
        {Key::Street, QT_TRANSLATE_NOOP("LeadValidator", "a street")},
        {Key::City, QT_TRANSLATE_NOOP("LeadValidator", "a city")},
        {Key::State, QT_TRANSLATE_NOOP("LeadValidator", "a state")},
        {Key::Zip, QT_TRANSLATE_NOOP("LeadValidator", "a ZIP code")},
        {Key::MailingStreet, QT_TRANSLATE_NOOP("LeadValidator", "a mailing street")},
        {Key::MailingCity, QT_TRANSLATE_NOOP("LeadValidator", "a mailing city")},
        {Key::MailingState, QT_TRANSLATE_NOOP("LeadValidator", "a mailing state")},
        {Key::MailingZip, QT_TRANSLATE_NOOP("LeadValidator", "a mailing ZIP code")},
        {Key::DecisionMaker, QT_TRANSLATE_NOOP("LeadValidator", "a decision maker")},
        {Key::Utility, QT_TRANSLATE_NOOP("LeadValidator", "a utility")},
        {Key::Campaign, QT_TRANSLATE_NOOP("LeadValidator", "a campaign")},
        {Key::TrustedForm, QT_TRANSLATE_NOOP("LeadValidator", "a TrustedForm certificate URL")},
        {Key::Jornaya, QT_TRANSLATE_NOOP("LeadValidator", "a Jornaya LeadiD")},
        {Key::Ip, QT_TRANSLATE_NOOP("LeadValidator", "an IP address")},
        {Key::SourceUrl, QT_TRANSLATE_NOOP("LeadValidator", "a source URL")},
        {Key::Consent, QT_TRANSLATE_NOOP("LeadValidator", "the consent answers")},
    };
    const char *phrase = phrases.value(key, nullptr);
    return phrase ? LeadValidator::tr(phrase) : key;
}

QString groupMessage(const QStringList &group)
{
    if (group.size() == 2)
        return LeadValidator::tr("Enter %1 or %2.").arg(fieldPhrase(group.at(0)), fieldPhrase(group.at(1)));
    QStringList phrases;
    for (const QString &key : group)
        phrases.append(fieldPhrase(key));
    return LeadValidator::tr("Enter at least one of: %1.").arg(phrases.join(u", "_s));
}

bool isMailingKey(const QString &key)
{
    return !serviceKeyFor(key).isEmpty();
}

// Whether a key counts as filled in for required/either-or checks, with the mailing address as it will be sent.
bool isFilled(const Lead &lead, const QString &key)
{
    if (key == Key::Consent)
        return !lead.consent.isEmpty();
    if (key == Key::ConsentRecordedAt)
        return lead.consentRecordedAt.isValid();
    return !lead.effectiveMailing(key).trimmed().isEmpty();
}

// A question quoted in a message: enough to recognise it, never a whole pasted document.
QString shortened(const QString &text)
{
    constexpr qsizetype MaxQuoted = 120;
    if (text.size() <= MaxQuoted)
        return text;
    // Never cut a surrogate pair in half.
    return text.left(text.at(MaxQuoted - 1).isHighSurrogate() ? MaxQuoted - 1 : MaxQuoted) + u'…';
}

FieldIssues consentIssues(const Lead &lead)
{
    if (lead.consent.isEmpty())
        return error(Key::Consent, LeadValidator::tr("Ask the consent questions and record the customer's answers."));
    FieldIssues issues;
    for (qsizetype i = 0; i < lead.consent.size(); ++i) {
        if (lead.consent.at(i).answer.trimmed().isEmpty()) {
            // One multi-argument arg(): a question containing "%1" must not swallow the number.
            issues += error(Key::Consent, LeadValidator::tr("Consent question %1 has no answer: \"%2\"")
                                              .arg(QString::number(i + 1), shortened(lead.consent.at(i).question)));
        }
    }
    return issues;
}

// The consent texts are stored with every submission and sent to nTherm (N3), whatever the vendor requires, so
// they are bounded and must be storable as sent (LeadValidator::MaxConsent*).
FieldIssues consentTextIssues(const Lead &lead)
{
    FieldIssues issues;
    if (lead.consent.size() > LeadValidator::MaxConsentEntries) {
        return error(Key::Consent,
                     LeadValidator::tr("A consent script has at most %1 questions (this one has %2).")
                         .arg(QString::number(LeadValidator::MaxConsentEntries), QString::number(lead.consent.size())));
    }
    for (qsizetype i = 0; i < lead.consent.size(); ++i) {
        const ConsentAnswer &entry = lead.consent.at(i);
        const QString number = QString::number(i + 1);
        if (!isValidUnicode(entry.question) || hasNul(entry.question)) {
            issues += error(Key::Consent, LeadValidator::tr("Consent question %1 contains a broken character or a NUL "
                                                            "(zero byte); correct the consent script.")
                                              .arg(number));
        } else if (entry.question.size() > LeadValidator::MaxConsentQuestionLength) {
            issues += error(Key::Consent, LeadValidator::tr("Consent question %1 has %2 characters; a question has at "
                                                            "most %3. Shorten it in the consent script.")
                                              .arg(number, QString::number(entry.question.size()),
                                                   QString::number(LeadValidator::MaxConsentQuestionLength)));
        }
        if (!isValidUnicode(entry.answer) || hasNul(entry.answer)) {
            issues += error(Key::Consent, LeadValidator::tr("The answer to consent question %1 contains a broken "
                                                            "character or a NUL (zero byte).")
                                              .arg(number));
        } else if (entry.answer.size() > LeadValidator::MaxConsentAnswerLength) {
            issues += error(Key::Consent, LeadValidator::tr("The answer to consent question %1 has %2 characters; an "
                                                            "answer has at most %3.")
                                              .arg(number, QString::number(entry.answer.size()),
                                                   QString::number(LeadValidator::MaxConsentAnswerLength)));
        }
    }
    return issues;
}

} // namespace

bool VendorRequirements::isRequired(const QString &key) const
{
    return required.contains(key);
}

FieldIssues LeadValidator::validateField(const Lead &lead, const QString &key, const QDate &today)
{
    // With "same as service" the mailing fields are copies: their issues are shown once, on the service fields.
    if (lead.mailingSameAsService && isMailingKey(key))
        return {};
    const QString value = lead.text(key);
    if (value.isEmpty())
        return {};
    // Before the field's own rule, whose message (an e-mail "is not an e-mail address") would not say what is wrong.
    if (FieldIssues broken = unstorableText(value, key); !broken.isEmpty())
        return broken;
    switch (ruleFor(key)) {
    case Rule::None:
        return {};
    case Rule::Name:
        return Rules::name(value, key);
    case Rule::Text:
        return Rules::text(value, key);
    case Rule::Phone:
        return Rules::phone(value, key);
    case Rule::Email:
        return Rules::email(value);
    case Rule::Dob:
        return Rules::dob(value, today);
    case Rule::State:
        return Rules::state(value, key);
    case Rule::Zip:
        return Rules::zip(value, key == Key::MailingZip ? lead.mailingState : lead.state, key);
    case Rule::Ip:
        return Rules::ip(value);
    case Rule::SourceUrl:
        return Rules::sourceUrl(value);
    case Rule::TrustedForm:
        return Rules::trustedFormCertUrl(value);
    case Rule::Jornaya:
        return Rules::jornayaLeadId(value);
    }
    return {};
}

FieldIssues LeadValidator::validate(const Lead &lead, const VendorRequirements &requirements, const QDate &today)
{
    FieldIssues issues;
    const QString required = tr("This field is required.");
    for (const QString &key : Lead::textKeys()) {
        if (requirements.isRequired(key) && !isFilled(lead, key)) {
            const QString serviceKey = serviceKeyFor(key);
            if (!lead.mailingSameAsService || serviceKey.isEmpty())
                issues += error(key, required);
            else if (!requirements.isRequired(serviceKey)) // otherwise the service field reports it itself
                issues += error(serviceKey, tr("This field is required (it is also the mailing address)."));
            continue;
        }
        issues += validateField(lead, key, today);
    }

    for (const QStringList &group : requirements.atLeastOneOf) {
        const bool anyFilled =
            std::any_of(group.cbegin(), group.cend(), [&lead](const QString &key) { return isFilled(lead, key); });
        if (anyFilled)
            continue;
        const QString message = groupMessage(group);
        for (const QString &key : group)
            issues += error(key, message);
    }

    if (requirements.consentRequired || (requirements.isRequired(Key::Consent) && lead.consent.isEmpty()))
        issues += consentIssues(lead);
    issues += consentTextIssues(lead);
    return issues;
}

} // namespace LeadRelay
