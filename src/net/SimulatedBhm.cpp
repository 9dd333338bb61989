// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimulatedBhm.h"

#include "SimulatedNtherm.h"
#include "VendorSimulator.h"

#include <QDate>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// The simulator answers in the vendor's words, which are English; they are not translated.

QString phoneDigits(const QString &phone)
{
    QString digits;
    for (const QChar c : phone) {
        if (c >= u'0' && c <= u'9')
            digits.append(c);
    }
    return digits;
}

// The four formats the document lists: 3105551212, (310) 555-1212, 310-555-1212, 310.555.1212.
bool isDocumentedPhone(const QString &phone)
{
    static const QRegularExpression pattern(
        uR"(^(?:\d{10}|\(\d{3}\) \d{3}-\d{4}|\d{3}-\d{3}-\d{4}|\d{3}\.\d{3}\.\d{4})$)"_s);
    return pattern.match(phone).hasMatch() && phoneDigits(phone).size() == 10;
}

bool isEmail(const QString &email)
{
    static const QRegularExpression pattern(uR"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"_s);
    return pattern.match(email).hasMatch();
}

bool isSourceUrl(const QString &source)
{
    const QUrl url(source, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == u"http"_s || scheme == u"https"_s) && !url.host().isEmpty() && !url.hasQuery() &&
           !url.hasFragment();
}

bool authorised(const QJsonValue &xauth)
{
    const QJsonObject object = xauth.toObject();
    const QJsonValue affiliate = object.value(u"affiliateid"_s);
    // B1: an INT; a string of digits is not what the document asks for.
    return xauth.isObject() && affiliate.isDouble() && affiliate.toDouble() == VendorSimulator::TrainingAffiliateId &&
           object.value(u"key"_s).toString() == QLatin1String(VendorSimulator::TrainingKey);
}

} // namespace

QJsonObject SimulatedBhm::notValidated(const QStringList &errors)
{
    return QJsonObject{
        {u"validated"_s, 0},
        {u"accepted"_s, 0},
        {u"sold"_s, 0},
        {u"disposition"_s, QJsonValue::Null},
        {u"messages"_s, QJsonArray{u"Energy Dereg Lead could not be validated"_s}},
        {u"errors"_s, QJsonArray{QJsonArray::fromStringList(errors)}},
    };
}

SimulatedBhm::Answer SimulatedBhm::handle(const QByteArray &contentType, const QByteArray &body)
{
    Answer answer;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject root = document.object();
    if (parseError.error != QJsonParseError::NoError || !document.isObject() ||
        !contentType.trimmed().toLower().startsWith("application/json")) {
        // Not something the endpoint can read at all: a client bug, so a 400 rather than a validation answer.
        answer.httpStatus = 400;
        answer.body = notValidated({u"Request must be a JSON object sent as application/json"_s});
        return answer;
    }
    if (!authorised(root.value(u"xauth"_s))) {
        answer.httpStatus = 401;
        answer.body = notValidated({u"Invalid authorization"_s});
        return answer;
    }
    if (!root.value(u"transaction"_s).isObject()) {
        answer.httpStatus = 400;
        answer.body = notValidated({u"transaction is required and must be an object"_s});
        return answer;
    }
    const QJsonObject transaction = root.value(u"transaction"_s).toObject();

    QStringList errors;
    const auto text = [&](const QString &key, const QString &label, bool required) -> QString {
        const QJsonValue value = transaction.value(key);
        if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().trimmed().isEmpty())) {
            if (required)
                errors << u"%1 (required): can not be blank"_s.arg(label);
            return {};
        }
        if (!value.isString()) {
            errors << u"%1: must be a string"_s.arg(label);
            return {};
        }
        return value.toString();
    };

    text(u"firstname"_s, u"First Name"_s, true);
    const QString lastName = text(u"lastname"_s, u"Last Name"_s, true);
    const QString email = text(u"email"_s, u"Email"_s, true);
    if (!email.isNull() && !isEmail(email))
        errors << u"Email: invalid format"_s;
    const QString phone = text(u"phone"_s, u"Phone"_s, true);
    if (!phone.isNull() && !isDocumentedPhone(phone))
        errors << u"Phone: must be a valid phone number with 10 digits"_s;
    text(u"address"_s, u"Address"_s, true);
    text(u"city"_s, u"City"_s, false);
    const QString state = text(u"state"_s, u"State"_s, false);
    if (!state.isNull() && !SimulatedNtherm::isStateCode(state))
        errors << u"State: must be a 2-letter state abbreviation"_s;
    // B2: a 5-character string; the sample's integer 89002 is refused here on purpose.
    if (transaction.value(u"zip"_s).isDouble()) {
        errors << u"Zip: must be a 5-character string"_s;
    } else {
        const QString zip = text(u"zip"_s, u"Zip"_s, true);
        if (!zip.isNull() && !QRegularExpression(u"^\\d{5}$"_s).match(zip).hasMatch())
            errors << u"Zip: must be a 5-character string"_s;
    }
    const QString dob = text(u"dob"_s, u"Dob"_s, false);
    if (!dob.isNull() && !QDate::fromString(dob, Qt::ISODate).isValid())
        errors << u"Dob: must be in the format YYYY-MM-DD"_s;
    const QString ip = text(u"ip"_s, u"IP"_s, true);
    if (!ip.isNull() && QHostAddress(ip).isNull())
        errors << u"IP: must be an IPv4 or IPv6 address"_s;
    const QString source = text(u"source"_s, u"Source"_s, true);
    if (!source.isNull() && !isSourceUrl(source))
        errors << u"Source: must be a fully qualified URL without query string"_s;
    text(u"sub1"_s, u"Sub1"_s, true);
    for (int i = 2; i <= 5; ++i)
        text(u"sub%1"_s.arg(i), u"Sub%1"_s.arg(i), false);
    const QString trustedForm = text(u"trustedformcertid"_s, u"TrustedFormCertId"_s, false);
    const QString jornaya = text(u"jornayaleadid"_s, u"JornayaLeadId"_s, false);
    if (trustedForm.isNull() && jornaya.isNull())
        errors << u"TrustedFormCertId or JornayaLeadId (required): at least one must be given"_s;

    if (!errors.isEmpty()) {
        // Validation failures are answers about the lead, not HTTP errors: 200 with validated = 0.
        answer.body = notValidated(errors);
        return answer;
    }

    if (lastName.compare(u"Reject"_s, Qt::CaseInsensitive) == 0) {
        answer.body = QJsonObject{
            {u"validated"_s, 1},
            {u"accepted"_s, 0},
            {u"sold"_s, 0},
            {u"disposition"_s, u"Duplicate lead"_s},
            {u"messages"_s, QJsonArray{u"Lead was not accepted"_s}},
            {u"errors"_s, QJsonArray{}},
        };
        return answer;
    }
    const bool sold = !transaction.value(u"zip"_s).toString().endsWith(u'0');
    answer.body = QJsonObject{
        {u"validated"_s, 1},
        {u"accepted"_s, 1},
        {u"sold"_s, sold ? 1 : 0},
        {u"disposition"_s, sold ? QJsonValue(QJsonValue::Null) : QJsonValue(u"No buyer available"_s)},
        {u"messages"_s, QJsonArray{}},
        {u"errors"_s, QJsonArray{}},
        {u"transactionid"_s, m_nextTransactionId++},
        {u"leadid"_s, m_nextLeadId++},
    };
    return answer;
}

} // namespace LeadRelay
