// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by bench_history and bench_desks: synthetic history rows, filling a store with them, and a fresh
// database of its own on a PostgreSQL server (so a benchmark never measures or touches someone's history).
#include "store/HistoryStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <cstdio>
#include <optional>

namespace LeadRelay::Bench
{

using namespace Qt::StringLiterals;

inline const QStringList &firstNames()
{
    static const QStringList names{u"John"_s, u"Jane"_s,   u"Maria"_s, u"José"_s,  u"Ann"_s,   u"Robert"_s, u"Linda"_s,
                                   u"Chen"_s, u"Fatima"_s, u"Olga"_s,  u"Kwame"_s, u"Emily"_s, u"David"_s,  u"Sofia"_s};
    return names;
}

inline const QStringList &lastNames()
{
    static const QStringList names{u"Smith"_s, u"Johnson"_s, u"Garcia"_s, u"Nguyen"_s, u"Brown"_s,    u"Miller"_s,
                                   u"Davis"_s, u"Lopez"_s,   u"Wilson"_s, u"Okafor"_s, u"Kowalski"_s, u"Zola"_s};
    return names;
}

inline const QStringList &campaigns()
{
    static const QStringList names{u"OHIO_GENERAL_RESIDENTIAL"_s, u"TEXAS_SOLAR"_s, u"PA_GAS"_s, u"NY_ELECTRIC"_s,
                                   u"IL_DUAL_FUEL"_s};
    return names;
}

inline Lead sampleLead(const QString &first, const QString &last, const QString &phone, int i)
{
    Lead lead;
    lead.firstName = first;
    lead.lastName = last;
    lead.phone = phone;
    lead.email = u"customer"_s + QString::number(i) + u"@example.com"_s;
    lead.street = QString::number(i % 9000 + 1) + u" Main St"_s;
    lead.city = u"Columbus"_s;
    lead.state = u"OH"_s;
    lead.zip = u"43004"_s;
    lead.mailingSameAsService = true;
    lead.utility = u"Utility Provider"_s;
    lead.campaign = campaigns().at(i % campaigns().size());
    lead.trustedFormCertUrl = u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s;
    lead.ip = u"184.248.249.118"_s;
    lead.sourceUrl = u"https://www.example.com/form/"_s;
    lead.sub1 = u"desk-7"_s;
    lead.consent = {{u"Do you consent to be contacted?"_s, u"Yes"_s}};
    return lead;
}

// Row i of `rows`, spread over a year from base: 40 agents, 2 vendors (a third BHM), 5 campaigns, the outcomes
// in a call centre's proportions, a full lead JSON and answer, as the history view and the filters see them.
inline SubmissionRecord makeRecord(int i, const QDateTime &base, int rows)
{
    static const OutcomeState states[] = {OutcomeState::Sold,
                                          OutcomeState::Sold,
                                          OutcomeState::Accepted,
                                          OutcomeState::Accepted,
                                          OutcomeState::Rejected,
                                          OutcomeState::Rejected,
                                          OutcomeState::Rejected,
                                          OutcomeState::Invalid,
                                          OutcomeState::AcceptedNotSold,
                                          OutcomeState::DeliveryUnknown,
                                          OutcomeState::NotDelivered,
                                          OutcomeState::AccountError};
    SubmissionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.createdAt = base.addMSecs(qint64(i) * (365LL * 24 * 3600 * 1000 / rows) + (i * 7919) % 1000);
    r.answeredAt = r.createdAt.addMSecs(800 + i % 2000);
    r.agent = u"agent."_s + QString::number(i % 40);
    r.vendorId = i % 3 == 0 ? u"bhm"_s : u"ntherm"_s;
    r.accountMode = u"production"_s;
    r.campaign = campaigns().at(i % campaigns().size());
    r.phone = QString::number(2012000000LL + (qint64(i) * 104729) % 7000000000LL);
    Lead lead =
        sampleLead(firstNames().at(i % firstNames().size()), lastNames().at((i / 7) % lastNames().size()), r.phone, i);
    r.customerName = lead.firstName + u' ' + lead.lastName;
    lead.agent = r.agent;
    r.leadJson = lead.toJsonBytes();
    r.redactedRequest = R"({"customer_name":")" + r.customerName.toUtf8() + R"(","password":"***"})";
    r.state = states[i % std::size(states)];
    r.final = r.state != OutcomeState::Accepted || i % 2 == 0;
    r.billable = r.state == OutcomeState::Sold;
    r.httpStatus = r.state == OutcomeState::NotDelivered ? 0 : 200;
    r.rawAnswer = R"({"success_bit": true, "message": "Lead received", "lead_id": )" + QByteArray::number(i) + "}";
    r.vendorLeadId = QString::number(100000 + i);
    r.messages = {u"Lead received"_s};
    r.durationMs = 800 + i % 2000;
    return r;
}

// Fills an open store with the first `rows` of `total` records (default: all) through
// HistoryStore::importRecords(), `batch` rows per transaction. Returns the nanoseconds spent inside
// importRecords(), -1 on failure (printed).
inline qint64 fill(HistoryStore &store, int rows, const QDateTime &base, int batch = 10000, int total = 0)
{
    if (total <= 0)
        total = rows;
    qint64 importNs = 0;
    QList<SubmissionRecord> records;
    records.reserve(batch);
    for (int i = 0; i < rows; ++i) {
        records.append(makeRecord(i, base, total));
        if (records.size() == batch || i == rows - 1) {
            QElapsedTimer timer;
            timer.start();
            const bool imported = store.importRecords(records);
            importNs += timer.nsecsElapsed();
            if (!imported) {
                std::fprintf(stderr, "import failed: %s\n", qPrintable(store.lastError()));
                return -1;
            }
            records.clear();
        }
    }
    return importNs;
}

// A plain Qt SQL connection to a history (the anchors: what the same SQL costs without HistoryStore).
inline QSqlDatabase plainConnection(const HistoryLocation &location, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(location.isServer() ? u"QPSQL"_s : u"QSQLITE"_s, name);
    if (location.isServer()) {
        db.setHostName(location.host());
        db.setPort(location.port());
        db.setDatabaseName(location.database());
        db.setUserName(location.user());
        db.setPassword(location.password());
    } else {
        db.setDatabaseName(location.path());
    }
    if (!db.open())
        std::fprintf(stderr, "plain connection failed: %s\n", qPrintable(db.lastError().text()));
    return db;
}

// On the server of `admin` (a login that may create databases): a new empty database for this run, returned as
// a location for the same login. dropDatabase() removes it again.
inline HistoryLocation createDatabase(const HistoryLocation &admin, const QString &prefix)
{
    const QString name = prefix + QString::number(QCoreApplication::applicationPid());
    {
        QSqlDatabase db = plainConnection(admin, u"bench-admin"_s);
        QSqlQuery query(db);
        query.exec(u"DROP DATABASE IF EXISTS "_s + name);
        if (!query.exec(u"CREATE DATABASE "_s + name))
            std::fprintf(stderr, "CREATE DATABASE failed: %s\n", qPrintable(query.lastError().text()));
    }
    QSqlDatabase::removeDatabase(u"bench-admin"_s);
    HistoryLocation location = HistoryLocation::server(admin.host(), admin.port(), name, admin.user(), admin.sslMode());
    location.setPassword(admin.password());
    return location;
}

inline void dropDatabase(const HistoryLocation &admin, const QString &name, const QStringList &roles = {})
{
    {
        QSqlDatabase db = plainConnection(admin, u"bench-admin"_s);
        QSqlQuery query(db);
        if (!query.exec(u"DROP DATABASE IF EXISTS "_s + name + u" WITH (FORCE)"_s))
            std::fprintf(stderr, "DROP DATABASE failed: %s\n", qPrintable(query.lastError().text()));
        for (const QString &role : roles)
            query.exec(u"DROP ROLE IF EXISTS "_s + role);
    }
    QSqlDatabase::removeDatabase(u"bench-admin"_s);
}

// Where a benchmark measures: a SQLite file in folder, or with --db ADMIN-URI a fresh database on that server
// (made by createDatabase(), *admin set for dropDatabase()). Empty optional after printing why --db is unusable.
inline std::optional<HistoryLocation> benchLocation(const QString &db, const QString &folder, const QString &prefix,
                                                    HistoryLocation *admin)
{
    if (db.isEmpty())
        return HistoryLocation::parse(folder + u"/history.sqlite"_s);
    *admin = HistoryLocation::parse(db);
    if (!admin->isValid() || !admin->isServer()) {
        std::fprintf(stderr, "--db wants a postgresql:// URI: %s\n", qPrintable(admin->error()));
        return std::nullopt;
    }
    return createDatabase(*admin, prefix);
}

} // namespace LeadRelay::Bench
