// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HistoryLocation.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>

#include <optional>

namespace LeadRelay
{

// Administration of a team server by the database's owner (`leadrelay-cli team`): the floor's logins. The
// schema, roles and policies come with the history's migrations (HistoryDialect::teamStep), applied when the
// owner opens the history.
class TeamAdmin
{
    Q_DECLARE_TR_FUNCTIONS(TeamAdmin)

public:
    struct User
    {
        QString name;
        QString role; // agent, supervisor or receiver
        bool canLogin = false;
    };

    explicit TeamAdmin(const HistoryLocation &location);
    ~TeamAdmin();
    TeamAdmin(const TeamAdmin &) = delete;
    TeamAdmin &operator=(const TeamAdmin &) = delete;

    bool connect();
    QString lastError() const { return m_error; }

    static const QStringList &roles(); // agent, supervisor, receiver
    // A login name LeadRelay accepts: lower-case letters, digits, '.', '_' and '-', starting with a letter.
    static bool isValidName(const QString &name);
    // A new login in one of the roles. The password travels as a bound value and the statement is built by the
    // server's own quoting (format %I %L), so no name or password can become SQL.
    bool addUser(const QString &name, const QString &role, const QString &password);
    std::optional<QList<User>> users();

private:
    bool fail(const QString &what, const QString &detail);

    HistoryLocation m_location;
    QString m_connectionName;
    QSqlDatabase m_db;
    QString m_error;
};

} // namespace LeadRelay
