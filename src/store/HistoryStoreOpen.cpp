// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: opening a history (which file, which schema), crash recovery and the side journal.
#include "HistoryStore.h"

#include "HistorySchema.h"
#include "HistorySql.h"
#include "HistoryStore_p.h"
#include "StoreLog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QThread>

#include <functional>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

using namespace HistorySql;

namespace
{

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// Opening shares the file with other processes: a step that meets their lock (SQLITE_BUSY, SQLITE_LOCKED
// where busy_timeout does not apply, such as switching the journal mode while another process opens the new
// file) is tried again for this long.
constexpr int OpenRetryMs = 10000;
constexpr qint64 FullDiskBytes = 1024 * 1024;

// The history holds customers' personal data: only the owner may read it, WAL and shared-memory files included.
void restrictPermissions(const QString &path)
{
    for (const QString &file : QStringList{path, path + u"-wal"_s, path + u"-shm"_s}) {
        if (QFileInfo::exists(file) && !QFile::setPermissions(file, OwnerOnly))
            qCWarning(lcStore) << "Could not make the history file private:" << file;
    }
}

bool isBusy(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == u"5"_s || code == u"6"_s || error.text().contains(u"locked"_s);
}

// Runs step until it succeeds, fails for another reason than a lock, or OpenRetryMs pass.
bool retryWhileBusy(const std::function<bool(QSqlError *)> &step, QSqlError *error)
{
    int waitedMs = 0;
    int pauseMs = 5;
    while (true) {
        *error = QSqlError();
        if (step(error))
            return true;
        if (!isBusy(*error) || waitedMs >= OpenRetryMs)
            return false;
        QThread::msleep(pauseMs);
        waitedMs += pauseMs;
        pauseMs = qMin(pauseMs * 2, 200);
    }
}

bool execPragma(QSqlDatabase &db, const QString &sql, QSqlError *error, QVariant *value = nullptr)
{
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        *error = query.lastError();
        return false;
    }
    if (value)
        *value = query.next() ? query.value(0) : QVariant();
    return true;
}

} // namespace

QString plainDatabaseError(const QString &databaseText, const QString &path)
{
    const bool full = databaseText.contains(u"database or disk is full"_s);
    if (full || databaseText.contains(u"disk I/O error"_s)) {
        const QStorageInfo storage(QFileInfo(path).absolutePath());
        if (full || (storage.isValid() && storage.bytesAvailable() < FullDiskBytes))
            return HistoryStore::tr("the disk is full (%1): free some space").arg(storage.rootPath());
    }
    return databaseText;
}

QString HistoryStore::sideJournalPath() const
{
    return d->path + u".answers"_s;
}

// Refuses anything that is not a LeadRelay history before the first write: another application's SQLite file
// named by mistake stays byte-for-byte as it was (no journal mode, no table, not even its permissions).
bool HistoryStore::prepareFile()
{
    const QString cannotOpen = tr("Could not open the history %1").arg(d->path);
    const QFileInfo info(d->path);
    const bool fresh = !info.exists() || info.size() == 0;
    if (!fresh && !info.isFile())
        return fail(tr("%1 is not a file; choose a history file").arg(d->path), {});
    if (!info.exists()) {
        if (!QDir().mkpath(info.absolutePath()))
            return fail(tr("Could not create the folder %1").arg(info.absolutePath()), {});
        // Created empty with owner-only permissions, so the data is never readable by others, not even briefly.
        QFile file(d->path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnly) && !QFileInfo::exists(d->path))
            return fail(tr("Could not create the history file %1").arg(d->path),
                        plainDatabaseError(file.errorString(), d->path));
    }

    d->db.setDatabaseName(d->path);
    d->db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
    if (!d->db.open())
        return fail(cannotOpen, d->db.lastError().text());

    // The mark and the tables are read in one snapshot: another process may be creating this very file, and it
    // sets the mark before it creates any table, so a consistent look sees either nothing or the mark.
    QSqlError error;
    QVariant applicationId;
    QStringList tables;
    const auto look = [&](QSqlError *e) {
        tables.clear();
        if (!execPragma(d->db, u"BEGIN"_s, e))
            return false;
        QSqlQuery names(d->db);
        const bool ok = execPragma(d->db, u"PRAGMA application_id"_s, e, &applicationId) &&
                        names.exec(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s);
        if (ok) {
            while (names.next())
                tables.append(names.value(0).toString());
        } else if (e->type() == QSqlError::NoError) {
            *e = names.lastError();
        }
        names.finish();
        QSqlError ignored;
        execPragma(d->db, u"ROLLBACK"_s, &ignored);
        return ok;
    };
    if (!retryWhileBusy(look, &error)) {
        if (error.nativeErrorCode() == u"26"_s) // SQLITE_NOTADB
            return fail(tr("%1 is not a LeadRelay history (it is not a database at all). It was left unchanged; "
                           "choose another file.")
                            .arg(d->path),
                        {});
        return fail(cannotOpen, error.text());
    }
    const bool ours = applicationId.toInt() == ApplicationId;
    // Histories written before LeadRelay marked its files carry application_id 0 and its two tables.
    const bool olderOurs =
        applicationId.toInt() == 0 && tables.contains(u"schema_version"_s) && tables.contains(u"submissions"_s);
    const bool empty = applicationId.toInt() == 0 && tables.isEmpty();
    if (!ours && !olderOurs && !empty)
        return fail(tr("%1 is not a LeadRelay history (it belongs to another application). It was left unchanged; "
                       "choose another file.")
                        .arg(d->path),
                    {});
    QString text;
    const int fileVersion = HistorySchema::currentVersion(d->db, &text);
    if (fileVersion > HistorySchema::knownVersion())
        return fail(HistorySchema::tooNewError(fileVersion), {});

    restrictPermissions(d->path);
    QVariant mode;
    if (!retryWhileBusy([&](QSqlError *e) { return execPragma(d->db, u"PRAGMA journal_mode = WAL"_s, e, &mode); },
                        &error))
        return fail(cannotOpen, plainDatabaseError(error.text(), d->path));
    if (mode.toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
        qCWarning(lcStore) << "The history is not in WAL mode; concurrent readers may wait:" << mode;
    if (!execPragma(d->db, u"PRAGMA synchronous = FULL"_s, &error))
        return fail(cannotOpen, error.text());
    if (!ours &&
        !retryWhileBusy(
            [&](QSqlError *e) { return execPragma(d->db, u"PRAGMA application_id = %1"_s.arg(ApplicationId), e); },
            &error))
        return fail(cannotOpen, plainDatabaseError(error.text(), d->path));
    return true;
}

bool HistoryStore::open(const QDateTime &recoverStartedBefore)
{
    d->open = false;
    d->db.close(); // opening again starts from scratch
    d->writer.reset();
    if (!d->db.isValid())
        return fail(tr("The SQLite driver of Qt (QSQLITE) is not available"), {});
    if (!prepareFile()) {
        d->db.close();
        return false;
    }

    QString error;
    int version = -1;
    QSqlError busy;
    retryWhileBusy(
        [&](QSqlError *e) {
            error.clear();
            version = HistorySchema::migrate(d->db, &error);
            if (version < 0)
                *e = QSqlError(error, error, QSqlError::StatementError, error.contains(u"locked"_s) ? u"5"_s : u""_s);
            return version >= 0;
        },
        &busy);
    if (version < 0)
        return fail(tr("Could not prepare the history %1").arg(d->path), plainDatabaseError(error, d->path));
    if (version > HistorySchema::knownVersion())
        return fail(HistorySchema::tooNewError(version), {});
    d->schemaVersion = version;
    restrictPermissions(d->path); // WAL and shared-memory files exist now
    d->writer = std::make_unique<WriterLock>(d->path);
    d->writer->acquire();
    d->journal = std::make_unique<SideJournal>(sideJournalPath());
    d->open = true;

    if (applySideJournal() < 0)
        qCWarning(lcStore) << "Side journal not applied yet:" << d->lastError;
    if (!d->journal->reserve(&error))
        qCWarning(lcStore) << "No room reserved for answers the history cannot take:" << error;

    // Given a cutoff, the caller knows no other process uses the file; otherwise a live writer's rows are spared.
    const bool explicitCutoff = recoverStartedBefore.isValid();
    const QDateTime cutoff = explicitCutoff ? recoverStartedBefore : d->clock().addSecs(-InterruptedAfterSeconds);
    // A history that cannot be written (a full disk) must still be readable: recovery waits for the next open.
    if (recover(cutoff, !explicitCutoff) < 0)
        qCWarning(lcStore).noquote() << "Crash recovery postponed:" << d->lastError;
    return true;
}

int HistoryStore::pendingAnswers() const
{
    QString error;
    return int(SideJournal(sideJournalPath()).read(&error).size());
}

int HistoryStore::recoverInterrupted(const QDateTime &startedBefore)
{
    return recover(startedBefore, false);
}

int HistoryStore::recover(const QDateTime &startedBefore, bool spareLiveWriters)
{
    const QString what = tr("Could not recover interrupted submissions");
    auto failed = [&](const QString &text) {
        fail(what, text);
        return -1;
    };
    if (!d->open)
        return failed(tr("the history is not open"));
    const QVariant sending = outcomeStateKey(OutcomeState::Sending);
    QStringList ids;
    QStringList goneWriters;
    {
        // Read first without the write lock: recovery usually finds nothing, and must not queue behind writers.
        QSqlQuery select(d->db);
        if (!execBound(select, u"SELECT id, writer_id, created_at FROM submissions WHERE state = ?"_s, {sending}))
            return failed(plainDatabaseError(select.lastError().text(), d->path));
        while (select.next()) {
            const QString writer = select.value(1).toString();
            const WriterLock::Liveness liveness =
                d->writer ? d->writer->liveness(writer) : WriterLock::Liveness::Unknown;
            const bool old = timeFromValue(select.value(2)) < startedBefore;
            const bool spared = spareLiveWriters && liveness == WriterLock::Liveness::Alive;
            if (liveness == WriterLock::Liveness::Gone || (old && !spared)) {
                ids.append(select.value(0).toString());
                if (liveness == WriterLock::Liveness::Gone && !goneWriters.contains(writer))
                    goneWriters.append(writer);
            }
        }
    }
    if (ids.isEmpty())
        return 0;
    const QString message =
        tr("Interrupted: LeadRelay stopped while this lead was being sent. It may have reached the vendor; "
           "check with the vendor before resubmitting.");
    int changedRows = 0;
    {
        WriteTransaction transaction(d->db);
        if (!transaction.isActive())
            return failed(plainDatabaseError(transaction.error(), d->path));
        for (const QString &id : std::as_const(ids)) {
            QSqlQuery update(d->db);
            if (!execBound(update,
                           u"UPDATE submissions SET state = ?, answered_at = ?, messages = ?, interrupted = 1 "
                           "WHERE id = ? AND state = ?"_s,
                           {outcomeStateKey(OutcomeState::DeliveryUnknown), timeValue(d->clock()),
                            messagesJson({message}), id, sending}))
                return failed(plainDatabaseError(update.lastError().text(), d->path));
            changedRows += update.numRowsAffected();
        }
        if (!transaction.commit())
            return failed(plainDatabaseError(transaction.error(), d->path));
    }
    for (const QString &writer : std::as_const(goneWriters))
        d->writer->forget(writer);
    qCInfo(lcStore) << "Marked" << changedRows << "interrupted submission(s) as delivery unknown";
    for (const QString &id : std::as_const(ids))
        Q_EMIT changed(id);
    return changedRows;
}

bool HistoryStore::journalAnswer(const QString &id, const Outcome &outcome, qint64 durationMs)
{
    QString error;
    SideJournal journal(sideJournalPath());
    if (journal.append({id, outcome, durationMs}, &error))
        return true;
    return fail(tr("Could not keep the answer of %1 in the side journal %2").arg(id, journal.path()), error);
}

int HistoryStore::applySideJournal()
{
    if (!d->open) {
        fail(tr("The history is not open"), {});
        return -1;
    }
    SideJournal journal(sideJournalPath());
    QString error;
    int skipped = 0;
    const QList<SideJournal::Entry> entries = journal.read(&error, &skipped);
    if (!error.isEmpty()) {
        fail(tr("Could not read the side journal %1").arg(journal.path()), error);
        return -1;
    }
    if (entries.isEmpty())
        return 0;
    QList<SideJournal::Entry> keep;
    int applied = 0;
    for (const SideJournal::Entry &entry : entries) {
        bool changedRow = false;
        // Only over a row still waiting for this answer (or declared interrupted meanwhile): applying twice,
        // after a crash between applying and clearing, changes nothing.
        if (writeAnswer(entry.submissionId, entry.outcome, entry.durationMs, d->clock(), true, &changedRow)) {
            applied += changedRow ? 1 : 0;
        } else {
            keep.append(entry);
        }
    }
    if (!journal.rewrite(keep, &error)) {
        fail(tr("Could not clear the side journal %1").arg(journal.path()), error);
        return -1;
    }
    qCInfo(lcStore) << "Applied" << applied << "answer(s) from the side journal;" << keep.size() << "still waiting";
    return keep.isEmpty() ? applied : -1;
}

} // namespace LeadRelay
