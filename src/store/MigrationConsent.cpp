// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrationConsent.h"

#include "HistoryDialect.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QStringList commonStatements()
{
    return {
        uR"(CREATE TABLE consent_scripts (
            script_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            language TEXT NOT NULL DEFAULT 'en',
            title TEXT NOT NULL DEFAULT '',
            disclosure TEXT NOT NULL DEFAULT '',
            questions TEXT NOT NULL DEFAULT '[]',
            sellers TEXT NOT NULL DEFAULT '[]',
            purpose TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (script_id, version)
        ))"_s,
        // content is the canonical JSON that content_hash covers; NULL once retention left a tombstone.
        uR"(CREATE TABLE consent_records (
            seq BIGINT NOT NULL PRIMARY KEY,
            submission_id TEXT NOT NULL REFERENCES submissions (id),
            created_at TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            record_hash TEXT NOT NULL,
            content TEXT,
            tombstoned_at TEXT
        ))"_s,
        u"CREATE INDEX consent_records_submission ON consent_records (submission_id)"_s,
        u"ALTER TABLE submissions ADD COLUMN personal_data_removed_at TEXT"_s,
        // The shipped examples; plain text a supervisor edits in Settings (a new version each time).
        uR"(INSERT INTO consent_scripts (script_id, version, language, title, disclosure, questions, sellers,
                purpose, created_at, created_by) VALUES ('energy-en', 1, 'en', 'Energy offers (English)',
            'Before we continue, I need your permission. Example Energy Supply LLC and Example Home Services Inc. ' ||
            'would like to call you at the number you gave me, including with automated technology, about ' ||
            'electricity and natural gas offers. Your consent is not a condition of any purchase, and you can ' ||
            'withdraw it at any time by telling us.',
            '["Do you agree to be contacted at this number by the companies I named about energy offers?",' ||
            '"Do you confirm that you are the account holder or authorised to decide for this address?"]',
            '["Example Energy Supply LLC","Example Home Services Inc."]',
            'Telephone calls about electricity and natural gas supply offers', '2026-12-01T00:00:00.000Z',
            'LeadRelay'))"_s,
        uR"(INSERT INTO consent_scripts (script_id, version, language, title, disclosure, questions, sellers,
                purpose, created_at, created_by) VALUES ('energy-es', 1, 'es', 'Ofertas de energía (español)',
            'Antes de continuar, necesito su permiso. Example Energy Supply LLC y Example Home Services Inc. ' ||
            'desean llamarle al número que me dio, incluso con tecnología automatizada, sobre ofertas de ' ||
            'electricidad y gas natural. Su consentimiento no es condición para ninguna compra y puede retirarlo ' ||
            'en cualquier momento diciéndonoslo.',
            '["¿Acepta que las compañías que mencioné le llamen a este número sobre ofertas de energía?",' ||
            '"¿Confirma que es el titular de la cuenta o que está autorizado a decidir por esta dirección?"]',
            '["Example Energy Supply LLC","Example Home Services Inc."]',
            'Llamadas telefónicas sobre ofertas de suministro de electricidad y gas natural',
            '2026-12-01T00:00:00.000Z', 'LeadRelay'))"_s,
    };
}

// A desk's own file: triggers keep the records append-only for the app and any careless tool; only retention's
// tombstone (content gone, every hash kept) is let through.
QStringList sqliteStatements()
{
    return {
        u"CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records "
        "BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END"_s,
        u"CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records "
        "WHEN NOT (NEW.content IS NULL AND OLD.content IS NOT NULL AND NEW.tombstoned_at IS NOT NULL "
        "AND NEW.seq = OLD.seq AND NEW.submission_id = OLD.submission_id AND NEW.created_at = OLD.created_at "
        "AND NEW.prev_hash = OLD.prev_hash AND NEW.content_hash = OLD.content_hash "
        "AND NEW.record_hash = OLD.record_hash) "
        "BEGIN SELECT RAISE(ABORT, 'consent records are append-only'); END"_s,
    };
}

QStringList postgresStatements()
{
    return {
        uR"(CREATE FUNCTION leadrelay_consent_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' THEN
                    IF NEW.content IS NULL AND OLD.content IS NOT NULL AND NEW.tombstoned_at IS NOT NULL
                       AND NEW.seq = OLD.seq AND NEW.submission_id = OLD.submission_id
                       AND NEW.created_at = OLD.created_at AND NEW.prev_hash = OLD.prev_hash
                       AND NEW.content_hash = OLD.content_hash AND NEW.record_hash = OLD.record_hash THEN
                        RETURN NEW;
                    END IF;
                END IF;
                RAISE EXCEPTION 'consent records are append-only';
            END $$)"_s,
        u"CREATE TRIGGER consent_records_append_only BEFORE UPDATE OR DELETE ON consent_records "
        "FOR EACH ROW EXECUTE FUNCTION leadrelay_consent_guard()"_s,
        u"CREATE TRIGGER consent_records_no_truncate BEFORE TRUNCATE ON consent_records "
        "FOR EACH STATEMENT EXECUTE FUNCTION leadrelay_consent_guard()"_s,
        // An agent sees only its own records, yet must chain onto the floor's newest one; the lock queues desks
        // appending at once until the first one's record is committed.
        uR"(CREATE FUNCTION leadrelay_consent_tail() RETURNS TABLE (seq bigint, record_hash text)
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtextextended('leadrelay-consent-chain', 0));
                RETURN QUERY SELECT c.seq, c.record_hash FROM consent_records c ORDER BY c.seq DESC LIMIT 1;
            END $$)"_s,
        // The same three steps as Retention.cpp runs on a desk's file; supervisors may run it, nobody else
        // changes a record or a row's personal data.
        uR"(CREATE FUNCTION leadrelay_retention_apply(p_before text, p_at text)
            RETURNS TABLE (submissions bigint, records bigint)
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE
                n_submissions bigint;
                n_records bigint;
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtextextended('leadrelay-consent-chain', 0));
                UPDATE consent_records c SET content = NULL, tombstoned_at = p_at
                    WHERE c.content IS NOT NULL
                      AND c.submission_id IN (SELECT s.id FROM submissions s WHERE s.created_at < p_before);
                GET DIAGNOSTICS n_records = ROW_COUNT;
                UPDATE submission_payloads p SET lead_json = '{}', redacted_request = NULL, raw_answer = NULL,
                        raw_answer_base64 = 0, callback_body = NULL, callback_body_base64 = 0
                    WHERE p.submission_id IN (SELECT s.id FROM submissions s
                                              WHERE s.created_at < p_before AND s.personal_data_removed_at IS NULL);
                UPDATE submissions s SET customer_name = '', phone = '', personal_data_removed_at = p_at
                    WHERE s.created_at < p_before AND s.personal_data_removed_at IS NULL;
                GET DIAGNOSTICS n_submissions = ROW_COUNT;
                RETURN QUERY SELECT n_submissions, n_records;
            END $$)"_s,
        u"REVOKE ALL ON consent_records, consent_scripts FROM PUBLIC"_s,
        u"REVOKE ALL ON FUNCTION leadrelay_consent_tail(), leadrelay_retention_apply(text, text) FROM PUBLIC"_s,
        // No UPDATE or DELETE for anyone: records go in through the store and never change.
        u"GRANT SELECT, INSERT ON consent_records TO leadrelay_agent"_s,
        u"GRANT SELECT ON consent_records TO leadrelay_supervisor"_s,
        u"GRANT SELECT ON consent_scripts TO leadrelay_agent, leadrelay_supervisor"_s,
        // Supervisors write the floor's scripts; a new version is a new row, an old one never changes.
        u"GRANT INSERT ON consent_scripts TO leadrelay_supervisor"_s,
        u"GRANT EXECUTE ON FUNCTION leadrelay_consent_tail() TO leadrelay_agent"_s,
        u"GRANT EXECUTE ON FUNCTION leadrelay_retention_apply(text, text) TO leadrelay_supervisor"_s,
        u"ALTER TABLE consent_records ENABLE ROW LEVEL SECURITY"_s,
        u"CREATE POLICY agent_read ON consent_records FOR SELECT TO leadrelay_agent "
        "USING (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id))"_s,
        u"CREATE POLICY agent_append ON consent_records FOR INSERT TO leadrelay_agent "
        "WITH CHECK (EXISTS (SELECT 1 FROM submissions s WHERE s.id = submission_id))"_s,
        u"CREATE POLICY supervisor_read ON consent_records FOR SELECT TO leadrelay_supervisor USING (true)"_s,
    };
}

} // namespace

QStringList consentMigration(const HistoryDialect &dialect)
{
    return commonStatements() + (dialect.driver == u"QPSQL"_s ? postgresStatements() : sqliteStatements());
}

} // namespace LeadRelay
