// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/HistoryStore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUuid>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace LeadRelay::StoreTest
{

// A clock the test moves by hand.
struct ManualClock
{
    QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5, 123), Qt::UTC);
    Clock clock()
    {
        return [this] { return now; };
    }
};

inline Lead makeLead(const QString &first, const QString &last, const QString &phone,
                     const QString &agent = u"maria.g"_s, const QString &campaign = u"OHIO_GENERAL"_s)
{
    Lead lead;
    lead.firstName = first;
    lead.lastName = last;
    lead.phone = phone;
    lead.agent = agent;
    lead.campaign = campaign;
    lead.email = u"john.doe@example.com"_s;
    lead.street = u"123 Main St"_s;
    lead.city = u"Columbus"_s;
    lead.state = u"OH"_s;
    lead.zip = u"43004"_s;
    return lead;
}

inline SubmissionStart makeStart(const Lead &lead, const QString &vendor = u"ntherm"_s,
                                 const QString &token = QString())
{
    SubmissionStart start;
    start.lead = lead;
    start.vendorId = vendor;
    start.accountMode = u"training"_s;
    start.redactedRequest = R"({"customer_name":"x","password":"***"})";
    start.callbackToken = token;
    return start;
}

inline Outcome makeOutcome(OutcomeState state, bool final = false, bool billable = false)
{
    Outcome outcome;
    outcome.state = state;
    outcome.final = final;
    outcome.billable = billable;
    outcome.httpStatus = 200;
    outcome.rawBody = R"({"success_bit": true})";
    return outcome;
}

// The suite runs twice: on SQLite files, and with LEADRELAY_TEST_BACKEND=postgresql on the throwaway server of
// the "postgres" CTest fixture, whose superuser URI is in the file LEADRELAY_TEST_PG_URI_FILE names.
inline bool onPostgres()
{
    return qEnvironmentVariable("LEADRELAY_TEST_BACKEND") == u"postgresql"_s;
}

inline QString serverUri(const QString &database)
{
    QFile file(qEnvironmentVariable("LEADRELAY_TEST_PG_URI_FILE"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("No PostgreSQL test cluster: LEADRELAY_TEST_PG_URI_FILE is not readable");
    QString uri = QString::fromUtf8(file.readAll()).trimmed();
    return uri.replace(u"@/postgres?"_s, u"@/"_s + database + u'?');
}

// Runs one statement as the test cluster's superuser on a database (for setting up what a test needs).
inline bool adminExec(const QString &database, const QString &sql, QString *error = nullptr)
{
    const QString name = u"admin-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        const HistoryLocation location = HistoryLocation::parse(serverUri(database));
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(location.host());
        db.setPort(location.port());
        db.setUserName(location.user());
        db.setDatabaseName(location.database());
        QSqlQuery query(db);
        ok = db.open() && query.exec(sql);
        if (!ok && error)
            *error = db.isOpen() ? query.lastError().text() : db.lastError().text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

// Where a test's history lives: the file path it names, or on PostgreSQL a database of its own, made empty the
// first time this process names that path (the same path names the same database again, as a file would).
inline QString location(const QString &path)
{
    if (!onPostgres())
        return path;
    static QSet<QString> made;
    const QString database =
        u"t_"_s +
        QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex().left(24));
    if (!made.contains(database)) {
        QString error;
        adminExec(u"postgres"_s, u"DROP DATABASE IF EXISTS "_s + database);
        if (!adminExec(u"postgres"_s, u"CREATE DATABASE "_s + database, &error))
            qFatal("Cannot create the test database: %s", qPrintable(error));
        made.insert(database);
    }
    return serverUri(database);
}

// For tests about SQLite files themselves (permissions, foreign files, journal modes).
#define LEADRELAY_SQLITE_ONLY()                                                                                        \
    do {                                                                                                               \
        if (LeadRelay::StoreTest::onPostgres())                                                                        \
            QSKIP("About SQLite files; not a team server's concern");                                                  \
    } while (false)

// A second, independent connection for looking at the history the way another program would (on PostgreSQL as
// the superuser, past row-level security).
class RawDb
{
public:
    explicit RawDb(const QString &where)
        : m_name(u"raw-"_s + QString::number(++s_counter))
    {
        const HistoryLocation location = HistoryLocation::parse(where);
        QSqlDatabase db = QSqlDatabase::addDatabase(location.isServer() ? u"QPSQL"_s : u"QSQLITE"_s, m_name);
        if (location.isServer()) {
            db.setHostName(location.host());
            db.setPort(location.port());
            db.setUserName(location.user());
            db.setPassword(location.password());
            db.setDatabaseName(location.database());
        } else {
            db.setDatabaseName(where);
        }
        db.open();
    }
    ~RawDb()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }
    QString name() const { return m_name; }
    bool exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(sql);
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

} // namespace LeadRelay::StoreTest

Q_DECLARE_METATYPE(LeadRelay::HistoryFilter)
Q_DECLARE_METATYPE(LeadRelay::HistorySort)
