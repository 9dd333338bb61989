// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrationRollup.h"

#include "HistoryDialect.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

const QString RollupTable = uR"(CREATE TABLE submission_rollup (
    day TEXT NOT NULL,
    vendor_id TEXT NOT NULL,
    agent TEXT NOT NULL,
    campaign TEXT NOT NULL,
    account_mode TEXT NOT NULL,
    state TEXT NOT NULL,
    final INTEGER NOT NULL,
    returned INTEGER NOT NULL,
    submissions BIGINT NOT NULL,
    billable BIGINT NOT NULL,
    final_ms BIGINT NOT NULL,
    final_timed BIGINT NOT NULL,
    PRIMARY KEY (day, vendor_id, agent, campaign, account_mode, state, final, returned)
))"_s;

const QString KeyColumns = u"day, vendor_id, agent, campaign, account_mode, state, final, returned"_s;

// The key and the figures of one submissions row `r` (NEW, OLD, or the table itself for the backfill), in the
// order of the roll-up's columns. `msSql` is the backend's milliseconds from answered_at to finalised_at.
QString keyValues(const QString &r)
{
    return u"substr(%1.created_at, 1, 10), %1.vendor_id, %1.agent, %1.campaign, %1.account_mode, %1.state, "
           "%1.final, CASE WHEN %1.returned_at IS NULL THEN 0 ELSE 1 END"_s.arg(r);
}

// A final result's wait only when both moments are known (a callback may arrive before the first answer is
// written; that wait counts as none). Unparsable callbacks set finalised_at without final, and do not count.
QString timedSql(const QString &r)
{
    return u"CASE WHEN %1.final = 1 AND %1.answered_at IS NOT NULL AND %1.finalised_at IS NOT NULL "
           "THEN 1 ELSE 0 END"_s.arg(r);
}

QString sqliteMs(const QString &r)
{
    return u"CASE WHEN %1.final = 1 AND %1.answered_at IS NOT NULL AND %1.finalised_at IS NOT NULL THEN "
           "MAX(0, CAST(ROUND((julianday(%1.finalised_at) - julianday(%1.answered_at)) * 86400000.0) AS INTEGER)) "
           "ELSE 0 END"_s.arg(r);
}

QString postgresMs(const QString &r)
{
    return u"CASE WHEN %1.final = 1 AND %1.answered_at IS NOT NULL AND %1.finalised_at IS NOT NULL THEN "
           "GREATEST(0, ROUND(EXTRACT(EPOCH FROM (%1.finalised_at::timestamptz - %1.answered_at::timestamptz)) "
           "* 1000))::bigint ELSE 0 END"_s.arg(r);
}

QString keyMatches(const QString &r)
{
    return u"day = substr(%1.created_at, 1, 10) AND vendor_id = %1.vendor_id AND agent = %1.agent AND "
           "campaign = %1.campaign AND account_mode = %1.account_mode AND state = %1.state AND final = %1.final AND "
           "returned = CASE WHEN %1.returned_at IS NULL THEN 0 ELSE 1 END"_s.arg(r);
}

QString addRow(const QString &r, const QString &ms)
{
    return u"INSERT INTO submission_rollup (%1, submissions, billable, final_ms, final_timed) "
           "VALUES (%2, 1, %3.billable, %4, %5) ON CONFLICT (%1) DO UPDATE SET "
           "submissions = submission_rollup.submissions + 1, "
           "billable = submission_rollup.billable + excluded.billable, "
           "final_ms = submission_rollup.final_ms + excluded.final_ms, "
           "final_timed = submission_rollup.final_timed + excluded.final_timed"_s.arg(KeyColumns, keyValues(r), r, ms,
                                                                                      timedSql(r));
}

// The old row's contribution taken away; a key no submission has any more is dropped, so the roll-up holds only
// keys that exist.
QStringList subtractRow(const QString &r, const QString &ms)
{
    return {
        u"UPDATE submission_rollup SET submissions = submissions - 1, billable = billable - %1.billable, "
        "final_ms = final_ms - %2, final_timed = final_timed - %3 WHERE %4"_s.arg(r, ms, timedSql(r), keyMatches(r)),
        u"DELETE FROM submission_rollup WHERE %1 AND submissions <= 0"_s.arg(keyMatches(r)),
    };
}

QString backfill(const QString &ms)
{
    return u"INSERT INTO submission_rollup (%1, submissions, billable, final_ms, final_timed) "
           "SELECT %2, COUNT(*), SUM(s.billable), SUM(%3), SUM(%4) FROM submissions s "
           "GROUP BY %2"_s.arg(KeyColumns, keyValues(u"s"_s), ms, timedSql(u"s"_s));
}

// The backfill's sums for the rows `where` picks, added to the keys already there.
QString aggregateSql(const QString &ms, const QString &where)
{
    return u"INSERT INTO submission_rollup (%1, submissions, billable, final_ms, final_timed) "
           "SELECT %2, COUNT(*), SUM(s.billable), SUM(%3), SUM(%4) FROM submissions s WHERE %5 "
           "GROUP BY %2 ON CONFLICT (%1) DO UPDATE SET "
           "submissions = submission_rollup.submissions + excluded.submissions, "
           "billable = submission_rollup.billable + excluded.billable, "
           "final_ms = submission_rollup.final_ms + excluded.final_ms, "
           "final_timed = submission_rollup.final_timed + excluded.final_timed"_s.arg(KeyColumns, keyValues(u"s"_s), ms,
                                                                                      timedSql(u"s"_s), where);
}

// Only the columns the roll-up reads: finish() and finalise() also write texts it does not care about.
const QString WatchedColumns =
    u"created_at, vendor_id, agent, campaign, account_mode, state, final, returned_at, billable, answered_at, "
    "finalised_at"_s;

QStringList sqliteStep()
{
    const QString oldMs = sqliteMs(u"OLD"_s);
    const QString newMs = sqliteMs(u"NEW"_s);
    const QStringList subtract = subtractRow(u"OLD"_s, oldMs);
    return {
        // Without a rowid the key is the table: one B-tree to update per write instead of a table and its index.
        RollupTable + u" WITHOUT ROWID"_s,
        u"CREATE TRIGGER submissions_rollup_insert AFTER INSERT ON submissions BEGIN %1; END"_s.arg(
            addRow(u"NEW"_s, newMs)),
        u"CREATE TRIGGER submissions_rollup_update AFTER UPDATE OF %1 ON submissions BEGIN %2; %3; %4; END"_s.arg(
            WatchedColumns, subtract.at(0), subtract.at(1), addRow(u"NEW"_s, newMs)),
        u"CREATE TRIGGER submissions_rollup_delete AFTER DELETE ON submissions BEGIN %1; %2; END"_s.arg(subtract.at(0),
                                                                                                        subtract.at(1)),
        backfill(sqliteMs(u"s"_s)),
    };
}

// The trigger function of migration 7 (create "CREATE"), and of migration 13 ("CREATE OR REPLACE", with the
// prologue that lets a bulk import defer its inserts to one aggregate: MigrationBulkImport.cpp).
QString postgresFunction(const QString &create, const QString &prologue)
{
    const QString newMs = postgresMs(u"NEW"_s);
    const QStringList subtract = subtractRow(u"OLD"_s, postgresMs(u"OLD"_s));
    return uR"(%1 FUNCTION leadrelay_rollup() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = public, pg_temp AS $$
            DECLARE
                old_lock text;
                new_lock text;
            BEGIN%5
                IF TG_OP = 'UPDATE' AND
                   (OLD.created_at, OLD.vendor_id, OLD.agent, OLD.campaign, OLD.account_mode, OLD.state, OLD.final,
                    OLD.returned_at IS NULL, OLD.billable, OLD.answered_at, OLD.finalised_at)
                   IS NOT DISTINCT FROM
                   (NEW.created_at, NEW.vendor_id, NEW.agent, NEW.campaign, NEW.account_mode, NEW.state, NEW.final,
                    NEW.returned_at IS NULL, NEW.billable, NEW.answered_at, NEW.finalised_at) THEN
                    RETURN NULL;
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    old_lock := 'leadrelay-rollup:' || OLD.agent || ':' || substr(OLD.created_at, 1, 10);
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    new_lock := 'leadrelay-rollup:' || NEW.agent || ':' || substr(NEW.created_at, 1, 10);
                END IF;
                IF old_lock IS NOT NULL AND new_lock IS NOT NULL AND old_lock > new_lock THEN
                    PERFORM pg_advisory_xact_lock(hashtextextended(new_lock, 0));
                    PERFORM pg_advisory_xact_lock(hashtextextended(old_lock, 0));
                ELSE
                    IF old_lock IS NOT NULL THEN
                        PERFORM pg_advisory_xact_lock(hashtextextended(old_lock, 0));
                    END IF;
                    IF new_lock IS NOT NULL AND new_lock IS DISTINCT FROM old_lock THEN
                        PERFORM pg_advisory_xact_lock(hashtextextended(new_lock, 0));
                    END IF;
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    %2;
                    %3;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    %4;
                END IF;
                RETURN NULL;
            END $$)"_s.arg(create, subtract.at(0), subtract.at(1), addRow(u"NEW"_s, newMs), prologue);
}

QStringList postgresStep()
{
    return {
        RollupTable,
        // Row locks on roll-up rows are taken in the order a transaction meets them; a batch (many rows of one
        // agent in one transaction) and the receiver (one final result) could meet two keys in opposite order and
        // deadlock. One transaction-scoped advisory lock per agent and day, taken first, orders them: every key
        // one submission touches shares its agent and day. Different agents never wait for each other.
        postgresFunction(u"CREATE"_s, QString()),
        u"CREATE TRIGGER submissions_rollup AFTER INSERT OR UPDATE OF %1 OR DELETE ON submissions "
        "FOR EACH ROW EXECUTE FUNCTION leadrelay_rollup()"_s.arg(WatchedColumns),
        backfill(postgresMs(u"s"_s)),
        u"REVOKE ALL ON submission_rollup FROM PUBLIC"_s,
        u"REVOKE ALL ON FUNCTION leadrelay_rollup() FROM PUBLIC"_s,
        u"GRANT SELECT ON submission_rollup TO leadrelay_agent, leadrelay_supervisor"_s,
        u"ALTER TABLE submission_rollup ENABLE ROW LEVEL SECURITY"_s,
        // As on submissions: an agent's figures are its own rows; supervisors see the floor.
        u"CREATE POLICY agent_rows ON submission_rollup FOR SELECT TO leadrelay_agent USING (agent = current_user)"_s,
        u"CREATE POLICY supervisor_rows ON submission_rollup FOR SELECT TO leadrelay_supervisor USING (true)"_s,
    };
}

} // namespace

QStringList migrationRollup(const HistoryDialect &dialect)
{
    return dialect.driver == u"QPSQL"_s ? postgresStep() : sqliteStep();
}

namespace RollupSql
{

QString sqliteAddRow()
{
    return addRow(u"NEW"_s, sqliteMs(u"NEW"_s));
}

QString postgresTriggerFunction(const QString &prologue)
{
    return postgresFunction(u"CREATE OR REPLACE"_s, prologue);
}

QString addAggregate(const HistoryDialect &dialect, const QString &where)
{
    return aggregateSql(dialect.driver == u"QPSQL"_s ? postgresMs(u"s"_s) : sqliteMs(u"s"_s), where);
}

} // namespace RollupSql

} // namespace LeadRelay
