// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to the store: shared by HistoryStore.cpp (writes) and HistoryStoreQuery.cpp (reads).

#include "HistoryBackend.h"
#include "HistoryStore.h"
#include "PayloadDictionaries.h"
#include "SideJournal.h"
#include "WriterLock.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace LeadRelay
{

struct HistoryStore::Private
{
    QString path;
    HistoryLocation location;
    std::unique_ptr<HistoryBackend> backend;
    HistoryStore::Role role = HistoryStore::Role::Desk;
    bool connectionLost = false; // a team server's connection broke: ready() reconnects
    Clock clock;
    QString connectionName;
    QSqlDatabase db;
    QString lastError;
    int schemaVersion = 0;
    bool open = false;
    std::unique_ptr<WriterLiveness> writer; // while open
    std::unique_ptr<SideJournal> journal;
    PayloadDictionaries dictionaries; // of this history; payloads are compressed with the newest
};

// SQLite's error in the user's words where it matters to them: a full disk says so (SQLite reports it as
// "database or disk is full", or as a plain "disk I/O error" when a write hits ENOSPC).
QString plainDatabaseError(const QString &databaseText, const QString &path);

// The SQL of the duplicate guard's lookup (see HistoryStore::findDuplicate()), shared by the lookup and by
// beginChecked(), which runs it inside its write transaction.
std::optional<DuplicateHit> findDuplicateIn(const QSqlDatabase &db, const QString &vendorId, const QString &phoneDigits,
                                            const QDateTime &since, QString *error);

// Prepares fixed SQL text and binds the values positionally: user input never becomes SQL text.
inline bool execBound(QSqlQuery &query, const QString &sql, const QVariantList &values)
{
    if (!query.prepare(sql))
        return false;
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec();
}

} // namespace LeadRelay
