// SPDX-License-Identifier: GPL-3.0-or-later
#include "TeamAdmin.h"

#include "HistoryBackend.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

TeamAdmin::TeamAdmin(const HistoryLocation &location)
    : m_location(location)
    , m_connectionName(u"leadrelay-team-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
}

TeamAdmin::~TeamAdmin()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool TeamAdmin::fail(const QString &what, const QString &detail)
{
    const QString plain = PostgresBackend(m_location).plainError(detail);
    m_error = plain.isEmpty() ? what : tr("%1: %2").arg(what, plain);
    return false;
}

const QStringList &TeamAdmin::roles()
{
    static const QStringList names{u"agent"_s, u"supervisor"_s, u"receiver"_s};
    return names;
}

bool TeamAdmin::isValidName(const QString &name)
{
    static const QRegularExpression pattern(u"^[a-z][a-z0-9._-]{0,62}$"_s);
    return pattern.match(name).hasMatch() && !name.startsWith(u"leadrelay_"_s) && !name.startsWith(u"pg_"_s);
}

bool TeamAdmin::connect()
{
    if (!m_location.isServer())
        return fail(tr("Team administration needs a team server (--db postgresql://...)"), {});
    if (!m_db.isValid())
        return fail(tr("Qt's database driver QPSQL is not installed (on Debian: libqt6sql6-psql)"), {});
    PostgresBackend backend(m_location);
    QString what;
    QString detail;
    if (!backend.connect(m_db, &what, &detail))
        return fail(what, detail);
    if (backend.role(m_db) != HistoryStore::Role::Owner)
        return fail(tr("%1 is one of the floor's logins; team administration is for the database's owner")
                        .arg(m_location.user()),
                    {});
    return true;
}

bool TeamAdmin::addUser(const QString &name, const QString &role, const QString &password)
{
    if (!isValidName(name))
        return fail(tr("\"%1\" cannot be a login name: use lower-case letters, digits, '.', '_' or '-', starting "
                       "with a letter (at most 63)")
                        .arg(name),
                    {});
    if (!roles().contains(role))
        return fail(tr("Unknown role \"%1\": use agent, supervisor or receiver").arg(role), {});
    if (password.size() < 12)
        return fail(tr("The password must be at least 12 characters long"), {});
    QSqlQuery exists(m_db);
    exists.prepare(u"SELECT 1 FROM pg_roles WHERE rolname = ?"_s);
    exists.addBindValue(name);
    if (!exists.exec())
        return fail(tr("Could not add %1").arg(name), exists.lastError().text());
    if (exists.next())
        return fail(tr("A login named %1 already exists on this server").arg(name), {});
    QSqlQuery build(m_db);
    build.prepare(u"SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', ?::text, ?::text, ?::text)"_s);
    build.addBindValue(name);
    build.addBindValue(password);
    build.addBindValue(QString(u"leadrelay_"_s + role));
    if (!build.exec() || !build.next())
        return fail(tr("Could not add %1").arg(name), build.lastError().text());
    QSqlQuery create(m_db);
    if (!create.exec(build.value(0).toString()))
        // The server's message may quote the statement, which holds the password: say only what failed.
        return fail(tr("Could not add %1 (the server refused to create the login; check that this login may "
                       "create roles)")
                        .arg(name),
                    {});
    return true;
}

std::optional<QList<TeamAdmin::User>> TeamAdmin::users()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT u.rolname, substr(g.rolname, 11), u.rolcanlogin FROM pg_auth_members m "
                    "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                    "WHERE g.rolname IN ('leadrelay_agent', 'leadrelay_supervisor', 'leadrelay_receiver') "
                    "ORDER BY 2, 1"_s)) {
        fail(tr("Could not list the team's logins"), query.lastError().text());
        return std::nullopt;
    }
    QList<User> result;
    while (query.next())
        result.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toBool()});
    return result;
}

} // namespace LeadRelay
