// SPDX-License-Identifier: GPL-3.0-or-later
// The PostgreSQL backend: one history for the whole floor on a team server.
#include "HistoryBackend.h"
#include "HistorySchema.h"
#include "StoreLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

const QString NotifyChannel = u"leadrelay_history"_s;

bool containsAny(const QString &text, const QStringList &needles)
{
    for (const QString &needle : needles) {
        if (text.contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// A desk's liveness on the server: a session-level advisory lock on its writer id, held for as long as its
// connection lives. The server drops it when the desk's process dies or its connection ends, so another desk
// (or the same desk restarted) can tell a dead writer's "sending" rows from a live one's.
class ServerWriterLock : public WriterLiveness
{
public:
    explicit ServerWriterLock(QSqlDatabase db)
        : m_db(std::move(db))
    {}
    ~ServerWriterLock() override
    {
        if (m_writerId.isEmpty())
            return;
        // A store closing normally stops vouching for rows it left "sending" (as a desk's lock file is removed
        // on a clean close): they fall under the time rule instead of being declared interrupted at once.
        QSqlQuery release(m_db);
        release.prepare(u"UPDATE submissions SET writer_id = '' WHERE writer_id = ? AND state = 'sending'"_s);
        release.addBindValue(m_writerId);
        release.exec();
    }

    bool acquire() override
    {
        const QString id = QUuid::createUuid().toString(QUuid::Id128);
        QSqlQuery lock(m_db);
        lock.prepare(u"SELECT pg_try_advisory_lock(hashtextextended(?, 0))"_s);
        lock.addBindValue(key(id));
        if (!lock.exec() || !lock.next() || !lock.value(0).toBool()) {
            qCWarning(lcStore) << "No writer lock on the team server: crash recovery waits for its time rule";
            return false;
        }
        m_writerId = id;
        return true;
    }

    Liveness liveness(const QString &writerId) const override
    {
        if (writerId.isEmpty())
            return Liveness::Unknown;
        if (writerId == m_writerId)
            return Liveness::Alive;
        QSqlQuery probe(m_db);
        probe.prepare(u"SELECT pg_try_advisory_lock(hashtextextended(?, 0))"_s);
        probe.addBindValue(key(writerId));
        if (!probe.exec() || !probe.next())
            return Liveness::Unknown;
        if (!probe.value(0).toBool())
            return Liveness::Alive;
        // Nobody held it: that writer's connection is gone. Let go of it again at once.
        QSqlQuery release(m_db);
        release.prepare(u"SELECT pg_advisory_unlock(hashtextextended(?, 0))"_s);
        release.addBindValue(key(writerId));
        release.exec();
        return Liveness::Gone;
    }

private:
    static QString key(const QString &writerId) { return u"leadrelay-writer:"_s + writerId; }

    QSqlDatabase m_db;
};

} // namespace

QString PostgresBackend::driver() const
{
    return u"QPSQL"_s;
}

bool PostgresBackend::connect(QSqlDatabase &db, QString *what, QString *detail)
{
    const QString cannotOpen =
        QCoreApplication::translate("LeadRelay::HistoryStore", "Could not open the team history %1")
            .arg(m_location.display());
    if (!m_location.isValid()) {
        *what = m_location.error();
        return false;
    }
    db.setHostName(m_location.host());
    db.setPort(m_location.port());
    db.setDatabaseName(m_location.database());
    db.setUserName(m_location.user());
    // Empty: libpq looks in ~/.pgpass (and PGPASSWORD) itself.
    db.setPassword(m_location.password());
    db.setConnectOptions(m_location.connectOptions());
    if (!db.open()) {
        *what = cannotOpen;
        *detail = db.lastError().text();
        return false;
    }
    QSqlQuery query(db);
    if (!query.exec(u"SHOW server_version_num"_s) || !query.next()) {
        *what = cannotOpen;
        *detail = query.lastError().text();
        return false;
    }
    if (query.value(0).toInt() < OldestServerVersion) {
        *what = QCoreApplication::translate(
                    "LeadRelay::HistoryStore",
                    "The team server runs PostgreSQL %1, too old for LeadRelay (it needs 12 or newer); ask the "
                    "administrator to upgrade it.")
                    .arg(query.value(0).toInt() / 10000);
        return false;
    }
    // The outbox promise: a "sending" row is on the server's disk before a byte goes to the vendor, whatever the
    // server's default says.
    // Notices ("already exists, skipping") are for a DBA's console, not an agent's terminal.
    if (!query.exec(u"SET synchronous_commit = on"_s) || !query.exec(u"SET client_min_messages = warning"_s)) {
        *what = cannotOpen;
        *detail = query.lastError().text();
        return false;
    }
    return true;
}

HistoryStore::Role PostgresBackend::role(const QSqlDatabase &db) const
{
    QSqlQuery query(db);
    if (!query.exec(u"SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = current_user "
                    "AND g.rolname IN ('leadrelay_agent', 'leadrelay_supervisor', 'leadrelay_receiver')"_s))
        return HistoryStore::Role::Agent; // the least the login could be
    HistoryStore::Role role = HistoryStore::Role::Owner;
    while (query.next()) {
        const QString group = query.value(0).toString();
        // A login in several groups gets the narrowest: an agent that is also a supervisor writes as an agent.
        if (group == u"leadrelay_agent"_s)
            return HistoryStore::Role::Agent;
        role = group == u"leadrelay_receiver"_s ? HistoryStore::Role::Receiver : HistoryStore::Role::Supervisor;
    }
    return role;
}

QString PostgresBackend::schemaProblem(int version, HistoryStore::Role role)
{
    if (version == 0)
        return QCoreApplication::translate("LeadRelay::HistoryStore",
                                           "the team database is not initialised: ask the administrator to run "
                                           "\"leadrelay-cli team init\"");
    if (version > HistorySchema::knownVersion())
        return HistorySchema::tooNewError(version);
    // The owner upgrades an older schema by opening it; the floor's logins may not, and must not try.
    if (version < HistorySchema::knownVersion() && role != HistoryStore::Role::Owner)
        return QCoreApplication::translate(
                   "LeadRelay::HistoryStore",
                   "the team database has an older schema (%1; this version needs %2): ask the administrator to "
                   "run \"leadrelay-cli team init\" to upgrade it")
            .arg(version)
            .arg(HistorySchema::knownVersion());
    return {};
}

int PostgresBackend::prepareSchema(QSqlDatabase &db, HistoryStore::Role role, QString *error)
{
    if (role == HistoryStore::Role::Owner)
        return HistorySchema::migrate(db, error);
    const int version = HistorySchema::currentVersion(db, error);
    if (version < 0)
        return -1;
    if (const QString problem = schemaProblem(version, role); !problem.isEmpty()) {
        *error = problem;
        return -1;
    }
    return version;
}

std::unique_ptr<WriterLiveness> PostgresBackend::writers(const QSqlDatabase &db) const
{
    return std::make_unique<ServerWriterLock>(db);
}

QString PostgresBackend::sideJournalPath() const
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return folder + u"/team-"_s + m_location.localKey() + u".answers"_s;
}

QString PostgresBackend::plainError(const QString &databaseText) const
{
    const QString server = m_location.display();
    if (containsAny(databaseText,
                    {u"password authentication failed"_s, u"no password supplied"_s, u"authentication failed"_s}))
        return QCoreApplication::translate("LeadRelay::HistoryStore",
                                           "the team server refused the user name or password (%1)")
            .arg(server);
    if (connectionLost(databaseText) ||
        containsAny(databaseText, {u"could not connect"_s, u"connection refused"_s, u"could not translate host"_s,
                                   u"timeout expired"_s, u"no route to host"_s, u"network is unreachable"_s,
                                   u"connection to server"_s}))
        return QCoreApplication::translate(
                   "LeadRelay::HistoryStore",
                   "the team server cannot be reached (%1): check the network and the server's address, or ask "
                   "your supervisor")
            .arg(server);
    if (databaseText.contains(u"does not exist"_s) && databaseText.contains(u"database"_s))
        return QCoreApplication::translate("LeadRelay::HistoryStore",
                                           "the team database %1 does not exist on the server")
            .arg(m_location.database());
    if (containsAny(databaseText, {u"SSL"_s}))
        return QCoreApplication::translate("LeadRelay::HistoryStore",
                                           "the secure connection (TLS) to the team server failed: %1")
            .arg(databaseText);
    if (containsAny(databaseText, {u"permission denied"_s, u"row-level security"_s}))
        return QCoreApplication::translate("LeadRelay::HistoryStore",
                                           "the team server does not allow this login to do that (%1)")
            .arg(databaseText);
    return databaseText;
}

bool PostgresBackend::connectionLost(const QString &databaseText) const
{
    return containsAny(databaseText,
                       {u"server closed the connection"_s, u"terminating connection"_s,
                        u"no connection to the server"_s, u"connection to server was lost"_s, u"could not send data"_s,
                        u"could not receive data"_s, u"connection not open"_s, u"SSL SYSCALL"_s, u"Broken pipe"_s});
}

void PostgresBackend::watch(QSqlDatabase &db, QObject *context, const std::function<void(const QString &)> &changed)
{
    QSqlDriver *driver = db.driver();
    if (!driver->subscribeToNotification(NotifyChannel)) {
        qCWarning(lcStore) << "No live updates from the team server:" << driver->lastError().text();
        return;
    }
    if (m_watching == driver)
        return;
    m_watching = driver;
    QObject::connect(driver, &QSqlDriver::notification, context,
                     [changed](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                         if (name == NotifyChannel)
                             changed(payload.toString());
                     });
}

} // namespace LeadRelay
