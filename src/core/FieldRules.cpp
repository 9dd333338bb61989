// SPDX-License-Identifier: GPL-3.0-or-later
// Rules:: for e-mail, date of birth, names and free text, TrustedForm and Jornaya identifiers.
// Phone, state and ZIP are in PhoneRules.cpp and UsGeography.cpp; IP and URL in NetworkRules.cpp.
#include "LeadValidator.h"
#include "RuleSupport.h"

#include <QHash>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

using namespace RuleSupport;

constexpr qsizetype MaxNameLength = 100;
constexpr qsizetype MaxTextLength = 255;
constexpr qsizetype MaxEmailLength = 254;          // RFC 5321 path limit
constexpr qsizetype MaxCertificateUrlLength = 500; // nTherm (N9)
constexpr int AdultAge = 18;
constexpr int OldestAge = 120;

FieldIssues surroundingSpaces(const QString &value, const QString &field)
{
    // Values sent as typed: a pasted trailing space or line break must not reach the vendor.
    if (value != value.trimmed())
        return error(field, LeadValidator::tr("Remove the spaces before or after the value."));
    if (hasWhitespace(value))
        return error(field, LeadValidator::tr("This value cannot contain spaces."));
    return {};
}

bool isValidDomain(QStringView domain)
{
    static const QRegularExpression label(u"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$"_s);
    const QList<QStringView> labels = domain.split(u'.');
    if (labels.size() < 2)
        return false;
    for (const QStringView part : labels) {
        if (part.isEmpty() || part.size() > 63)
            return false;
        // Non-ASCII domains are legal but rare; they must be sent as punycode (xn--), so only ASCII passes.
        if (!label.match(part).hasMatch())
            return false;
    }
    const QStringView topLevel = labels.last();
    return topLevel.size() >= 2 && !topLevel.front().isDigit();
}

// Misspellings of the big providers that agents hear and type often; a warning, since some are real domains.
QString likelyMeant(const QString &domain)
{
    static const QHash<QString, QString> typos{
        {u"gmial.com"_s, u"gmail.com"_s},    {u"gmai.com"_s, u"gmail.com"_s},      {u"gamil.com"_s, u"gmail.com"_s},
        {u"gnail.com"_s, u"gmail.com"_s},    {u"gmail.con"_s, u"gmail.com"_s},     {u"gmail.co"_s, u"gmail.com"_s},
        {u"gmail.cm"_s, u"gmail.com"_s},     {u"yahoo.con"_s, u"yahoo.com"_s},     {u"yaho.com"_s, u"yahoo.com"_s},
        {u"yahooo.com"_s, u"yahoo.com"_s},   {u"hotmail.con"_s, u"hotmail.com"_s}, {u"hotmial.com"_s, u"hotmail.com"_s},
        {u"hotmal.com"_s, u"hotmail.com"_s}, {u"outlok.com"_s, u"outlook.com"_s},  {u"aol.con"_s, u"aol.com"_s},
        {u"icloud.con"_s, u"icloud.com"_s},
    };
    return typos.value(domain.toLower());
}

bool isLineBreakOrTab(QChar ch)
{
    switch (ch.unicode()) {
    case u'\t':
    case u'\n':
    case u'\v':
    case u'\f':
    case u'\r':
    case 0x0085: // NEL
        return true;
    default:
        return ch.category() == QChar::Separator_Line || ch.category() == QChar::Separator_Paragraph;
    }
}

} // namespace

FieldIssues RuleSupport::unstorableText(const QString &value, const QString &field)
{
    if (!isValidUnicode(value)) {
        return error(field, LeadValidator::tr("This contains a broken character (half of a Unicode surrogate pair) "
                                              "that cannot be sent as it is stored. Retype the value."));
    }
    if (hasNul(value)) {
        return error(field, LeadValidator::tr("Remove the NUL character (an invisible zero byte, usually pasted in "
                                              "from another program) from this field."));
    }
    return {};
}

FieldIssues RuleSupport::controlCharacter(const QString &value, const QString &field)
{
    if (FieldIssues broken = unstorableText(value, field); !broken.isEmpty())
        return broken;
    for (const QChar ch : value) {
        if (isLineBreakOrTab(ch))
            return error(field, LeadValidator::tr("Remove the tab or line break from this field."));
        if (ch.category() == QChar::Other_Control) {
            return error(field, LeadValidator::tr("Remove the invisible control character U+%1 from this field.")
                                    .arg(QString::number(ch.unicode(), 16).toUpper().rightJustified(4, u'0')));
        }
    }
    return {};
}

FieldIssues Rules::email(const QString &value)
{
    const QString &field = Key::Email;
    if (FieldIssues spaces = surroundingSpaces(value, field); !spaces.isEmpty())
        return spaces;
    if (hasControlCharacter(value) || value.size() > MaxEmailLength)
        return error(field, LeadValidator::tr("This is not an e-mail address, e.g. john.doe@example.com."));
    if (value.count(u'@') != 1)
        return error(field, LeadValidator::tr("An e-mail address has exactly one @, e.g. john.doe@example.com."));
    const qsizetype at = value.indexOf(u'@');
    const QString local = value.left(at);
    const QString domain = value.mid(at + 1);
    if (local.isEmpty() || local.startsWith(u'.') || local.endsWith(u'.') || local.contains(u".."_s))
        return error(field, LeadValidator::tr("The part before the @ is not valid, e.g. john.doe@example.com."));
    if (!isValidDomain(domain)) {
        return error(field, LeadValidator::tr("The part after the @ must be a domain like example.com (this one is "
                                              "\"%1\").")
                                .arg(domain));
    }
    if (const QString meant = likelyMeant(domain); !meant.isEmpty())
        return warning(field, LeadValidator::tr("Did you mean %1@%2? Check the spelling.").arg(local, meant));
    return {};
}

FieldIssues Rules::dob(const QString &value, const QDate &today)
{
    const QString &field = Key::Dob;
    static const QRegularExpression pattern(u"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"_s);
    const QRegularExpressionMatch match = pattern.match(value);
    if (!match.hasMatch())
        return error(field, LeadValidator::tr("Write the date of birth as YYYY-MM-DD, e.g. 1980-04-02."));
    const QDate date(match.capturedView(1).toInt(), match.capturedView(2).toInt(), match.capturedView(3).toInt());
    if (!date.isValid())
        return error(field, LeadValidator::tr("%1 is not a real date. Check the day and the month.").arg(value));
    if (!today.isValid())
        return {};
    if (date > today)
        return error(field, LeadValidator::tr("The date of birth is in the future."));
    if (date > today.addYears(-AdultAge)) {
        return error(field, LeadValidator::tr("The customer must be at least %1 years old (born on %2 or earlier).")
                                .arg(AdultAge)
                                .arg(today.addYears(-AdultAge).toString(Qt::ISODate)));
    }
    if (date < today.addYears(-OldestAge)) {
        return error(field,
                     LeadValidator::tr("This date of birth is more than %1 years ago. Check the year.").arg(OldestAge));
    }
    return {};
}

FieldIssues Rules::trustedFormCertUrl(const QString &value)
{
    const QString &field = Key::TrustedForm;
    if (value.size() > MaxCertificateUrlLength) {
        return error(field, LeadValidator::tr("A certificate URL has at most %1 characters (this one has %2).")
                                .arg(MaxCertificateUrlLength)
                                .arg(value.size()));
    }
    if (FieldIssues spaces = surroundingSpaces(value, field); !spaces.isEmpty())
        return spaces;
    const QString example = u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s;
    const QUrl url(value, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        return error(field,
                     LeadValidator::tr("This is not a TrustedForm certificate URL. It looks like %1.").arg(example));
    }
    const QString host = url.host(); // QUrl lower-cases host names
    if (host == u"ping.trustedform.com"_s) {
        return warning(field, LeadValidator::tr("This is a ping URL, not a certificate. Use the certificate URL, "
                                                "which starts with https://cert.trustedform.com/."));
    }
    const bool staging = host == u"cert.staging.trustedform.com"_s;
    if (!staging && host != u"cert.trustedform.com"_s) {
        return error(field, LeadValidator::tr("This is not a TrustedForm certificate URL: it must start with "
                                              "https://cert.trustedform.com/."));
    }
    if (url.scheme() != u"https"_s)
        return error(field, LeadValidator::tr("The certificate URL must start with https://."));
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty() || url.port() != -1) {
        return error(
            field, LeadValidator::tr("The certificate URL must be only https://%1/ and the certificate id.").arg(host));
    }
    static const QRegularExpression plainId(u"^/[A-Za-z0-9_-]+$"_s);
    static const QRegularExpression facebookId(u"^/0\\.[A-Za-z0-9._-]+$"_s);
    const QString path = url.path();
    const qsizetype idLength = path.size() - 1;
    const bool validId =
        facebookId.match(path).hasMatch() || (plainId.match(path).hasMatch() && (idLength == 40 || idLength == 80));
    if (!validId) {
        return error(field, LeadValidator::tr("The certificate id after %1/ must be 40 or 80 letters, digits, - or _ "
                                              "(this one has %2 characters).")
                                .arg(host, QString::number(qMax<qsizetype>(idLength, 0))));
    }
    if (staging) {
        return warning(field, LeadValidator::tr("This is a staging (test) certificate, not one for a real lead."));
    }
    return {};
}

FieldIssues Rules::jornayaLeadId(const QString &value)
{
    static const QRegularExpression pattern(
        u"^[A-Za-z0-9]{8}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{12}$"_s);
    if (FieldIssues spaces = surroundingSpaces(value, Key::Jornaya); !spaces.isEmpty())
        return spaces;
    if (!pattern.match(value).hasMatch()) {
        return error(Key::Jornaya, LeadValidator::tr("A Jornaya LeadiD has 36 characters like "
                                                     "01234567-89AB-CDEF-0123-456789ABCDEF (this one has %1).")
                                       .arg(value.size()));
    }
    return {};
}

FieldIssues Rules::name(const QString &value, const QString &field)
{
    if (FieldIssues control = controlCharacter(value, field); !control.isEmpty())
        return control;
    if (value.trimmed().isEmpty())
        return error(field, LeadValidator::tr("Enter a name, not only spaces."));
    if (value.size() > MaxNameLength)
        return error(field, LeadValidator::tr("A name has at most %1 characters.").arg(MaxNameLength));
    for (const QChar ch : value) {
        if (ch.isDigit())
            return warning(field, LeadValidator::tr("Names rarely contain digits. Check the spelling."));
    }
    return {};
}

FieldIssues Rules::text(const QString &value, const QString &field)
{
    if (FieldIssues control = controlCharacter(value, field); !control.isEmpty())
        return control;
    if (value.trimmed().isEmpty())
        return error(field, LeadValidator::tr("Enter a value, not only spaces."));
    if (value.size() > MaxTextLength)
        return error(field, LeadValidator::tr("This field has at most %1 characters.").arg(MaxTextLength));
    return {};
}

} // namespace LeadRelay
