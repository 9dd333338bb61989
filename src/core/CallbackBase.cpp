// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallbackBase.h"

#include <QCoreApplication>
#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

bool isLoopbackHost(const QString &host)
{
    if (host.isEmpty())
        return false;
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    QHostAddress address(host);
    if (address.isNull())
        return false;
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped); // also ::ffff:127.0.0.1
    if (mapped)
        address = QHostAddress(v4);
    return address.isLoopback();
}

QString callbackBaseProblem(const QUrl &url)
{
    if (url.isEmpty() || !url.isValid())
        return QCoreApplication::translate(
            "CallbackBase", "The callback base is not a valid web address; enter e.g. https://callbacks.example.com.");
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https"_s && scheme != u"http"_s)
        return QCoreApplication::translate(
            "CallbackBase", "The callback base must start with https://, e.g. https://callbacks.example.com.");
    if (url.host().isEmpty())
        return QCoreApplication::translate(
            "CallbackBase", "The callback base has no server name; enter e.g. https://callbacks.example.com.");
    if (url.hasQuery() || url.hasFragment())
        return QCoreApplication::translate("CallbackBase",
                                           "The callback base cannot have a query (?) or a fragment (#).");
    if (!url.userInfo().isEmpty())
        return QCoreApplication::translate("CallbackBase", "The callback base cannot carry a user name or password.");
    if (scheme == u"http"_s && !isLoopbackHost(url.host()))
        return QCoreApplication::translate(
            "CallbackBase",
            "The callback base must use https://: each callback address carries a secret token that lets "
            "whoever reads it set that lead's final result, so it must not cross the network in clear. "
            "Plain http:// is allowed only for this computer (localhost, 127.0.0.1, ::1), for training.");
    return {};
}

} // namespace LeadRelay
