// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrationBulkImport.h"

#include "HistoryDialect.h"
#include "HistorySearch.h"
#include "MigrationRollup.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// At most one row, and only inside a bulk import's transaction.
const QString FlagTable = u"CREATE TABLE bulk_import (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1))"_s;
const QString NotBulk = u"WHEN NOT EXISTS (SELECT 1 FROM bulk_import)"_s;
const QString SqliteIds = u"id IN (SELECT value FROM json_each(?))"_s;

QStringList sqliteStep()
{
    return {
        FlagTable,
        u"DROP TRIGGER submissions_rollup_insert"_s,
        u"CREATE TRIGGER submissions_rollup_insert AFTER INSERT ON submissions %1 BEGIN %2; END"_s.arg(
            NotBulk, RollupSql::sqliteAddRow()),
        u"DROP TRIGGER submissions_search_insert"_s,
        HistorySearch::sqliteInsertTrigger(NotBulk),
    };
}

QStringList postgresStep()
{
    return {
        FlagTable,
        u"REVOKE ALL ON bulk_import FROM PUBLIC"_s,
        RollupSql::postgresTriggerFunction(u"\n                IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM "
                                           "bulk_import) THEN\n                    RETURN NULL;\n"
                                           "                END IF;"_s),
        // The trigger's advisory locks (migration 7), every one the imported rows need, in one order, then the sums.
        uR"(CREATE FUNCTION leadrelay_rollup_add_imported(p_ids json) RETURNS void LANGUAGE plpgsql
            SET search_path = public, pg_temp AS $$
            DECLARE
                lock_key text;
            BEGIN
                FOR lock_key IN
                    SELECT DISTINCT 'leadrelay-rollup:' || s.agent || ':' || substr(s.created_at, 1, 10)
                    FROM submissions s WHERE s.id IN (SELECT json_array_elements_text(p_ids)) ORDER BY 1
                LOOP
                    PERFORM pg_advisory_xact_lock(hashtextextended(lock_key, 0));
                END LOOP;
                %1;
            END $$)"_s.arg(
            RollupSql::addAggregate(HistoryDialect::postgres(), u"s.id IN (SELECT json_array_elements_text(p_ids))"_s)),
        u"REVOKE ALL ON FUNCTION leadrelay_rollup_add_imported(json) FROM PUBLIC"_s,
    };
}

} // namespace

QStringList bulkImportMigration(const HistoryDialect &dialect)
{
    return dialect.driver == u"QPSQL"_s ? postgresStep() : sqliteStep();
}

QStringList bulkIndexStatements(const HistoryDialect &dialect)
{
    // PostgreSQL's search index is a GIN index on the table itself: the rows are in it already.
    if (dialect.driver == u"QPSQL"_s)
        return {u"SELECT leadrelay_rollup_add_imported(CAST(? AS json))"_s};
    return {RollupSql::addAggregate(dialect, u"s."_s + SqliteIds), HistorySearch::sqliteAddRows(SqliteIds)};
}

} // namespace LeadRelay
