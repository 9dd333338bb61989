// SPDX-License-Identifier: GPL-3.0-or-later
#include "BrightHorizonsVendor.h"

#include "TolerantJson.h"
#include "VendorAnswer.h"
#include "VendorsLog.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// Affiliate ids are JSON integers (B1); more digits than this would not survive a JSON double exactly.
constexpr qsizetype MaxAffiliateIdDigits = 15;

bool isAllDigits(const QString &text)
{
    return !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

// BHM's fields (and the words its error texts start with) → LeadRelay's lead keys.
const QHash<QString, QString> &errorWordToKey()
{
    static const QHash<QString, QString> table{
        {u"firstname"_s, Key::FirstName},
        {u"first"_s, Key::FirstName},
        {u"lastname"_s, Key::LastName},
        {u"last"_s, Key::LastName},
        {u"email"_s, Key::Email},
        {u"phone"_s, Key::Phone},
        {u"address"_s, Key::Street},
        {u"street"_s, Key::Street},
        {u"city"_s, Key::City},
        {u"state"_s, Key::State},
        {u"zip"_s, Key::Zip},
        {u"zipcode"_s, Key::Zip},
        {u"dob"_s, Key::Dob},
        {u"ip"_s, Key::Ip},
        {u"source"_s, Key::SourceUrl},
        {u"sub1"_s, Key::Sub1},
        {u"sub2"_s, Key::Sub2},
        {u"sub3"_s, Key::Sub3},
        {u"sub4"_s, Key::Sub4},
        {u"sub5"_s, Key::Sub5},
        {u"trustedformcertid"_s, Key::TrustedForm},
        {u"trustedform"_s, Key::TrustedForm},
        {u"jornayaleadid"_s, Key::Jornaya},
        {u"jornaya"_s, Key::Jornaya},
    };
    return table;
}

bool mentionsInvalidAuthorization(const QStringList &texts)
{
    return std::any_of(texts.cbegin(), texts.cend(), [](const QString &text) {
        return text.contains(u"Invalid authorization"_s, Qt::CaseInsensitive);
    });
}

} // namespace

QString BrightHorizonsVendor::id() const
{
    return u"bhm"_s;
}

QString BrightHorizonsVendor::displayName() const
{
    return u"Bright Horizons Media"_s;
}

QUrl BrightHorizonsVendor::productionEndpoint() const
{
    // B1: the trailing slash is part of the documented path.
    return QUrl(u"https://api.brighthorizonsmedia.com/post/energy/"_s);
}

VendorRequirements BrightHorizonsVendor::requirements() const
{
    VendorRequirements requirements;
    // B5: ip, source and sub1 are required by BHM; the account pre-fills source and sub1, nothing is invented.
    requirements.required = {Key::FirstName, Key::LastName, Key::Email,     Key::Phone, Key::Street,
                             Key::Zip,       Key::Ip,       Key::SourceUrl, Key::Sub1};
    requirements.atLeastOneOf = {{Key::TrustedForm, Key::Jornaya}}; // B6
    return requirements;
}

QString BrightHorizonsVendor::checkAccount(const VendorAccount &account) const
{
    const QString affiliateId = account.user.trimmed();
    if (affiliateId.isEmpty())
        return tr("The Bright Horizons Media account has no affiliate id.");
    if (!isAllDigits(affiliateId))
        return tr("The Bright Horizons Media affiliate id must be a number (digits only).");
    if (affiliateId.size() > MaxAffiliateIdDigits)
        return tr("The Bright Horizons Media affiliate id is too long.");
    if (account.secret.trimmed().isEmpty())
        return tr("The Bright Horizons Media account has no API key.");
    return {};
}

HttpRequest BrightHorizonsVendor::buildRequest(const Lead &lead, const VendorAccount &account, const QUrl &) const
{
    QJsonObject xauth;
    const QString affiliateId = account.user.trimmed();
    if (isAllDigits(affiliateId) && affiliateId.size() <= MaxAffiliateIdDigits)
        xauth.insert(u"affiliateid"_s, affiliateId.toLongLong()); // B1: a JSON integer
    else
        xauth.insert(u"affiliateid"_s, affiliateId); // checkAccount() reports it; sent as typed, never guessed
    xauth.insert(u"key"_s, account.secret.trimmed());

    QJsonObject transaction{
        {u"firstname"_s, lead.firstName.trimmed()},
        {u"lastname"_s, lead.lastName.trimmed()},
        {u"email"_s, lead.email.trimmed()},    // B4
        {u"phone"_s, phoneDigits(lead.phone)}, // B3
        {u"address"_s, lead.street.trimmed()},
        {u"zip"_s, zip5(lead.zip)}, // B2: a string, leading zeros kept
        {u"ip"_s, lead.ip.trimmed()},
        {u"source"_s, lead.sourceUrl.trimmed()},
        // The sample sends every sub field, empty ones as "".
        {u"sub1"_s, lead.sub1.trimmed()},
        {u"sub2"_s, lead.sub2.trimmed()},
        {u"sub3"_s, lead.sub3.trimmed()},
        {u"sub4"_s, lead.sub4.trimmed()},
        {u"sub5"_s, lead.sub5.trimmed()},
    };
    // City and state are optional: BHM derives them from the ZIP, which beats an empty string.
    const auto insertIfSet = [&transaction](const QString &key, const QString &value) {
        if (!value.isEmpty())
            transaction.insert(key, value);
    };
    insertIfSet(u"city"_s, lead.city.trimmed());
    insertIfSet(u"state"_s, lead.state.trimmed().toUpper());
    insertIfSet(u"dob"_s, lead.dob.trimmed());
    // B6: both when both are known; an empty one is left out rather than sent as "".
    insertIfSet(u"trustedformcertid"_s, lead.trustedFormCertUrl.trimmed());
    insertIfSet(u"jornayaleadid"_s, lead.jornayaLeadId.trimmed().toUpper());

    HttpRequest request;
    request.method = QByteArrayLiteral("POST");
    request.url = account.endpoint.isEmpty() ? productionEndpoint() : account.endpoint;
    request.headers = {
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json; charset=utf-8")},
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")},
    };
    request.body =
        QJsonDocument(QJsonObject{{u"xauth"_s, xauth}, {u"transaction"_s, transaction}}).toJson(QJsonDocument::Compact);
    return request;
}

HttpRequest BrightHorizonsVendor::redacted(const HttpRequest &request) const
{
    HttpRequest copy = request;
    for (auto &[name, value] : copy.headers) {
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0 ||
            name.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0)
            value = QByteArrayLiteral("[redacted]");
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error == QJsonParseError::NoError && document.isObject()) {
        QJsonObject body = document.object();
        QJsonObject xauth = body.value(u"xauth"_s).toObject();
        if (xauth.contains(u"key"_s)) {
            xauth.insert(u"key"_s, u"[redacted]"_s);
            body.insert(u"xauth"_s, xauth);
            copy.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
    } else if (!request.body.isEmpty()) {
        // The key lives in the body: a body this adapter cannot read cannot be shown to be free of it.
        copy.body = QByteArrayLiteral("[redacted: unreadable body]");
    }
    return copy;
}

QString BrightHorizonsVendor::fieldForError(const QString &errorText)
{
    const QString text = errorText.trimmed();
    qsizetype end = 0;
    while (end < text.size() && (text.at(end).isLetterOrNumber() || text.at(end) == u'_'))
        ++end;
    QString word = text.left(end).toLower();
    word.remove(u'_'); // "first_name" and "firstname" alike
    return errorWordToKey().value(word);
}

Outcome BrightHorizonsVendor::parseResponse(int httpStatus, const QByteArray &body) const
{
    const std::optional<QJsonDocument> document = parseTolerantJson(body);
    const bool readable = document && document->isObject();
    const QJsonObject object = readable ? document->object() : QJsonObject();

    const QStringList errors = VendorAnswer::texts(object.value(u"errors"_s)); // B8: flat or nested lists
    QStringList messages = errors;
    messages += VendorAnswer::texts(object.value(u"messages"_s));
    messages += VendorAnswer::texts(object.value(u"disposition"_s));

    Outcome outcome;
    outcome.httpStatus = httpStatus;
    outcome.rawBody = body;
    outcome.vendorTransactionId = VendorAnswer::idText(object.value(u"transactionid"_s));
    outcome.vendorLeadId = VendorAnswer::idText(object.value(u"leadid"_s));
    outcome.messages = messages;
    for (const QString &text : errors) {
        const QString field = fieldForError(text);
        if (!field.isEmpty())
            outcome.fieldIssues.append({field, Severity::Error, tr("Bright Horizons Media: %1").arg(text)});
    }

    if (VendorAnswer::isAccountStatus(httpStatus) || mentionsInvalidAuthorization(messages)) {
        outcome.state = OutcomeState::AccountError;
        outcome.final = true;
        outcome.messages.prepend(VendorAnswer::isAccountStatus(httpStatus)
                                     ? VendorAnswer::accountProblem(displayName(), httpStatus)
                                     : tr("Bright Horizons Media did not accept the account's affiliate id or API "
                                          "key: check the account in the settings. The lead itself was not judged."));
        outcome.unparsable = !readable && !body.trimmed().isEmpty();
        return outcome;
    }
    if (!readable)
        return VendorAnswer::unreadable(httpStatus, body);

    // B9: the body decides, whatever the status.
    const std::optional<bool> validated = VendorAnswer::flag(object.value(u"validated"_s));
    const std::optional<bool> accepted = VendorAnswer::flag(object.value(u"accepted"_s));
    const std::optional<bool> sold = VendorAnswer::flag(object.value(u"sold"_s));
    outcome.final = true;
    if (validated == false) {
        outcome.state = OutcomeState::Invalid;
        if (outcome.messages.isEmpty())
            outcome.messages.append(tr("Bright Horizons Media could not validate the lead and gave no reason."));
    } else if (sold == true) {
        outcome.state = OutcomeState::Sold; // B7: the only billable answer
        outcome.billable = true;
    } else if (accepted == true) {
        outcome.state = OutcomeState::AcceptedNotSold;
    } else if (accepted == false) {
        outcome.state = OutcomeState::Rejected;
        if (outcome.messages.isEmpty())
            outcome.messages.append(tr("Bright Horizons Media did not accept the lead and gave no reason."));
    } else {
        Outcome unknown = VendorAnswer::unreadable(httpStatus, body);
        unknown.messages += outcome.messages;
        unknown.vendorLeadId = outcome.vendorLeadId;
        unknown.vendorTransactionId = outcome.vendorTransactionId;
        return unknown;
    }
    return outcome;
}

Outcome BrightHorizonsVendor::parseCallback(const QByteArray &body) const
{
    // BHM answers once and never calls back; whatever arrives is kept for a person to look at and changes nothing.
    Outcome outcome;
    outcome.state = OutcomeState::DeliveryUnknown;
    outcome.final = false;
    outcome.unparsable = true;
    outcome.rawBody = body;
    outcome.messages.append(tr("Bright Horizons Media does not send results later; this message was kept as "
                               "received and changes nothing."));
    return outcome;
}

} // namespace LeadRelay
