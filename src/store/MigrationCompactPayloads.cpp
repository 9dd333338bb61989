// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrationCompactPayloads.h"

#include "HistoryDialect.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// What both backends get: the dictionaries, the pass's bookmark, and the indexes that no longer earn their bytes.
//
// Every query the store runs was checked with EXPLAIN QUERY PLAN (tst_historyquery: filtersUseIndexes,
// sortsUseIndexes). Each index costs 40 to 80 bytes per row; the 11 of schema 1 were a third of the file once the
// payloads were compressed. Every filter's count and page, the first page and the duplicate guard keep theirs, and
// so do the sorts of the columns with many values. Dropped:
// - submissions_billable_created, submissions_final_created: they served only the Billable and Final column sorts
//   (two values each; no filter uses them). Such a sort now reads the slim table once for its top 100
//   (0.28 s at 100,000 rows measured under load): a rare click, against 77 bytes on every row.
// The full-text index of migration 6 does not make any of the others redundant: the search used none of them.
QStringList common()
{
    return {
        u"CREATE TABLE payload_compaction (id INTEGER NOT NULL PRIMARY KEY, after_id TEXT NOT NULL DEFAULT '', "
        "done INTEGER NOT NULL DEFAULT 0, updated_at TEXT)"_s,
        u"INSERT INTO payload_compaction (id, after_id, done) VALUES (1, '', 0)"_s,
        u"DROP INDEX submissions_billable_created"_s,
        u"DROP INDEX submissions_final_created"_s,
    };
}

QStringList sqliteStep()
{
    // SQLite's columns take a BLOB as they are (TEXT affinity never converts one), so only new tables.
    return QStringList{u"CREATE TABLE payload_dictionaries (id INTEGER NOT NULL PRIMARY KEY, "
                       "created_at TEXT NOT NULL, bytes BLOB NOT NULL)"_s} +
           common();
}

QStringList postgresStep()
{
    return QStringList{
               u"CREATE TABLE payload_dictionaries (id INTEGER NOT NULL PRIMARY KEY, created_at TEXT NOT NULL, "
               "bytes BYTEA NOT NULL)"_s,
               // Measured: text would leave a 1.3 KB lead uncompressed (TOAST compresses only values over 2 KB), and
               // compressed bytes in text would need base64 (a third more). bytea holds them as they are; the text
               // already stored becomes its UTF-8 bytes, read as before (PayloadCodec.h).
               u"ALTER TABLE submission_payloads "
               "ALTER COLUMN lead_json TYPE BYTEA USING convert_to(lead_json, 'UTF8'), "
               "ALTER COLUMN redacted_request TYPE BYTEA USING convert_to(redacted_request, 'UTF8'), "
               "ALTER COLUMN raw_answer TYPE BYTEA USING convert_to(raw_answer, 'UTF8'), "
               "ALTER COLUMN callback_body TYPE BYTEA USING convert_to(callback_body, 'UTF8')"_s,
               // Already compressed: TOAST's own pglz would only spend time on them.
               u"ALTER TABLE submission_payloads ALTER COLUMN lead_json SET STORAGE EXTERNAL, "
               "ALTER COLUMN redacted_request SET STORAGE EXTERNAL, ALTER COLUMN raw_answer SET STORAGE EXTERNAL, "
               "ALTER COLUMN callback_body SET STORAGE EXTERNAL"_s,
               u"DROP FUNCTION leadrelay_final_body(text, integer, text)"_s,
               uR"(CREATE FUNCTION leadrelay_final_body(p_body bytea, p_base64 integer, p_token text)
            RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            UPDATE submission_payloads SET callback_body = p_body, callback_body_base64 = p_base64
            WHERE submission_id = (SELECT id FROM submissions WHERE callback_token = p_token) $$)"_s,
           } +
           common() +
           QStringList{
               u"REVOKE ALL ON FUNCTION leadrelay_final_body(bytea, integer, text) FROM PUBLIC"_s,
               u"GRANT EXECUTE ON FUNCTION leadrelay_final_body(bytea, integer, text) "
               "TO leadrelay_receiver, leadrelay_agent"_s,
               u"REVOKE ALL ON payload_dictionaries, payload_compaction FROM PUBLIC"_s,
               // Every login decompresses with them (the receiver compresses a callback body with the newest); an
               // agent's desk may add the first one (PayloadDictionaries::trainIfDue), never change one.
               u"GRANT SELECT ON payload_dictionaries TO leadrelay_agent, leadrelay_supervisor, leadrelay_receiver"_s,
               u"GRANT INSERT ON payload_dictionaries TO leadrelay_agent"_s,
               u"GRANT SELECT ON payload_compaction TO leadrelay_agent, leadrelay_supervisor"_s,
               u"ALTER TABLE payload_dictionaries ENABLE ROW LEVEL SECURITY"_s,
               u"ALTER TABLE payload_compaction ENABLE ROW LEVEL SECURITY"_s,
               u"CREATE POLICY everyone_reads ON payload_dictionaries FOR SELECT "
               "TO leadrelay_agent, leadrelay_supervisor, leadrelay_receiver USING (true)"_s,
               u"CREATE POLICY agent_adds ON payload_dictionaries FOR INSERT TO leadrelay_agent WITH CHECK (true)"_s,
               u"CREATE POLICY everyone_reads ON payload_compaction FOR SELECT "
               "TO leadrelay_agent, leadrelay_supervisor USING (true)"_s,
           };
}

} // namespace

QStringList compactPayloadsStep(const HistoryDialect &dialect)
{
    return dialect.driver == u"QPSQL"_s ? postgresStep() : sqliteStep();
}

} // namespace LeadRelay
