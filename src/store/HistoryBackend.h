// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HistoryLocation.h"
#include "HistoryStore.h"
#include "WriterLock.h"

#include <QSqlDatabase>

#include <functional>
#include <memory>

namespace LeadRelay
{

// What a history's backend does differently around the SQL (which differs in HistoryDialect): reaching the
// history, its schema, who the login is, how a crashed writer is recognised, where answers wait when the history
// cannot take them, and the database's errors in plain words. SqliteBackend: a file on this computer
// (HistorySqlite.cpp). PostgresBackend: a team server (HistoryPostgres.cpp).
class HistoryBackend
{
public:
    virtual ~HistoryBackend() = default;
    static std::unique_ptr<HistoryBackend> create(const HistoryLocation &location);

    virtual QString driver() const = 0;
    // Connects db (added with driver()) and refuses anything that is not a LeadRelay history before writing to
    // it. False with *what (for the user) and *detail (the database's own text, may be empty).
    virtual bool connect(QSqlDatabase &db, QString *what, QString *detail) = 0;
    virtual HistoryStore::Role role(const QSqlDatabase &db) const = 0;
    // Brings the schema to HistorySchema::knownVersion() where this login may change it (a desk's own file, a
    // team server's owner), or checks that it is there. The version, or -1 with *error set.
    virtual int prepareSchema(QSqlDatabase &db, HistoryStore::Role role, QString *error) = 0;
    virtual void afterSchema() {}
    virtual std::unique_ptr<WriterLiveness> writers(const QSqlDatabase &db) const = 0;
    virtual QString sideJournalPath() const = 0;
    virtual QString plainError(const QString &databaseText) const = 0;
    // The connection itself is gone (the server restarted, the network dropped): reconnect before the next step.
    virtual bool connectionLost(const QString &databaseText) const
    {
        Q_UNUSED(databaseText)
        return false;
    }
    // Calls changed(id) whenever any writer changes a row, where the backend can tell (team server).
    virtual void watch(QSqlDatabase &db, QObject *context, const std::function<void(const QString &)> &changed)
    {
        Q_UNUSED(db)
        Q_UNUSED(context)
        Q_UNUSED(changed)
    }
};

class SqliteBackend : public HistoryBackend
{
public:
    explicit SqliteBackend(const QString &path)
        : m_path(path)
    {}
    QString driver() const override;
    bool connect(QSqlDatabase &db, QString *what, QString *detail) override;
    HistoryStore::Role role(const QSqlDatabase &db) const override;
    int prepareSchema(QSqlDatabase &db, HistoryStore::Role role, QString *error) override;
    void afterSchema() override;
    std::unique_ptr<WriterLiveness> writers(const QSqlDatabase &db) const override;
    QString sideJournalPath() const override;
    QString plainError(const QString &databaseText) const override;

private:
    QString m_path;
};

class PostgresBackend : public HistoryBackend
{
public:
    explicit PostgresBackend(const HistoryLocation &location)
        : m_location(location)
    {}
    QString driver() const override;
    bool connect(QSqlDatabase &db, QString *what, QString *detail) override;
    HistoryStore::Role role(const QSqlDatabase &db) const override;
    int prepareSchema(QSqlDatabase &db, HistoryStore::Role role, QString *error) override;
    std::unique_ptr<WriterLiveness> writers(const QSqlDatabase &db) const override;
    QString sideJournalPath() const override;
    QString plainError(const QString &databaseText) const override;
    bool connectionLost(const QString &databaseText) const override;
    void watch(QSqlDatabase &db, QObject *context, const std::function<void(const QString &)> &changed) override;

    static constexpr int OldestServerVersion = 120000; // PostgreSQL 12
    // What keeps this login from using a team database at this schema version, in plain words; empty when
    // nothing does (open() and HistoryStore::checkServer() say the same).
    static QString schemaProblem(int version, HistoryStore::Role role);

private:
    HistoryLocation m_location;
    QObject *m_watching = nullptr; // the driver whose notifications reach the store
};

} // namespace LeadRelay
