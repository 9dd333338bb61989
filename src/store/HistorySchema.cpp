// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistorySchema.h"

#include "HistoryDialect.h"
#include "HistorySearch.h"
#include "HistorySql.h"
#include "MigrationBulkImport.h"
#include "MigrationCompactPayloads.h"
#include "MigrationConsent.h"
#include "MigrationDnc.h"
#include "MigrationLookups.h"
#include "MigrationRollup.h"
#include "MigrationTrimIndexes.h"
#include "StoreLog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// Migration N brings the schema from version N-1 to N. Append new steps; never edit a released one.
// Portable DDL only (SQLite and PostgreSQL): TEXT, INTEGER, BIGINT; times are ISO-8601 UTC text.
QList<QStringList> migrations(const HistoryDialect &dialect)
{
    return {
        // 1: submissions, their payloads, and an index behind every filter and sort of the history view.
        {
            uR"(CREATE TABLE submissions (
                id TEXT NOT NULL PRIMARY KEY,
                created_at TEXT NOT NULL,
                answered_at TEXT,
                agent TEXT NOT NULL DEFAULT '',
                vendor_id TEXT NOT NULL,
                account_mode TEXT NOT NULL DEFAULT '',
                campaign TEXT NOT NULL DEFAULT '',
                customer_name TEXT NOT NULL DEFAULT '',
                phone TEXT NOT NULL DEFAULT '',
                http_status INTEGER NOT NULL DEFAULT 0,
                state TEXT NOT NULL,
                billable INTEGER NOT NULL DEFAULT 0,
                final INTEGER NOT NULL DEFAULT 0,
                vendor_lead_id TEXT NOT NULL DEFAULT '',
                vendor_transaction_id TEXT NOT NULL DEFAULT '',
                messages TEXT NOT NULL DEFAULT '[]',
                field_issues TEXT NOT NULL DEFAULT '[]',
                duration_ms BIGINT NOT NULL DEFAULT -1,
                callback_token TEXT UNIQUE,
                finalised_at TEXT,
                callback_unparsable INTEGER NOT NULL DEFAULT 0
            ))"_s,
            // The big texts, apart, so searching and counting scan small rows.
            uR"(CREATE TABLE submission_payloads (
                submission_id TEXT NOT NULL PRIMARY KEY REFERENCES submissions (id),
                lead_json TEXT NOT NULL,
                redacted_request TEXT,
                raw_answer TEXT,
                raw_answer_base64 INTEGER NOT NULL DEFAULT 0,
                callback_body TEXT,
                callback_body_base64 INTEGER NOT NULL DEFAULT 0
            ))"_s,
            // With id, so a deep page finds its ids in the index alone (see HistoryStore::query()).
            u"CREATE INDEX submissions_created ON submissions (created_at, id)"_s,
            u"CREATE INDEX submissions_vendor_created ON submissions (vendor_id, created_at)"_s,
            u"CREATE INDEX submissions_state_created ON submissions (state, created_at)"_s,
            // "nTherm, sold, this month": the supervisors' usual question, counted from the index alone.
            u"CREATE INDEX submissions_vendor_state_created ON submissions (vendor_id, state, created_at)"_s,
            u"CREATE INDEX submissions_agent_created ON submissions (agent, created_at)"_s,
            // The duplicate guard: one phone, one vendor, newest first.
            u"CREATE INDEX submissions_phone_vendor_created ON submissions (phone, vendor_id, created_at)"_s,
            u"CREATE INDEX submissions_customer_created ON submissions (customer_name, created_at)"_s,
            u"CREATE INDEX submissions_campaign_created ON submissions (campaign, created_at)"_s,
            u"CREATE INDEX submissions_billable_created ON submissions (billable, created_at)"_s,
            u"CREATE INDEX submissions_final_created ON submissions (final, created_at)"_s,
            // Preliminary rows waiting for a callback (awaiting_final, stale marking); dropped by migration 14.
            u"CREATE INDEX submissions_state_final_answered ON submissions (state, final, answered_at)"_s,
        },
        // 2: who wrote a row (crash recovery asks whether that writer still lives, see WriterLock), and whether
        // recovery declared the row interrupted (a late answer from the side journal may still replace that).
        {
            u"ALTER TABLE submissions ADD COLUMN writer_id TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE submissions ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0"_s,
        },
        // 3: batch rows already recorded, so a batch run again after an interruption never sends a row twice
        // (HistoryStore::writeGroup()); the key is a hash of the vendor and the lead (BatchRowKey).
        {
            uR"(CREATE TABLE batch_rows (
                row_key TEXT NOT NULL PRIMARY KEY,
                submission_id TEXT NOT NULL REFERENCES submissions (id),
                batch_id TEXT NOT NULL DEFAULT '',
                line INTEGER NOT NULL DEFAULT 0
            ))"_s,
            u"CREATE INDEX batch_rows_submission ON batch_rows (submission_id)"_s,
        },
        // 4: the team's settings (one callback base for the floor); on a team server also its roles, row-level
        // security and the functions that act past it (HistoryDialect::teamStep).
        dialect.teamStep,
        // 5: a buyer's return (disputed, duplicate, wrong number): the buyer's date and reason, and when LeadRelay
        // recorded it. A returned row stops counting as billable; billable itself keeps what the vendor said.
        QStringList{
            u"ALTER TABLE submissions ADD COLUMN returned_at TEXT"_s,
            u"ALTER TABLE submissions ADD COLUMN return_reason TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE submissions ADD COLUMN return_recorded_at TEXT"_s,
        } + dialect.returnsGrants,
        // 6: the free-text search index (HistorySearch.h), backfilled.
        HistorySearch::migrationStep(dialect),
        // 7: the dashboard's roll-up, kept in step by triggers in the same transaction as every write.
        migrationRollup(dialect),
        // 8: payloads compressed with a dictionary kept in the history; indexes that no longer earn their bytes.
        compactPayloadsStep(dialect),
        // 9: consent scripts and the hash-chained consent records (MigrationConsent.cpp).
        consentMigration(dialect),
        // 10: the company do-not-call list, shared by the floor (MigrationDnc.cpp).
        dncMigration(dialect),
        // 11: indexes for the dashboard's stale count and the returns lookup (MigrationLookups.cpp).
        lookupsMigration(dialect),
        // 12: indexes the size goal cannot afford (MigrationTrimIndexes.cpp).
        trimIndexesMigration(dialect),
        // 13: a bulk import adds to the roll-up once per batch (MigrationBulkImport.h).
        bulkImportMigration(dialect),
        // 14: the awaiting rows' full index, which migration 11's partial one replaces (MigrationTrimIndexes.cpp).
        trimAwaitingIndexMigration(dialect),
    };
}

// 1 when step `version` is recorded as applied, 0 when not (or no version table yet), -1 with error set.
int isRecorded(const QSqlDatabase &db, int version, QString *error)
{
    if (!db.tables().contains(u"schema_version"_s))
        return 0;
    QSqlQuery query(db);
    query.prepare(u"SELECT 1 FROM schema_version WHERE version = ?"_s);
    query.addBindValue(version);
    if (!query.exec()) {
        *error = query.lastError().text();
        return -1;
    }
    return query.next() ? 1 : 0;
}

} // namespace

QString HistorySchema::tooNewError(int version)
{
    return QCoreApplication::translate(
               "LeadRelay::HistoryStore",
               "The history was written by a newer version of LeadRelay (schema %1; this version knows up "
               "to %2). It was left unchanged; update LeadRelay to open it.")
        .arg(version)
        .arg(knownVersion());
}

int HistorySchema::knownVersion()
{
    return int(migrations(HistoryDialect::sqlite()).size());
}

int HistorySchema::currentVersion(const QSqlDatabase &db, QString *error)
{
    if (!db.tables().contains(u"schema_version"_s))
        return 0;
    QSqlQuery query(db);
    if (!query.exec(u"SELECT MAX(version) FROM schema_version"_s) || !query.next()) {
        *error = query.lastError().text();
        return -1;
    }
    return query.value(0).isNull() ? 0 : query.value(0).toInt();
}

int HistorySchema::migrate(const QSqlDatabase &db, QString *error, int upTo)
{
    const int last = upTo < 0 ? knownVersion() : qMin(upTo, knownVersion());
    // Check before writing anything, so a newer file is refused untouched.
    const int version = currentVersion(db, error);
    if (version < 0)
        return -1;
    if (version > knownVersion()) {
        *error = tooNewError(version);
        return -1;
    }
    // Every step not recorded yet, in order: normally those above the version, and also one whose record is
    // missing below it (a step undone by hand: its tables dropped and its record deleted) runs again.
    QList<int> pending;
    {
        QSet<int> recorded;
        if (version > 0) {
            QSqlQuery query(db);
            if (!query.exec(u"SELECT version FROM schema_version"_s)) {
                *error = query.lastError().text();
                return -1;
            }
            while (query.next())
                recorded.insert(query.value(0).toInt());
        }
        for (int target = 1; target <= last; ++target) {
            if (!recorded.contains(target))
                pending << target;
        }
    }
    for (const int target : std::as_const(pending)) {
        HistorySql::WriteTransaction transaction(db);
        if (!transaction.isActive()) {
            *error = transaction.error();
            return -1;
        }
        const HistoryDialect &dialect = HistoryDialect::of(db);
        if (!dialect.migrationLock.isEmpty()) {
            QSqlQuery lock(db);
            if (!lock.exec(dialect.migrationLock)) {
                *error = lock.lastError().text();
                return -1;
            }
        }
        {
            // Inside the locked transaction: two processes creating one history at once make this table once.
            QSqlQuery query(db);
            if (!query.exec(u"CREATE TABLE IF NOT EXISTS schema_version ("
                            "version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)"_s)) {
                *error = query.lastError().text();
                return -1;
            }
        }
        // Another process may have migrated while we waited for the write lock.
        const int recorded = isRecorded(db, target, error);
        if (recorded < 0)
            return -1;
        if (recorded)
            continue;
        const QList<QStringList> steps = migrations(dialect);
        for (const QString &statement : steps.at(target - 1)) {
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                *error = QCoreApplication::translate("LeadRelay::HistoryStore", "Schema migration %1 failed: %2")
                             .arg(target)
                             .arg(query.lastError().text());
                return -1;
            }
        }
        QSqlQuery mark(db);
        mark.prepare(u"INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"_s);
        mark.addBindValue(target);
        mark.addBindValue(HistorySql::timeValue(QDateTime::currentDateTimeUtc()));
        if (!mark.exec()) {
            *error = mark.lastError().text();
            return -1;
        }
        if (!transaction.commit()) {
            *error = transaction.error();
            return -1;
        }
        qCInfo(lcStore) << "History schema migrated to version" << target;
    }
    return currentVersion(db, error);
}

} // namespace LeadRelay
