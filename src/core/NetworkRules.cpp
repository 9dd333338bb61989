// SPDX-License-Identifier: GPL-3.0-or-later
// Rules::ip and Rules::sourceUrl: what the vendor needs is where the consumer was on the internet.
#include "LeadValidator.h"
#include "RuleSupport.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

using namespace RuleSupport;

struct SpecialRange
{
    QPair<QHostAddress, int> subnet;
    const char *what; // completes "%1 is ..."
};

// Addresses that are never a consumer's public address. IPv4 ranges also cover IPv4-mapped IPv6 (checked as IPv4).
const std::vector<SpecialRange> &specialRanges()
{
    static const std::vector<SpecialRange> ranges = [] {
        const std::pair<const char *, const char *> table[] = {
            {"0.0.0.0/8", QT_TRANSLATE_NOOP("LeadValidator", "not a real address")},
            {"10.0.0.0/8", QT_TRANSLATE_NOOP("LeadValidator", "a private network address")},
            {"100.64.0.0/10", QT_TRANSLATE_NOOP("LeadValidator", "a carrier's shared address (CGNAT)")},
            {"127.0.0.0/8", QT_TRANSLATE_NOOP("LeadValidator", "this computer's own address (loopback)")},
            {"169.254.0.0/16", QT_TRANSLATE_NOOP("LeadValidator", "a link-local address")},
            {"172.16.0.0/12", QT_TRANSLATE_NOOP("LeadValidator", "a private network address")},
            {"192.0.2.0/24", QT_TRANSLATE_NOOP("LeadValidator", "an address reserved for examples")},
            {"192.168.0.0/16", QT_TRANSLATE_NOOP("LeadValidator", "a private network address")},
            {"198.18.0.0/15", QT_TRANSLATE_NOOP("LeadValidator", "an address reserved for testing")},
            {"198.51.100.0/24", QT_TRANSLATE_NOOP("LeadValidator", "an address reserved for examples")},
            {"203.0.113.0/24", QT_TRANSLATE_NOOP("LeadValidator", "an address reserved for examples")},
            {"224.0.0.0/4", QT_TRANSLATE_NOOP("LeadValidator", "a multicast address")},
            {"240.0.0.0/4", QT_TRANSLATE_NOOP("LeadValidator", "a reserved address")},
            {"::/128", QT_TRANSLATE_NOOP("LeadValidator", "not a real address")},
            {"::1/128", QT_TRANSLATE_NOOP("LeadValidator", "this computer's own address (loopback)")},
            {"fc00::/7", QT_TRANSLATE_NOOP("LeadValidator", "a private network address")},
            {"fe80::/10", QT_TRANSLATE_NOOP("LeadValidator", "a link-local address")},
            {"ff00::/8", QT_TRANSLATE_NOOP("LeadValidator", "a multicast address")},
            {"2001:db8::/32", QT_TRANSLATE_NOOP("LeadValidator", "an address reserved for examples")},
        };
        std::vector<SpecialRange> result;
        for (const auto &[subnet, what] : table)
            result.push_back({QHostAddress::parseSubnet(QString::fromLatin1(subnet)), what});
        return result;
    }();
    return ranges;
}

const char *specialKind(const QHostAddress &address)
{
    bool mapped = false;
    const quint32 ipv4 = address.toIPv4Address(&mapped);
    const QHostAddress checked = mapped ? QHostAddress(ipv4) : address;
    for (const SpecialRange &range : specialRanges()) {
        if (checked.isInSubnet(range.subnet))
            return range.what;
    }
    return nullptr;
}

bool isStrictIpv4(const QString &value)
{
    // QHostAddress also takes "127.1", "0x7f.0.0.1" and "010.0.0.1"; a vendor's parser may read those differently.
    static const QRegularExpression pattern(u"^(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}$"_s);
    if (!pattern.match(value).hasMatch())
        return false;
    const QList<QStringView> parts = QStringView(value).split(u'.');
    for (const QStringView part : parts) {
        if (part.toInt() > 255)
            return false;
    }
    return true;
}

} // namespace

FieldIssues Rules::ip(const QString &value)
{
    const QString &field = Key::Ip;
    if (value != value.trimmed() || hasWhitespace(value))
        return error(field, LeadValidator::tr("Remove the spaces from the IP address."));
    const QString example = LeadValidator::tr("This is not an IP address. Enter the customer's public IP address, "
                                              "e.g. 184.248.249.118.");
    QHostAddress address;
    if (value.contains(u':')) {
        if (value.contains(u'%'))
            return error(field, LeadValidator::tr("Remove the zone (the part from %) from the IPv6 address."));
        if (!address.setAddress(value) || address.protocol() != QAbstractSocket::IPv6Protocol)
            return error(field, example);
    } else if (!isStrictIpv4(value) || !address.setAddress(value)) {
        return error(field, example);
    }
    if (const char *kind = specialKind(address)) {
        return warning(field, LeadValidator::tr("%1 is %2, not the customer's public IP address. The vendor needs "
                                                "the address the customer used on the web form.")
                                  .arg(value, LeadValidator::tr(kind)));
    }
    return {};
}

FieldIssues Rules::sourceUrl(const QString &value)
{
    const QString &field = Key::SourceUrl;
    if (hasWhitespace(value))
        return error(field, LeadValidator::tr("A web address cannot contain spaces."));
    const QUrl url(value, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != u"https"_s && scheme != u"http"_s)) {
        return error(field, LeadValidator::tr("Enter the full address of the web page, starting with https://, e.g. "
                                              "https://www.example.com/form/."));
    }
    if (!url.host().contains(u'.')) {
        return error(field, LeadValidator::tr("The address must name a web site, e.g. "
                                              "https://www.example.com/form/."));
    }
    if (url.hasQuery()) {
        // BHM (B5): the page, without the query string.
        QUrl withoutQuery = url;
        withoutQuery.setQuery(QString());
        withoutQuery.setFragment(QString());
        return error(field, LeadValidator::tr("Remove the query string (from the ? on): the vendor wants the page "
                                              "address only, e.g. %1")
                                .arg(withoutQuery.toString()));
    }
    return {};
}

} // namespace LeadRelay
