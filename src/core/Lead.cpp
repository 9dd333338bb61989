// SPDX-License-Identifier: GPL-3.0-or-later
#include "Lead.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

struct TextField
{
    const QString &key;
    QString Lead::*member;
};

// The one table behind textKeys()/text()/setText(), in LEAD-FORMAT.md order.
const std::array<TextField, 27> &textFields()
{
    static const std::array<TextField, 27> fields{{
        {Key::FirstName, &Lead::firstName},
        {Key::LastName, &Lead::lastName},
        {Key::Phone, &Lead::phone},
        {Key::Email, &Lead::email},
        {Key::Dob, &Lead::dob},
        {Key::Street, &Lead::street},
        {Key::City, &Lead::city},
        {Key::State, &Lead::state},
        {Key::Zip, &Lead::zip},
        {Key::MailingStreet, &Lead::mailingStreet},
        {Key::MailingCity, &Lead::mailingCity},
        {Key::MailingState, &Lead::mailingState},
        {Key::MailingZip, &Lead::mailingZip},
        {Key::DecisionMaker, &Lead::decisionMaker},
        {Key::Utility, &Lead::utility},
        {Key::Campaign, &Lead::campaign},
        {Key::TrustedForm, &Lead::trustedFormCertUrl},
        {Key::Jornaya, &Lead::jornayaLeadId},
        {Key::Ip, &Lead::ip},
        {Key::SourceUrl, &Lead::sourceUrl},
        {Key::Sub1, &Lead::sub1},
        {Key::Sub2, &Lead::sub2},
        {Key::Sub3, &Lead::sub3},
        {Key::Sub4, &Lead::sub4},
        {Key::Sub5, &Lead::sub5},
        {Key::ConsentScript, &Lead::consentScript},
        {Key::Agent, &Lead::agent},
    }};
    return fields;
}

// Looked up on every keystroke by the form and the validator, hence a hash rather than a scan.
QString Lead::*memberFor(const QString &key)
{
    static const QHash<QString, QString Lead::*> members = [] {
        QHash<QString, QString Lead::*> result;
        for (const TextField &field : textFields())
            result.insert(field.key, field.member);
        return result;
    }();
    return members.value(key, nullptr);
}

QString formatRecordedAt(const QDateTime &at)
{
    if (!at.isValid())
        return {};
    // The literal Z in the format is only true for UTC, so convert first.
    return at.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss"_s) + u'Z';
}

void appendUnicodeEscape(QByteArray &out, char16_t c)
{
    out += "\\u";
    out += QByteArray::number(c, 16).rightJustified(4, '0');
}

// JSON string literal with the escapes RFC 8259 requires; other text stays as UTF-8, surrogate pairs encoded
// together. Two exceptions keep read -> write -> read exact: U+FEFF is escaped because Qt's JSON reader drops it
// as a byte-order mark where a string starts with it, and an unpaired surrogate (never from the reader, which
// refuses it; possibly from memory) is escaped because UTF-8 cannot carry it.
void appendJsonText(QByteArray &out, const QString &value)
{
    out += '"';
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char16_t c = value.at(i).unicode();
        switch (c) {
        case u'"':
            out += "\\\"";
            break;
        case u'\\':
            out += "\\\\";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\r':
            out += "\\r";
            break;
        case u'\t':
            out += "\\t";
            break;
        case u'\b':
            out += "\\b";
            break;
        case u'\f':
            out += "\\f";
            break;
        case 0xFEFF:
            appendUnicodeEscape(out, c);
            break;
        default:
            if (c < 0x20) {
                appendUnicodeEscape(out, c);
            } else if (QChar::isHighSurrogate(c) && i + 1 < value.size() && value.at(i + 1).isLowSurrogate()) {
                out += QStringView(value).mid(i, 2).toUtf8();
                ++i;
            } else if (QChar::isSurrogate(c)) {
                appendUnicodeEscape(out, c);
            } else {
                out += QStringView(value).mid(i, 1).toUtf8();
            }
        }
    }
    out += '"';
}

void appendMember(QByteArray &out, const QString &key, const QString &value, bool last = false)
{
    out += "  ";
    appendJsonText(out, key);
    out += ": ";
    appendJsonText(out, value);
    out += last ? "\n" : ",\n";
}

QString wrongType(const QString &key, const char *what)
{
    return Lead::tr("\"%1\" must be %2").arg(key, Lead::tr(what));
}

// JSON can spell an unpaired surrogate ("\ud800") that no UTF-8 text holds: the vendor would be sent a replacement
// character while the history kept the original, and writing the lead back would not read the same.
QString invalidUnicode(const QString &where)
{
    return Lead::tr("%1 is not valid Unicode text (it holds an unpaired surrogate such as \\ud800); retype it")
        .arg(where);
}

QString quoted(const QString &key)
{
    return u'"' + key + u'"';
}

// The writer has four-digit years only; a time that falls outside them in UTC would be written in a form this
// reader refuses (and a draft saved like that would be set aside as broken on the next start).
bool hasFourDigitYear(const QDateTime &utc)
{
    const int year = utc.date().year();
    return year >= 1 && year <= 9999;
}

} // namespace

const QStringList &Lead::textKeys()
{
    static const QStringList keys = [] {
        QStringList result;
        for (const TextField &field : textFields())
            result.append(field.key);
        return result;
    }();
    return keys;
}

QString Lead::text(const QString &key) const
{
    const auto member = memberFor(key);
    return member ? this->*member : QString();
}

bool Lead::setText(const QString &key, const QString &value)
{
    const auto member = memberFor(key);
    if (!member)
        return false;
    this->*member = value;
    return true;
}

QString Lead::effectiveMailing(const QString &mailingKey) const
{
    if (mailingSameAsService) {
        if (mailingKey == Key::MailingStreet)
            return street;
        if (mailingKey == Key::MailingCity)
            return city;
        if (mailingKey == Key::MailingState)
            return state;
        if (mailingKey == Key::MailingZip)
            return zip;
    }
    return text(mailingKey);
}

bool Lead::isEmpty() const
{
    // The checkbox and the consent questions (filled in from the script) are not something the agent typed.
    for (const TextField &field : textFields()) {
        if (!(this->*field.member).isEmpty())
            return false;
    }
    for (const ConsentAnswer &entry : consent) {
        if (!entry.answer.isEmpty())
            return false;
    }
    return !consentRecordedAt.isValid();
}

QJsonObject Lead::toJson() const
{
    QJsonObject object;
    object.insert(Key::Format, FormatVersion);
    for (const TextField &field : textFields())
        object.insert(field.key, this->*field.member);
    object.insert(Key::MailingSame, mailingSameAsService);
    QJsonArray answers;
    for (const ConsentAnswer &entry : consent)
        answers.append(QJsonObject{{u"question"_s, entry.question}, {u"answer"_s, entry.answer}});
    object.insert(Key::Consent, answers);
    object.insert(Key::ConsentRecordedAt, formatRecordedAt(consentRecordedAt));
    return object;
}

QByteArray Lead::toJsonBytes() const
{
    // QJsonObject sorts its keys; files people read and diff keep LEAD-FORMAT.md order instead.
    QByteArray out;
    out.reserve(1536);
    out += "{\n  \"format\": ";
    out += QByteArray::number(FormatVersion);
    out += ",\n";
    for (const TextField &field : textFields()) {
        if (&field.key == &Key::MailingStreet) {
            out += "  \"mailing_same_as_service\": ";
            out += mailingSameAsService ? "true,\n" : "false,\n";
        }
        if (&field.key == &Key::ConsentScript) {
            out += "  \"consent\": [";
            for (qsizetype i = 0; i < consent.size(); ++i) {
                out += i == 0 ? "\n    {\"question\": " : ",\n    {\"question\": ";
                appendJsonText(out, consent.at(i).question);
                out += ", \"answer\": ";
                appendJsonText(out, consent.at(i).answer);
                out += '}';
            }
            out += consent.isEmpty() ? "],\n" : "\n  ],\n";
        }
        appendMember(out, field.key, this->*field.member, &field.key == &Key::Agent);
        if (&field.key == &Key::ConsentScript)
            appendMember(out, Key::ConsentRecordedAt, formatRecordedAt(consentRecordedAt));
    }
    out += "}\n";
    return out;
}

LeadReadResult leadFromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return {std::nullopt, Lead::tr("Malformed JSON at byte %1: %2")
                                  .arg(QString::number(parseError.offset), parseError.errorString())};
    }
    if (!document.isObject())
        return {std::nullopt, Lead::tr("A lead must be a JSON object")};
    return leadFromJsonObject(document.object());
}

LeadReadResult leadFromJsonObject(const QJsonObject &object)
{
    Lead lead;
    QStringList errors;

    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        if (key == Key::Format) {
            // An integral JSON number only: 1.5 or "1" are not a format version. The range check comes first
            // because converting a huge double to int is undefined.
            const double number = value.toDouble();
            if (!value.isDouble() || !(std::abs(number) < 1e9) || std::floor(number) != number) {
                errors << wrongType(key, QT_TRANSLATE_NOOP("Lead", "a whole number"));
            } else if (static_cast<int>(number) != Lead::FormatVersion) {
                errors << Lead::tr("Lead format %1 is not supported (this version reads format %2)")
                              .arg(QString::number(static_cast<int>(number)), QString::number(Lead::FormatVersion));
            }
        } else if (const auto member = memberFor(key)) {
            if (!value.isString())
                errors << wrongType(key, QT_TRANSLATE_NOOP("Lead", "a string"));
            else if (const QString text = value.toString(); !QStringView(text).isValidUtf16())
                errors << invalidUnicode(quoted(key));
            else
                lead.*member = text;
        } else if (key == Key::MailingSame) {
            if (value.isBool())
                lead.mailingSameAsService = value.toBool();
            else
                errors << wrongType(key, QT_TRANSLATE_NOOP("Lead", "true or false"));
        } else if (key == Key::ConsentRecordedAt) {
            if (!value.isString()) {
                errors << wrongType(key, QT_TRANSLATE_NOOP("Lead", "a string"));
                continue;
            }
            const QString text = value.toString();
            if (text.isEmpty())
                continue;
            QDateTime at = QDateTime::fromString(text, Qt::ISODate);
            if (!at.isValid() || at.timeSpec() == Qt::LocalTime) {
                // Without Z or an offset the time would depend on the reader's time zone.
                errors << Lead::tr("\"%1\" must be a UTC date and time like 2026-11-22T17:04:05Z").arg(key);
                continue;
            }
            at = at.toUTC();
            if (!hasFourDigitYear(at)) {
                errors << Lead::tr("\"%1\" must fall between the years 1 and 9999 in UTC").arg(key);
                continue;
            }
            // The file format has whole seconds; dropping milliseconds keeps reading and writing symmetric.
            at.setTime(QTime(at.time().hour(), at.time().minute(), at.time().second()));
            lead.consentRecordedAt = at;
        } else if (key == Key::Consent) {
            if (!value.isArray()) {
                errors << wrongType(key, QT_TRANSLATE_NOOP("Lead", "a list of questions and answers"));
                continue;
            }
            const QJsonArray entries = value.toArray();
            for (qsizetype i = 0; i < entries.size(); ++i) {
                if (!entries.at(i).isObject()) {
                    errors
                        << Lead::tr("consent entry %1 must be an object with \"question\" and \"answer\"").arg(i + 1);
                    continue;
                }
                ConsentAnswer entry;
                const QJsonObject entryObject = entries.at(i).toObject();
                for (auto e = entryObject.constBegin(); e != entryObject.constEnd(); ++e) {
                    QString *target = e.key() == u"question"_s ? &entry.question
                                      : e.key() == u"answer"_s ? &entry.answer
                                                               : nullptr;
                    // One multi-argument arg(): a key containing "%1" must not take the entry number's place.
                    const QString number = QString::number(i + 1);
                    if (!target) {
                        errors << Lead::tr("unknown key \"%1\" in consent entry %2").arg(e.key(), number);
                    } else if (!e.value().isString()) {
                        errors << Lead::tr("\"%1\" of consent entry %2 must be a string").arg(e.key(), number);
                    } else if (const QString text = e.value().toString(); !QStringView(text).isValidUtf16()) {
                        errors << invalidUnicode(Lead::tr("\"%1\" of consent entry %2").arg(e.key(), number));
                    } else {
                        *target = text;
                    }
                }
                lead.consent.append(entry);
            }
        } else {
            errors << Lead::tr("unknown key \"%1\"").arg(key);
        }
    }

    if (!errors.isEmpty())
        return {std::nullopt, errors.join(u"; "_s)};
    return {lead, {}};
}

} // namespace LeadRelay
