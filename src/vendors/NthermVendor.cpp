// SPDX-License-Identifier: GPL-3.0-or-later
#include "NthermVendor.h"

#include "TolerantJson.h"
#include "VendorAnswer.h"
#include "VendorsLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

bool hasAnsweredConsent(const Lead &lead)
{
    return std::any_of(lead.consent.cbegin(), lead.consent.cend(),
                       [](const ConsentAnswer &entry) { return !entry.answer.trimmed().isEmpty(); });
}

bool isUsableCallbackUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty() && (url.scheme() == u"https" || url.scheme() == u"http");
}

} // namespace

QString NthermVendor::id() const
{
    return u"ntherm"_s;
}

QString NthermVendor::displayName() const
{
    return u"nTherm"_s;
}

QUrl NthermVendor::productionEndpoint() const
{
    return QUrl(u"https://api.ntherm.com/v1/postLead"_s);
}

VendorRequirements NthermVendor::requirements() const
{
    VendorRequirements requirements;
    requirements.required = {Key::Phone,    Key::FirstName,     Key::LastName,    Key::Street,        Key::City,
                             Key::State,    Key::Zip,           Key::Email,       Key::DecisionMaker, Key::Utility,
                             Key::Campaign, Key::MailingStreet, Key::MailingCity, Key::MailingState,  Key::MailingZip};
    // "Certificate URL or consent answers" (N2) is not an either-or of two text fields; validate() checks it.
    return requirements;
}

FieldIssues NthermVendor::validate(const Lead &lead, const QDate &today) const
{
    // LeadValidator already counts the mailing fields as filled when "same as service" is ticked (it checks the
    // address as it will be sent), so the mailing requirement needs nothing extra here.
    VendorRequirements requirements = this->requirements();
    // Consent answers that are sent (N3: always, when recorded) must each be an explicit answer.
    requirements.consentRequired = !lead.consent.isEmpty();
    FieldIssues issues = LeadValidator::validate(lead, requirements, today);

    const QString certUrl = lead.trustedFormCertUrl.trimmed();
    if (certUrl.isEmpty() && !hasAnsweredConsent(lead)) {
        // N2, shown on both places the agent can fix it, like an either-or group.
        const QString message = tr("nTherm needs a TrustedForm certificate URL or the customer's consent answers.");
        issues.append({Key::TrustedForm, Severity::Error, message});
        issues.append({Key::Consent, Severity::Error, message});
    }
    // N9. The core rule has the same limit for every vendor; nTherm's own limit must hold even if that changes.
    if (certUrl.size() > MaxCertificateUrlChars && !hasErrors(issuesFor(issues, Key::TrustedForm))) {
        issues.append({Key::TrustedForm, Severity::Error,
                       tr("nTherm accepts a certificate URL of at most %1 characters; this one has %2.")
                           .arg(MaxCertificateUrlChars)
                           .arg(certUrl.size())});
    }
    return issues;
}

QString NthermVendor::checkAccount(const VendorAccount &account) const
{
    if (account.user.trimmed().isEmpty())
        return tr("The nTherm account has no user name.");
    if (account.user.contains(u':'))
        return tr("The nTherm user name must not contain a colon (HTTP Basic authentication cannot carry it).");
    if (account.secret.isEmpty())
        return tr("The nTherm account has no password.");
    return {};
}

HttpRequest NthermVendor::buildRequest(const Lead &lead, const VendorAccount &account, const QUrl &callbackUrl) const
{
    QJsonArray questions;
    QJsonArray answers;
    for (const ConsentAnswer &entry : lead.consent) {
        questions.append(entry.question.trimmed());
        answers.append(entry.answer.trimmed());
    }

    const QString street = lead.street.trimmed();
    QJsonObject body{
        {u"phone_number"_s, phoneDigits(lead.phone)},
        {u"customer_name"_s, QString(lead.firstName.trimmed() + u' ' + lead.lastName.trimmed()).trimmed()},
        {u"state"_s, lead.state.trimmed().toUpper()},
        {u"city"_s, lead.city.trimmed()},
        {u"zip"_s, zip5(lead.zip)},
        // N1: the field table says "street", the sample "customer_address"; both carry the service street.
        {u"street"_s, street},
        {u"customer_address"_s, street},
        {u"dm_name"_s, lead.decisionMaker.trimmed()},
        {u"utility"_s, lead.utility.trimmed()},
        {u"mailing_street"_s, lead.effectiveMailing(Key::MailingStreet).trimmed()},
        {u"mailing_city"_s, lead.effectiveMailing(Key::MailingCity).trimmed()},
        {u"mailing_state"_s, lead.effectiveMailing(Key::MailingState).trimmed().toUpper()},
        {u"mailing_zip"_s, zip5(lead.effectiveMailing(Key::MailingZip))},
        {u"vendor_campaign_name"_s, lead.campaign.trimmed()},
        {u"email"_s, lead.email.trimmed()},
        // N3: always this exact shape, also when a certificate URL is sent.
        {u"extra_data"_s, QJsonArray{QJsonObject{{u"questions"_s, questions}}, QJsonObject{{u"answers"_s, answers}}}},
    };
    // N2: without a certificate URL the consent answers stand in for it; an empty "certificate_url" would only
    // invite a "not a valid URL" rejection, so the key is left out.
    const QString certUrl = lead.trustedFormCertUrl.trimmed();
    if (!certUrl.isEmpty())
        body.insert(u"certificate_url"_s, certUrl);
    // N2: without a callback receiver the final result is never reported; the history records that.
    if (isUsableCallbackUrl(callbackUrl))
        body.insert(u"call_back_url"_s, callbackUrl.toString(QUrl::FullyEncoded));

    HttpRequest request;
    request.method = QByteArrayLiteral("POST");
    request.url = account.endpoint.isEmpty() ? productionEndpoint() : account.endpoint;
    const QByteArray credentials = QString(account.user + u':' + account.secret).toUtf8();
    request.headers = {
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")},
        {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Basic ") + credentials.toBase64()},
    };
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

QString NthermVendor::redactedCallbackUrl(const QString &url)
{
    QString base = url;
    qsizetype cutAt = base.indexOf(u'#');
    if (cutAt >= 0)
        base.truncate(cutAt);
    bool hadQuery = false;
    cutAt = base.indexOf(u'?');
    if (cutAt >= 0) {
        base.truncate(cutAt);
        hadQuery = true;
    }
    const qsizetype schemeEnd = base.indexOf(u"://");
    const qsizetype pathStart = schemeEnd < 0 ? -1 : base.indexOf(u'/', schemeEnd + 3);
    if (pathStart >= 0) {
        while (base.size() > pathStart + 1 && base.endsWith(u'/'))
            base.chop(1);
        const qsizetype lastSlash = base.lastIndexOf(u'/');
        if (lastSlash >= pathStart && lastSlash + 1 < base.size())
            base = base.left(lastSlash + 1) + u"[redacted]"_s;
    }
    if (hadQuery)
        base += u"?[redacted]"_s;
    return base;
}

HttpRequest NthermVendor::redacted(const HttpRequest &request) const
{
    HttpRequest copy = request;
    for (auto &[name, value] : copy.headers) {
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0 ||
            name.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0) {
            const qsizetype space = value.indexOf(' ');
            value = space > 0 ? QByteArray(value.left(space) + " [redacted]") : QByteArrayLiteral("[redacted]");
        }
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error == QJsonParseError::NoError && document.isObject()) {
        QJsonObject body = document.object();
        const QJsonValue callback = body.value(u"call_back_url"_s);
        if (callback.isString()) {
            body.insert(u"call_back_url"_s, redactedCallbackUrl(callback.toString()));
            copy.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
    } else if (!request.body.isEmpty()) {
        // Not a body this adapter built: it cannot be shown to hold no token.
        copy.body = QByteArrayLiteral("[redacted: unreadable body]");
    }
    return copy;
}

QString NthermVendor::fieldForError(const QString &errorText)
{
    const QString text = errorText.trimmed();
    const auto startsWith = [&text](QLatin1String prefix) { return text.startsWith(prefix, Qt::CaseInsensitive); };
    // The mailing variant first: "Invalid State Code" is not a prefix of it, but keep the order obvious.
    if (startsWith("Invalid Mailing State Code"_L1))
        return Key::MailingState;
    if (startsWith("Invalid State Code"_L1))
        return Key::State;
    if (startsWith("Certificate URL"_L1))
        return Key::TrustedForm;
    if (startsWith("Invalid Characters"_L1) || startsWith("Phone number"_L1))
        return Key::Phone;
    return {};
}

FieldIssues NthermVendor::fieldIssuesFor(const QStringList &errorTexts)
{
    FieldIssues issues;
    for (const QString &text : errorTexts) {
        const QString field = fieldForError(text);
        if (!field.isEmpty())
            issues.append({field, Severity::Error, tr("nTherm: %1").arg(text)});
    }
    return issues;
}

Outcome NthermVendor::parseResponse(int httpStatus, const QByteArray &body) const
{
    const std::optional<QJsonDocument> document = parseTolerantJson(body);
    const QJsonObject object = document && document->isObject() ? document->object() : QJsonObject();
    const bool readable = document && document->isObject();
    const std::optional<bool> success = VendorAnswer::flag(object.value(u"success_bit"_s));
    const QStringList texts = VendorAnswer::texts(object.value(u"message"_s));

    Outcome outcome;
    outcome.httpStatus = httpStatus;
    outcome.rawBody = body;

    if (VendorAnswer::isAccountStatus(httpStatus)) {
        // N8: bad credentials are not the lead's fault, whatever the body says.
        outcome.state = OutcomeState::AccountError;
        outcome.final = true;
        outcome.messages = QStringList{VendorAnswer::accountProblem(displayName(), httpStatus)} + texts;
        outcome.unparsable = !readable && !body.trimmed().isEmpty();
        return outcome;
    }

    const bool errorList = object.value(u"message"_s).isArray() && !texts.isEmpty();
    const bool clientError = httpStatus >= 400 && httpStatus < 500;
    if (success == false || (!success.has_value() && clientError && errorList)) {
        outcome.state = OutcomeState::Rejected;
        outcome.final = true;
        outcome.messages = texts;
        if (outcome.messages.isEmpty())
            outcome.messages.append(tr("nTherm rejected the lead without giving a reason."));
        outcome.fieldIssues = fieldIssuesFor(texts);
        return outcome;
    }

    if (success == true && VendorAnswer::isSuccessStatus(httpStatus)) {
        // N6: preliminary; the callback brings the final (billable) result.
        outcome.state = OutcomeState::Accepted;
        outcome.final = false;
        outcome.messages = texts;
        return outcome;
    }

    if (success == true) {
        // Acceptance in the body, failure in the status: neither can be trusted, so nobody resends blindly.
        outcome.state = OutcomeState::DeliveryUnknown;
        outcome.messages = QStringList{tr("nTherm's answer contradicts itself (HTTP %1 with success). Check with "
                                          "nTherm before resubmitting.")
                                           .arg(httpStatus)} +
                           texts;
        return outcome;
    }

    Outcome unknown = VendorAnswer::unreadable(httpStatus, body);
    unknown.messages += texts;
    return unknown;
}

Outcome NthermVendor::parseCallback(const QByteArray &body) const
{
    const std::optional<QJsonDocument> document = parseTolerantJson(body);
    const QJsonObject object = document && document->isObject() ? document->object() : QJsonObject();
    const std::optional<bool> success = VendorAnswer::flag(object.value(u"success_bit"_s));
    const QStringList texts = VendorAnswer::texts(object.value(u"message"_s));

    Outcome outcome;
    outcome.rawBody = body;
    outcome.messages = texts;
    if (success == true) {
        // nTherm has no separate "sold" flag: its final acceptance is the event it bills for, so it is recorded
        // as billable (unlike BHM, where only sold = 1 is, B7).
        outcome.state = OutcomeState::Accepted;
        outcome.final = true;
        outcome.billable = true;
    } else if (success == false) {
        outcome.state = OutcomeState::Rejected;
        outcome.final = true;
        if (outcome.messages.isEmpty())
            outcome.messages.append(tr("nTherm rejected the lead after accepting it first, without giving a reason."));
        outcome.fieldIssues = fieldIssuesFor(texts);
    } else {
        // The callback's shape is undocumented (N6): keep the preliminary acceptance as it was, not final, and
        // flag the raw body for a person to read.
        outcome.state = OutcomeState::Accepted;
        outcome.final = false;
        outcome.unparsable = true;
        outcome.messages.prepend(tr("nTherm sent a final result LeadRelay could not read; it is kept as received."));
        qCInfo(lcVendors) << "unreadable nTherm callback," << body.size() << "bytes";
    }
    return outcome;
}

} // namespace LeadRelay
