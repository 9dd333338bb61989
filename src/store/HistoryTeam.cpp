// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: what a team needs beyond one desk's history (testing a server, the team's settings, its agents).
#include "HistoryStore.h"

#include "HistorySchema.h"
#include "HistorySql.h"
#include "HistoryStore_p.h"
#include "StoreLog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

QString HistoryStore::checkServer(const HistoryLocation &location)
{
    if (!location.isValid())
        return location.error();
    PostgresBackend backend(location);
    const QString name = u"leadrelay-check-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString problem;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(backend.driver(), name);
        QString what;
        QString detail;
        if (!db.isValid()) {
            problem = tr("Qt's database driver %1 is not installed (on Debian: libqt6sql6-psql)").arg(backend.driver());
        } else if (!backend.connect(db, &what, &detail)) {
            const QString plain = backend.plainError(detail);
            problem = plain.isEmpty() ? what : plain;
        } else {
            const Role role = backend.role(db);
            QString error;
            // The owner may migrate, but a test writes nothing: read the version only.
            const int version = HistorySchema::currentVersion(db, &error);
            if (version < 0)
                problem = backend.plainError(error);
            else
                problem = PostgresBackend::schemaProblem(version, role);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return problem;
}

QString HistoryStore::teamSetting(const QString &key)
{
    if (!ready())
        return {};
    QSqlQuery query(d->db);
    if (!execBound(query, u"SELECT value FROM team_settings WHERE key = ?"_s, {key})) {
        fail(tr("Could not read the team's settings"), query.lastError().text());
        return {};
    }
    return query.next() ? query.value(0).toString() : QString();
}

bool HistoryStore::setTeamSetting(const QString &key, const QString &value)
{
    auto failed = [&](const QString &text) { return fail(tr("Could not change the team's settings"), text); };
    if (!ready())
        return failed(d->lastError);
    HistorySql::WriteTransaction transaction(d->db);
    if (!transaction.isActive())
        return failed(transaction.error());
    QSqlQuery remove(d->db);
    QSqlQuery insert(d->db);
    if (!execBound(remove, u"DELETE FROM team_settings WHERE key = ?"_s, {key}))
        return failed(remove.lastError().text());
    if (!execBound(insert, u"INSERT INTO team_settings (key, value) VALUES (?, ?)"_s, {key, value}))
        return failed(insert.lastError().text());
    if (!transaction.commit())
        return failed(transaction.error());
    return true;
}

QStringList HistoryStore::agents()
{
    QStringList names;
    if (!ready())
        return names;
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    // From the (agent, created_at) index: one skip per agent, not a scan of the rows.
    if (!query.exec(u"SELECT DISTINCT agent FROM submissions WHERE agent <> '' ORDER BY agent"_s)) {
        fail(tr("Could not read the history"), query.lastError().text());
        return names;
    }
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}

} // namespace LeadRelay
