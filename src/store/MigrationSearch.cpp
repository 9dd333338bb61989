// SPDX-License-Identifier: GPL-3.0-or-later
// Migration 6: the free-text search index (see HistorySearch.h for how searches use it).
#include "HistoryDialect.h"
#include "HistorySearch.h"

using namespace Qt::StringLiterals;

namespace LeadRelay::HistorySearch
{

namespace
{

// The searched columns, in one place for the index, its triggers and the PostgreSQL expression.
const QStringList &searchedColumns()
{
    static const QStringList columns{u"customer_name"_s,         u"agent"_s, u"campaign"_s, u"vendor_lead_id"_s,
                                     u"vendor_transaction_id"_s, u"phone"_s};
    return columns;
}

QString prefixed(const QString &prefix)
{
    QStringList names;
    for (const QString &column : searchedColumns())
        names.append(prefix + column);
    return names.join(u", "_s);
}

QStringList sqliteStep()
{
    const QString columns = prefixed(QString());
    const QString insertNew = u"INSERT INTO submissions_search (rowid, "_s + columns + u") VALUES (new.rowid, "_s +
                              prefixed(u"new."_s) + u");"_s;
    // An external-content index forgets a row only when told its old values.
    const QString deleteOld = u"INSERT INTO submissions_search (submissions_search, rowid, "_s + columns +
                              u") VALUES ('delete', old.rowid, "_s + prefixed(u"old."_s) + u");"_s;
    return {
        // detail=none and columnsize=0: only which rows hold a trigram, the smallest FTS5 index there is (the
        // history's size goal is 1 KB per row with every index); the exact LIKEs do the rest.
        u"CREATE VIRTUAL TABLE submissions_search USING fts5("_s + columns +
            u", content='submissions', content_rowid='rowid', tokenize='trigram', detail='none', columnsize=0)"_s,
        u"CREATE TRIGGER submissions_search_insert AFTER INSERT ON submissions BEGIN "_s + insertNew + u" END"_s,
        u"CREATE TRIGGER submissions_search_delete AFTER DELETE ON submissions BEGIN "_s + deleteOld + u" END"_s,
        // Answers and callbacks rewrite the vendor's ids; an answer that only changes the state costs nothing here.
        u"CREATE TRIGGER submissions_search_update AFTER UPDATE OF "_s + columns + u" ON submissions BEGIN "_s +
            deleteOld + u' ' + insertNew + u" END"_s,
        rebuildSql(),
    };
}

QStringList postgresStep()
{
    return {
        // pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it. Where it is not
        // installed or not allowed, say what to do instead of the server's bare text.
        uR"(DO $$
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
            RAISE EXCEPTION 'The search index of the team history needs the PostgreSQL extension pg_trgm, and it could not be created here (%). Ask the server''s administrator to install PostgreSQL''s contrib package and run CREATE EXTENSION pg_trgm in this database, then open the history again.', SQLERRM;
        END $$)"_s,
        u"CREATE INDEX submissions_search ON submissions USING gin (("_s + postgresSearchExpression() +
            u") gin_trgm_ops)"_s,
    };
}

} // namespace

QString postgresSearchExpression()
{
    // Unit separators between the columns: a trigram that spans two of them matches nothing a user types.
    return u"lower("_s + prefixed(QString()).replace(u", "_s, u" || chr(31) || "_s) + u')';
}

QString sqliteInsertTrigger(const QString &when)
{
    return u"CREATE TRIGGER submissions_search_insert AFTER INSERT ON submissions "_s + when + u" BEGIN "_s +
           u"INSERT INTO submissions_search (rowid, "_s + prefixed(QString()) + u") VALUES (new.rowid, "_s +
           prefixed(u"new."_s) + u"); END"_s;
}

QString sqliteAddRows(const QString &where)
{
    return u"INSERT INTO submissions_search (rowid, "_s + prefixed(QString()) + u") SELECT rowid, "_s +
           prefixed(QString()) + u" FROM submissions WHERE "_s + where + u" ORDER BY rowid"_s;
}

QString rebuildSql()
{
    return u"INSERT INTO submissions_search (submissions_search) VALUES ('rebuild')"_s;
}

QStringList migrationStep(const HistoryDialect &dialect)
{
    return dialect.driver == u"QPSQL"_s ? postgresStep() : sqliteStep();
}

} // namespace LeadRelay::HistorySearch
