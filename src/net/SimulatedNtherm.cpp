// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimulatedNtherm.h"

#include "VendorSimulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// The simulator answers in the vendor's words, which are English; they are not translated.

bool isDigits(const QString &text, qsizetype count)
{
    if (text.size() != count)
        return false;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

bool isWebUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == u"http"_s || scheme == u"https"_s) && !url.host().isEmpty();
}

bool credentialsAccepted(const QByteArray &authorization)
{
    const QByteArray trimmed = authorization.trimmed();
    if (!trimmed.left(6).toLower().startsWith("basic "))
        return false;
    const auto decoded =
        QByteArray::fromBase64Encoding(trimmed.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QByteArray expected = QByteArray(VendorSimulator::TrainingUser) + ':' + VendorSimulator::TrainingPassword;
    return *decoded == expected;
}

} // namespace

bool SimulatedNtherm::isStateCode(const QString &code)
{
    static const QSet<QString> codes = [] {
        const QStringList list =
            u"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
            "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP"_s.split(u' ');
        return QSet<QString>(list.cbegin(), list.cend());
    }();
    return codes.contains(code);
}

QJsonObject SimulatedNtherm::errorBody(const QStringList &errors)
{
    QJsonArray list;
    for (const QString &error : errors)
        list.append(QJsonObject{{u"error"_s, error}});
    return QJsonObject{{u"success_bit"_s, false}, {u"message"_s, list}};
}

QJsonObject SimulatedNtherm::finalResult(const QString &phone)
{
    if (phone.endsWith(u'9'))
        return QJsonObject{{u"success_bit"_s, false},
                           {u"message"_s, u"Rejected after review: customer not eligible."_s},
                           {u"phone_number"_s, phone}};
    return QJsonObject{{u"success_bit"_s, true}, {u"message"_s, u"Lead sold."_s}, {u"phone_number"_s, phone}};
}

SimulatedNtherm::Answer SimulatedNtherm::handle(const QByteArray &authorization, const QByteArray &contentType,
                                                const QByteArray &body)
{
    Answer answer;
    if (!credentialsAccepted(authorization)) {
        answer.httpStatus = 401;
        answer.authChallenge = true;
        answer.body = errorBody({u"Unauthorized"_s});
        return answer;
    }
    if (!contentType.trimmed().toLower().startsWith("application/json")) {
        answer.httpStatus = 400;
        answer.body = errorBody({u"Content-Type must be application/json"_s});
        return answer;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        answer.httpStatus = 400;
        answer.body = errorBody({u"Request body must be a JSON object"_s});
        return answer;
    }
    const QJsonObject lead = document.object();

    QStringList errors;
    // A text field: present, a string, not blank. Returns the value, or a null string after noting the error.
    const auto text = [&](const QString &key, bool required = true) -> QString {
        const QJsonValue value = lead.value(key);
        if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().trimmed().isEmpty())) {
            if (required)
                errors << u"%1 is required"_s.arg(key);
            return {};
        }
        if (!value.isString()) {
            errors << u"%1 must be a string"_s.arg(key);
            return {};
        }
        return value.toString();
    };

    const QString phone = text(u"phone_number"_s);
    if (!phone.isNull() && !isDigits(phone, 10))
        errors << u"Invalid Characters: %1"_s.arg(phone);
    text(u"customer_name"_s);
    const QString state = text(u"state"_s);
    if (!state.isNull() && !isStateCode(state))
        errors << u"Invalid State Code (2 characters): %1"_s.arg(state);
    text(u"city"_s);
    const QString zip = text(u"zip"_s);
    if (!zip.isNull() && !isDigits(zip, 5))
        errors << u"Invalid Zip Code: %1"_s.arg(zip);

    const bool hasExtraData = lead.contains(u"extra_data"_s) && !lead.value(u"extra_data"_s).isNull();
    if (hasExtraData && !lead.value(u"extra_data"_s).isObject() && !lead.value(u"extra_data"_s).isArray())
        errors << u"extra_data must be a JSON object or array"_s;
    const QString certificate = text(u"certificate_url"_s, false);
    if (!certificate.isNull() && (certificate.size() > 500 || !isWebUrl(certificate)))
        errors << u"Certificate URL exceeds 500 characters, or not a valid URL %1"_s.arg(certificate);
    const QJsonValue certificateValue = lead.value(u"certificate_url"_s);
    const bool certificateWrongType =
        !certificateValue.isUndefined() && !certificateValue.isNull() && !certificateValue.isString();
    if (certificate.isNull() && !certificateWrongType && !hasExtraData)
        errors << u"certificate_url is required when extra_data is not provided"_s;

    // The field table says "street", the sample request "customer_address" (SPEC-DECISIONS N1): either will do.
    if (text(u"street"_s, false).isNull() && text(u"customer_address"_s, false).isNull())
        errors << u"street is required"_s;
    text(u"dm_name"_s);
    text(u"utility"_s);
    const QString callback = text(u"call_back_url"_s, false);
    if (!callback.isNull() && !isWebUrl(callback))
        errors << u"Invalid call back URL: %1"_s.arg(callback);
    text(u"mailing_street"_s);
    text(u"mailing_city"_s);
    const QString mailingZip = text(u"mailing_zip"_s);
    if (!mailingZip.isNull() && !isDigits(mailingZip, 5))
        errors << u"Invalid Mailing Zip Code: %1"_s.arg(mailingZip);
    const QString mailingState = text(u"mailing_state"_s);
    if (!mailingState.isNull() && !isStateCode(mailingState))
        errors << u"Invalid Mailing State Code: %1"_s.arg(mailingState);
    text(u"vendor_campaign_name"_s);
    const QString email = text(u"email"_s);
    if (!email.isNull() && (!email.contains(u'@') || email.startsWith(u'@') || email.endsWith(u'@')))
        errors << u"Invalid Email: %1"_s.arg(email);

    if (!errors.isEmpty()) {
        answer.httpStatus = 400;
        answer.body = errorBody(errors);
        return answer;
    }
    if (m_acceptedPhones.contains(phone)) {
        answer.httpStatus = 422;
        answer.body = errorBody({u"Phone number can not be sent to postLead at this time."_s});
        return answer;
    }
    m_acceptedPhones.insert(phone);
    answer.httpStatus = 200;
    answer.body = QJsonObject{{u"success_bit"_s, true}, {u"message"_s, u"Lead submitted successfully."_s}};
    if (!callback.isNull()) {
        answer.callbackUrl = QUrl(callback, QUrl::StrictMode);
        answer.callbackBody = finalResult(phone);
    }
    return answer;
}

} // namespace LeadRelay
