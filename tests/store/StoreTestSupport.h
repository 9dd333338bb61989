// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/HistoryStore.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

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

// A second, independent connection for looking at the file the way another program would.
class RawDb
{
public:
    explicit RawDb(const QString &path)
        : m_name(u"raw-"_s + QString::number(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
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
