// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The floor's logins on the test cluster, for tests that check with raw SQL what the database lets each role do.
#include "StoreTestSupport.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace LeadRelay::StoreTest
{

inline const QString Password = u"correct horse battery"_s;

// A connection as one of the floor's logins, by password over the test cluster's socket.
class Login
{
public:
    Login(const QString &database, const QString &user, const QString &password = Password)
        : m_name(u"login-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        const HistoryLocation server = HistoryLocation::parse(serverUri(database));
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
        db.setHostName(server.host());
        db.setPort(server.port());
        db.setDatabaseName(database);
        db.setUserName(user);
        db.setPassword(password);
        m_open = db.open();
        m_error = db.lastError().text();
    }
    ~Login()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }
    // Rows affected, or -1 when the server refused the statement.
    int exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql)) {
            m_error = query.lastError().text();
            return -1;
        }
        return query.isSelect() ? (query.next() ? query.value(0).toInt() : 0) : query.numRowsAffected();
    }

private:
    QString m_name;
    bool m_open = false;
    QString m_error;
};

inline QString uriAs(const QString &database, const QString &user)
{
    return serverUri(database).replace(u"postgres@"_s, user + u'@');
}

} // namespace LeadRelay::StoreTest
