// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QStringList>

namespace LeadRelay
{

// The SQL that differs between the two backends, beside each other: everything else the store runs is the same
// portable text on SQLite and PostgreSQL. Chosen once, by the connection's driver.
//
// On a team server an agent's login sees only its own rows (row-level security), and the receiver's login sees
// no row at all, so the two steps that must look past that go through SECURITY DEFINER functions that do exactly
// one thing: the floor-wide duplicate lookup (which also takes the lock that makes it atomic) and applying a
// final result to the row holding a callback token. Each statement takes the same parameters, in the same order,
// on both backends.
struct HistoryDialect
{
    QString driver;
    // Starts a write transaction. SQLite: BEGIN IMMEDIATE takes the write lock up front, so a read-then-write
    // never fails halfway with SQLITE_BUSY. PostgreSQL: row locks and the advisory locks below do that work.
    QString beginWrite;
    // Serialises schema migrations run by two processes at once (SQLite's BEGIN IMMEDIATE already does).
    QString migrationLock;
    // LIKE ignores (ASCII) case by itself, as SQLite's does; PostgreSQL's needs LOWER() on both sides.
    bool nativeCaseInsensitiveLike = false;
    // (phone, vendor, since, three states that do not count) -> id, created_at, state of the newest duplicate.
    // On PostgreSQL it first takes a transaction-scoped advisory lock on vendor + phone, so two desks checking the
    // same lead queue behind each other until the first one's row is committed.
    QString duplicateLookup;
    // (token) -> id, final, messages, field_issues, vendor_lead_id, vendor_transaction_id, row locked.
    QString callbackRow;
    // (state, billable, finalised_at, messages, field_issues, vendor_lead_id, vendor_transaction_id, token)
    QString finalResult;
    // (finalised_at, token): a callback that said nothing readable.
    QString finalUnparsable;
    // (callback_body, callback_body_base64, token)
    QString finalBody;
    // (id) -> final, messages, field_issues, vendor_lead_id, vendor_transaction_id, state, interrupted: the row a
    // vendor's answer is about to be written over. On PostgreSQL it is locked (FOR UPDATE) until the answer is
    // committed: otherwise a final result the receiver commits between this read and the answer's write is
    // overwritten by the preliminary answer. SQLite's BEGIN IMMEDIATE already keeps every other writer out.
    QString answerRow;
    // Migration 4 (team): what this backend needs for a floor (roles, row-level security, functions, triggers).
    QStringList teamStep;
    // Migration 5 (returns): on a team server, supervisors may record a buyer's return on any row, and only that.
    QStringList returnsGrants;

    static const HistoryDialect &of(const QSqlDatabase &db);
    static const HistoryDialect &sqlite();
    static const HistoryDialect &postgres();
};

} // namespace LeadRelay
