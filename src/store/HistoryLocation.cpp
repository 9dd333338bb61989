// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryLocation.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QString translate(const char *text)
{
    return QCoreApplication::translate("LeadRelay::HistoryLocation", text);
}

const QStringList &sslModes()
{
    static const QStringList modes{u"disable"_s, u"allow"_s,     u"prefer"_s,
                                   u"require"_s, u"verify-ca"_s, u"verify-full"_s};
    return modes;
}

} // namespace

bool HistoryLocation::looksLikeServer(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.startsWith(u"postgresql://"_s, Qt::CaseInsensitive) ||
           trimmed.startsWith(u"postgres://"_s, Qt::CaseInsensitive);
}

HistoryLocation HistoryLocation::parse(const QString &text)
{
    HistoryLocation location;
    if (!looksLikeServer(text)) {
        location.m_path = text;
        if (text.trimmed().isEmpty())
            location.m_error = translate("No history given: choose a file or a team server.");
        return location;
    }
    location.m_kind = Kind::Server;
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid()) {
        location.m_error = translate("The team server address is not a valid postgresql:// address.");
        return location;
    }
    location.m_host = url.host();
    location.m_port = url.port(5432);
    location.m_user = url.userName();
    location.m_password = url.password();
    location.m_database = url.path().mid(1);
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"host"_s) {
            location.m_host = value;
        } else if (key == u"port"_s) {
            bool ok = false;
            location.m_port = value.toInt(&ok);
            if (!ok || location.m_port <= 0 || location.m_port > 65535)
                location.m_error = translate("The port of the team server must be a number from 1 to 65535.");
        } else if (key == u"user"_s) {
            location.m_user = value;
        } else if (key == u"dbname"_s) {
            location.m_database = value;
        } else if (key == u"sslmode"_s) {
            if (!sslModes().contains(value))
                location.m_error =
                    translate("Unknown TLS mode \"%1\": use one of %2.").arg(value, sslModes().join(u", "_s));
            location.m_sslMode = value;
        } else if (key == u"connect_timeout"_s) {
            location.m_connectTimeout = qBound(1, value.toInt(), 300);
        } else {
            location.m_error = translate("The team server address has an option LeadRelay does not know: %1.").arg(key);
        }
    }
    if (location.m_error.isEmpty() && location.m_database.isEmpty())
        location.m_error = translate("The team server address names no database (postgresql://user@host/DATABASE).");
    return location;
}

HistoryLocation HistoryLocation::server(const QString &host, int port, const QString &database, const QString &user,
                                        const QString &sslMode)
{
    HistoryLocation location;
    location.m_kind = Kind::Server;
    location.m_host = host.trimmed();
    location.m_port = port;
    location.m_database = database.trimmed();
    location.m_user = user.trimmed();
    location.m_sslMode = sslMode;
    if (location.m_database.isEmpty())
        location.m_error = translate("Give the name of the team database.");
    else if (port <= 0 || port > 65535)
        location.m_error = translate("The port of the team server must be a number from 1 to 65535.");
    else if (!sslMode.isEmpty() && !sslModes().contains(sslMode))
        location.m_error = translate("Unknown TLS mode \"%1\": use one of %2.").arg(sslMode, sslModes().join(u", "_s));
    return location;
}

QString HistoryLocation::connectOptions() const
{
    QStringList options{u"connect_timeout=%1"_s.arg(m_connectTimeout), u"application_name=leadrelay"_s};
    if (!m_sslMode.isEmpty())
        options.prepend(u"sslmode="_s + m_sslMode);
    return options.join(u';');
}

QString HistoryLocation::display() const
{
    if (m_kind == Kind::File)
        return m_path;
    const QString where = m_host.isEmpty() || m_host.startsWith(u'/') ? u"localhost"_s : m_host;
    const QString who = m_user.isEmpty() ? QString() : m_user + u'@';
    return u"%1%2:%3/%4"_s.arg(who, where).arg(m_port).arg(m_database);
}

QString HistoryLocation::uri() const
{
    if (m_kind == Kind::File)
        return m_path;
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(m_user);
    url.setPath(u"/"_s + m_database);
    QUrlQuery query;
    if (m_host.startsWith(u'/'))
        query.addQueryItem(u"host"_s, m_host);
    else
        url.setHost(m_host);
    if (m_port != 5432) {
        if (m_host.startsWith(u'/'))
            query.addQueryItem(u"port"_s, QString::number(m_port));
        else
            url.setPort(m_port);
    }
    if (!m_sslMode.isEmpty())
        query.addQueryItem(u"sslmode"_s, m_sslMode);
    url.setQuery(query);
    QString text = url.toString(QUrl::FullyEncoded);
    // QUrl writes "postgresql:/db" for an empty host; libpq wants the empty authority kept.
    if (url.host().isEmpty() && !text.startsWith(u"postgresql://"_s))
        text.replace(0, int(qstrlen("postgresql:")), u"postgresql://"_s);
    return text;
}

QString HistoryLocation::localKey() const
{
    const QByteArray identity =
        (m_host + u'\n' + QString::number(m_port) + u'\n' + m_database + u'\n' + m_user).toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(16));
}

} // namespace LeadRelay
