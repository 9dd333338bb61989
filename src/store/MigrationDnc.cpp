// SPDX-License-Identifier: GPL-3.0-or-later
#include "MigrationDnc.h"

#include "HistoryDialect.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// Portable: the table, its lookup index.
QStringList common()
{
    return {
        uR"(CREATE TABLE dnc_entries (
            id TEXT NOT NULL PRIMARY KEY,
            phone TEXT NOT NULL,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            removed_at TEXT,
            removed_by TEXT NOT NULL DEFAULT '',
            removal_reason TEXT NOT NULL DEFAULT ''
        ))"_s,
        // The refusal before sending looks a phone up on every submission.
        u"CREATE INDEX dnc_entries_phone ON dnc_entries (phone, removed_at)"_s,
    };
}

QStringList sqlite()
{
    // The same guarantees as the server's triggers, for a desk's own file: a removal says why, is final, and
    // nothing is ever deleted.
    return {
        uR"(CREATE TRIGGER dnc_entries_no_delete BEFORE DELETE ON dnc_entries
            BEGIN SELECT RAISE(ABORT, 'do-not-call entries are never deleted'); END)"_s,
        uR"(CREATE TRIGGER dnc_entries_removal BEFORE UPDATE ON dnc_entries
            WHEN OLD.removed_at IS NOT NULL OR NEW.removed_at IS NULL OR NEW.removal_reason = ''
              OR NEW.phone IS NOT OLD.phone OR NEW.added_at IS NOT OLD.added_at OR NEW.added_by IS NOT OLD.added_by
              OR NEW.reason IS NOT OLD.reason
            BEGIN SELECT RAISE(ABORT, 'a do-not-call entry only records its removal, once, with a reason'); END)"_s,
    };
}

QStringList postgres()
{
    return {
        // Who added or removed an entry is the login that did it, whatever the client says.
        uR"(CREATE FUNCTION leadrelay_dnc_guard() RETURNS trigger LANGUAGE plpgsql
            SET search_path = public, pg_temp AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    RAISE EXCEPTION 'do-not-call entries are never deleted';
                END IF;
                IF TG_OP = 'INSERT' THEN
                    IF leadrelay_member_of('leadrelay_agent') OR leadrelay_member_of('leadrelay_supervisor') THEN
                        NEW.added_by := current_user;
                    END IF;
                    NEW.removed_at := NULL;
                    NEW.removed_by := '';
                    NEW.removal_reason := '';
                    RETURN NEW;
                END IF;
                IF OLD.removed_at IS NOT NULL OR NEW.removed_at IS NULL OR NEW.removal_reason = '' THEN
                    RAISE EXCEPTION 'a do-not-call entry only records its removal, once, with a reason';
                END IF;
                IF leadrelay_member_of('leadrelay_supervisor') THEN
                    NEW.removed_by := current_user;
                END IF;
                RETURN NEW;
            END $$)"_s,
        u"CREATE TRIGGER dnc_entries_guard BEFORE INSERT OR UPDATE OR DELETE ON dnc_entries "
        "FOR EACH ROW EXECUTE FUNCTION leadrelay_dnc_guard()"_s,
        u"REVOKE ALL ON dnc_entries FROM PUBLIC"_s,
        // The whole floor honours one list: every login that sends reads all of it and may add to it.
        u"GRANT SELECT, INSERT ON dnc_entries TO leadrelay_agent, leadrelay_supervisor"_s,
        // Only a supervisor takes a number off the list, and only by recording the removal.
        u"GRANT UPDATE (removed_at, removed_by, removal_reason) ON dnc_entries TO leadrelay_supervisor"_s,
        u"ALTER TABLE dnc_entries ENABLE ROW LEVEL SECURITY"_s,
        u"CREATE POLICY floor_reads ON dnc_entries FOR SELECT TO leadrelay_agent, leadrelay_supervisor "
        "USING (true)"_s,
        u"CREATE POLICY floor_adds ON dnc_entries FOR INSERT TO leadrelay_agent, leadrelay_supervisor "
        "WITH CHECK (removed_at IS NULL)"_s,
        u"CREATE POLICY supervisor_removes ON dnc_entries FOR UPDATE TO leadrelay_supervisor "
        "USING (removed_at IS NULL) WITH CHECK (removed_at IS NOT NULL)"_s,
    };
}

} // namespace

QStringList dncMigration(const HistoryDialect &dialect)
{
    return common() + (dialect.driver == u"QPSQL"_s ? postgres() : sqlite());
}

} // namespace LeadRelay
