// SPDX-License-Identifier: GPL-3.0-or-later
#include "Vendor.h"

#include "BrightHorizonsVendor.h"
#include "NthermVendor.h"

#include <QRegularExpression>

namespace LeadRelay
{

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray HttpRequest::toText() const
{
    QByteArray text = method + ' ' + url.toEncoded() + '\n';
    for (const auto &[key, value] : headers)
        text += key + ": " + value + '\n';
    text += '\n';
    text += body;
    return text;
}

FieldIssues Vendor::validate(const Lead &lead, const QDate &today) const
{
    return LeadValidator::validate(lead, requirements(), today);
}

QString Vendor::checkAccount(const VendorAccount &account) const
{
    Q_UNUSED(account);
    return {};
}

QString Vendor::phoneDigits(const QString &phone)
{
    const QString normalized = normalizedPhone(phone);
    if (!normalized.isEmpty())
        return normalized;
    QString digits;
    for (const QChar c : phone) {
        if (c >= u'0' && c <= u'9')
            digits.append(c);
    }
    if (digits.size() == 11 && digits.startsWith(u'1'))
        digits.remove(0, 1);
    return digits;
}

QString Vendor::zip5(const QString &zip)
{
    static const QRegularExpression zipPattern(QStringLiteral("^(\\d{5})(?:-?\\d{4})?$"));
    const QString trimmed = zip.trimmed();
    const QRegularExpressionMatch match = zipPattern.match(trimmed);
    return match.hasMatch() ? match.captured(1) : trimmed;
}

const Vendor *vendorById(const QString &id)
{
    const auto vendors = allVendors();
    for (const Vendor *vendor : vendors) {
        if (vendor->id() == id)
            return vendor;
    }
    return nullptr;
}

QList<const Vendor *> allVendors()
{
    // Function-local statics: built on first use, thread-safe, alive until the program ends.
    static const NthermVendor ntherm;
    static const BrightHorizonsVendor brightHorizons;
    return {&ntherm, &brightHorizons};
}

} // namespace LeadRelay
