// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: consent scripts as versioned data (table consent_scripts, migration 9).
#include "HistorySql.h"
#include "HistoryStore.h"
#include "HistoryStore_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

const QString Columns =
    u"script_id, version, language, title, disclosure, questions, sellers, purpose, created_at, created_by"_s;

QStringList listFromJson(const QString &json)
{
    QStringList list;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue &value : array)
        list << value.toString();
    return list;
}

QString listJson(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

ConsentScript readScript(const QSqlQuery &query)
{
    ConsentScript script;
    script.id = query.value(0).toString();
    script.version = query.value(1).toInt();
    script.language = query.value(2).toString();
    script.title = query.value(3).toString();
    script.disclosure = query.value(4).toString();
    script.questions = listFromJson(query.value(5).toString());
    script.sellers = listFromJson(query.value(6).toString());
    script.purpose = query.value(7).toString();
    script.createdAt = HistorySql::timeFromValue(query.value(8));
    script.createdBy = query.value(9).toString();
    return script;
}

} // namespace

QList<ConsentScript> HistoryStore::consentScripts()
{
    QList<ConsentScript> scripts;
    if (!ready())
        return scripts;
    QSqlQuery query(d->db);
    if (!query.exec(u"SELECT "_s + Columns +
                    u" FROM consent_scripts c WHERE version = (SELECT MAX(version) FROM consent_scripts n "
                    "WHERE n.script_id = c.script_id) ORDER BY script_id"_s)) {
        fail(tr("Could not read the consent scripts"), query.lastError().text());
        return scripts;
    }
    while (query.next())
        scripts << readScript(query);
    return scripts;
}

std::optional<ConsentScript> HistoryStore::consentScript(const QString &scriptId, int version)
{
    if (!ready())
        return std::nullopt;
    QSqlQuery query(d->db);
    const bool ok =
        version > 0
            ? execBound(query, u"SELECT "_s + Columns + u" FROM consent_scripts WHERE script_id = ? AND version = ?"_s,
                        {scriptId, version})
            : execBound(query,
                        u"SELECT "_s + Columns +
                            u" FROM consent_scripts WHERE script_id = ? ORDER BY version DESC LIMIT 1"_s,
                        {scriptId});
    if (!ok) {
        fail(tr("Could not read the consent scripts"), query.lastError().text());
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return readScript(query);
}

bool HistoryStore::saveConsentScript(ConsentScript *script)
{
    auto failed = [&](const QString &text) { return fail(tr("Could not save the consent script"), text); };
    if (!ready())
        return failed(d->lastError);
    if (script->id.trimmed().isEmpty())
        return failed(tr("the script has no name"));
    HistorySql::WriteTransaction transaction(d->db);
    if (!transaction.isActive())
        return failed(transaction.error());
    QSqlQuery newest(d->db);
    if (!execBound(newest, u"SELECT MAX(version) FROM consent_scripts WHERE script_id = ?"_s, {script->id}))
        return failed(newest.lastError().text());
    const int version = newest.next() && !newest.value(0).isNull() ? newest.value(0).toInt() + 1 : 1;
    newest.finish();
    ConsentScript saved = *script;
    saved.version = version;
    saved.createdAt = d->clock();
    // On a team server the author is the login, whatever the caller says (as for a row's agent).
    if (d->location.isServer())
        saved.createdBy = d->location.user();
    else if (saved.createdBy.isEmpty())
        saved.createdBy = qEnvironmentVariable("USER");
    QSqlQuery insert(d->db);
    // Two supervisors saving the same script at once: the primary key refuses the second, which tries again.
    if (!execBound(insert, u"INSERT INTO consent_scripts ("_s + Columns + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                   {saved.id, saved.version, saved.language, saved.title, saved.disclosure, listJson(saved.questions),
                    listJson(saved.sellers), saved.purpose, HistorySql::timeValue(saved.createdAt),
                    HistorySql::notNull(saved.createdBy)}))
        return failed(insert.lastError().text());
    if (!transaction.commit())
        return failed(transaction.error());
    *script = saved;
    return true;
}

} // namespace LeadRelay
