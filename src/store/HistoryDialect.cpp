// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryDialect.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

const QString AnswerRow = u"SELECT final, messages, field_issues, vendor_lead_id, vendor_transaction_id, state, "
                          "interrupted FROM submissions WHERE id = ?"_s;

const QString TeamSettingsTable =
    u"CREATE TABLE team_settings (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL DEFAULT '')"_s;

// The floor's roles, row-level security and the few functions that act past it. Group roles are cluster-wide
// and shared by every LeadRelay database of the cluster; users are logins made members of one of them.
QStringList postgresTeamStep()
{
    return {
        // Another database of the cluster may be creating the same role at this instant.
        uR"(DO $$
        DECLARE
            group_name text;
        BEGIN
            FOREACH group_name IN ARRAY ARRAY['leadrelay_agent', 'leadrelay_supervisor', 'leadrelay_receiver'] LOOP
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = group_name) THEN
                    BEGIN
                        EXECUTE format('CREATE ROLE %I NOLOGIN', group_name);
                    EXCEPTION WHEN duplicate_object OR unique_violation THEN
                        NULL;
                    END;
                END IF;
            END LOOP;
        END $$)"_s,
        TeamSettingsTable,
        // Direct membership only: a superuser counts as a member of every role, and is not an agent.
        uR"(CREATE FUNCTION leadrelay_member_of(group_name text) RETURNS boolean LANGUAGE sql STABLE
            SET search_path = pg_catalog, pg_temp AS $$
            SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                           JOIN pg_roles u ON u.oid = m.member
                           WHERE g.rolname = group_name AND u.rolname = current_user) $$)"_s,
        // The agent of a row is the login that wrote it, whatever the client says.
        uR"(CREATE FUNCTION leadrelay_set_agent() RETURNS trigger LANGUAGE plpgsql
            SET search_path = public, pg_temp AS $$
            BEGIN
                IF leadrelay_member_of('leadrelay_agent') THEN
                    NEW.agent := current_user;
                END IF;
                RETURN NEW;
            END $$)"_s,
        u"CREATE TRIGGER submissions_agent BEFORE INSERT OR UPDATE OF agent ON submissions "
        "FOR EACH ROW EXECUTE FUNCTION leadrelay_set_agent()"_s,
        // Every open view learns of every change on the floor (LISTEN leadrelay_history), without polling.
        uR"(CREATE FUNCTION leadrelay_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('leadrelay_history', NEW.id);
                RETURN NULL;
            END $$)"_s,
        u"CREATE TRIGGER submissions_notify AFTER INSERT OR UPDATE ON submissions "
        "FOR EACH ROW EXECUTE FUNCTION leadrelay_notify()"_s,
        uR"(CREATE FUNCTION leadrelay_find_duplicate(p_phone text, p_vendor text, p_since text, p_skip1 text,
                                                     p_skip2 text, p_skip3 text)
            RETURNS TABLE (id text, created_at text, state text) LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = public, pg_temp AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtextextended('leadrelay-duplicate:' || p_vendor || ':' || p_phone, 0));
                RETURN QUERY SELECT s.id, s.created_at, s.state FROM submissions s
                    WHERE s.phone = p_phone AND s.vendor_id = p_vendor AND s.created_at >= p_since
                      AND s.state NOT IN (p_skip1, p_skip2, p_skip3)
                    ORDER BY s.created_at DESC LIMIT 1;
            END $$)"_s,
        uR"(CREATE FUNCTION leadrelay_callback_row(p_token text)
            RETURNS TABLE (id text, final integer, messages text, field_issues text, vendor_lead_id text,
                           vendor_transaction_id text)
            LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT s.id, s.final, s.messages, s.field_issues, s.vendor_lead_id, s.vendor_transaction_id
            FROM submissions s WHERE s.callback_token = p_token FOR UPDATE $$)"_s,
        uR"(CREATE FUNCTION leadrelay_final_result(p_state text, p_billable integer, p_at text, p_messages text,
                                                   p_issues text, p_lead_id text, p_transaction_id text, p_token text)
            RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            UPDATE submissions SET state = p_state, billable = p_billable, final = 1, finalised_at = p_at,
                callback_unparsable = 0, messages = p_messages, field_issues = p_issues, vendor_lead_id = p_lead_id,
                vendor_transaction_id = p_transaction_id
            WHERE callback_token = p_token $$)"_s,
        uR"(CREATE FUNCTION leadrelay_final_unparsable(p_at text, p_token text)
            RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            UPDATE submissions SET callback_unparsable = 1, finalised_at = p_at WHERE callback_token = p_token $$)"_s,
        uR"(CREATE FUNCTION leadrelay_final_body(p_body text, p_base64 integer, p_token text)
            RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            UPDATE submission_payloads SET callback_body = p_body, callback_body_base64 = p_base64
            WHERE submission_id = (SELECT id FROM submissions WHERE callback_token = p_token) $$)"_s,
        // Nobody but the owner may touch anything unless granted below.
        u"REVOKE ALL ON submissions, submission_payloads, batch_rows, schema_version, team_settings FROM PUBLIC"_s,
        u"REVOKE ALL ON FUNCTION leadrelay_find_duplicate(text, text, text, text, text, text), "
        "leadrelay_callback_row(text), leadrelay_final_result(text, integer, text, text, text, text, text, text), "
        "leadrelay_final_unparsable(text, text), leadrelay_final_body(text, integer, text) FROM PUBLIC"_s,
        u"GRANT SELECT ON schema_version, team_settings TO leadrelay_agent, leadrelay_supervisor, "
        "leadrelay_receiver"_s,
        u"GRANT SELECT, INSERT, UPDATE ON submissions, submission_payloads TO leadrelay_agent"_s,
        u"GRANT SELECT, INSERT, UPDATE, DELETE ON batch_rows TO leadrelay_agent"_s,
        u"GRANT SELECT ON submissions, submission_payloads, batch_rows TO leadrelay_supervisor"_s,
        u"GRANT EXECUTE ON FUNCTION leadrelay_find_duplicate(text, text, text, text, text, text) TO leadrelay_agent"_s,
        // The receiver applies final results; so does an agent's own in-app receiver (training). A token is a
        // secret only the row's writer and the vendor know.
        u"GRANT EXECUTE ON FUNCTION leadrelay_callback_row(text), "
        "leadrelay_final_result(text, integer, text, text, text, text, text, text), "
        "leadrelay_final_unparsable(text, text), leadrelay_final_body(text, integer, text) "
        "TO leadrelay_receiver, leadrelay_agent"_s,
        u"ALTER TABLE submissions ENABLE ROW LEVEL SECURITY"_s,
        u"ALTER TABLE submission_payloads ENABLE ROW LEVEL SECURITY"_s,
        u"ALTER TABLE batch_rows ENABLE ROW LEVEL SECURITY"_s,
        u"CREATE POLICY agent_rows ON submissions TO leadrelay_agent "
        "USING (agent = current_user) WITH CHECK (agent = current_user)"_s,
        u"CREATE POLICY supervisor_rows ON submissions FOR SELECT TO leadrelay_supervisor USING (true)"_s,
        u"CREATE POLICY agent_rows ON submission_payloads TO leadrelay_agent "
        "USING (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id)) "
        "WITH CHECK (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id))"_s,
        u"CREATE POLICY supervisor_rows ON submission_payloads FOR SELECT TO leadrelay_supervisor USING (true)"_s,
        u"CREATE POLICY agent_rows ON batch_rows TO leadrelay_agent "
        "USING (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id)) "
        "WITH CHECK (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id))"_s,
        u"CREATE POLICY supervisor_rows ON batch_rows FOR SELECT TO leadrelay_supervisor USING (true)"_s,
    };
}

} // namespace

const HistoryDialect &HistoryDialect::sqlite()
{
    static const HistoryDialect dialect{
        u"QSQLITE"_s,
        u"BEGIN IMMEDIATE"_s,
        QString(),
        true,
        u"SELECT id, created_at, state FROM submissions WHERE phone = ? AND vendor_id = ? "
        "AND created_at >= ? AND state NOT IN (?, ?, ?) ORDER BY created_at DESC LIMIT 1"_s,
        u"SELECT id, final, messages, field_issues, vendor_lead_id, vendor_transaction_id "
        "FROM submissions WHERE callback_token = ?"_s,
        u"UPDATE submissions SET state = ?, billable = ?, final = 1, finalised_at = ?, callback_unparsable = 0, "
        "messages = ?, field_issues = ?, vendor_lead_id = ?, vendor_transaction_id = ? WHERE callback_token = ?"_s,
        u"UPDATE submissions SET callback_unparsable = 1, finalised_at = ? WHERE callback_token = ?"_s,
        u"UPDATE submission_payloads SET callback_body = ?, callback_body_base64 = ? "
        "WHERE submission_id = (SELECT id FROM submissions WHERE callback_token = ?)"_s,
        AnswerRow,
        {TeamSettingsTable},
        {},
    };
    return dialect;
}

const HistoryDialect &HistoryDialect::postgres()
{
    static const HistoryDialect dialect{
        u"QPSQL"_s,
        u"BEGIN"_s,
        u"SELECT pg_advisory_xact_lock(hashtextextended('leadrelay-migration', 0))"_s,
        false,
        u"SELECT id, created_at, state FROM leadrelay_find_duplicate(?, ?, ?, ?, ?, ?)"_s,
        u"SELECT id, final, messages, field_issues, vendor_lead_id, vendor_transaction_id "
        "FROM leadrelay_callback_row(?)"_s,
        u"SELECT leadrelay_final_result(?, ?, ?, ?, ?, ?, ?, ?)"_s,
        u"SELECT leadrelay_final_unparsable(?, ?)"_s,
        u"SELECT leadrelay_final_body(?, ?, ?)"_s,
        AnswerRow + u" FOR UPDATE"_s,
        postgresTeamStep(),
        {
            u"GRANT UPDATE (returned_at, return_reason, return_recorded_at) ON submissions TO leadrelay_supervisor"_s,
            u"CREATE POLICY supervisor_returns ON submissions FOR UPDATE TO leadrelay_supervisor "
            "USING (true) WITH CHECK (true)"_s,
        },
    };
    return dialect;
}

const HistoryDialect &HistoryDialect::of(const QSqlDatabase &db)
{
    return db.driverName() == u"QPSQL"_s ? postgres() : sqlite();
}

} // namespace LeadRelay
