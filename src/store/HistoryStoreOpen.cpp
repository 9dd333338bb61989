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

QString HistoryStore::sideJournalPath() const
{
    return d->backend->sideJournalPath();
}

bool HistoryStore::open(const QDateTime &recoverStartedBefore)
{
    d->open = false;
    d->connectionLost = false;
    d->writer.reset(); // before the connection it may lock on
    d->db.close();     // opening again starts from scratch
    if (!d->db.isValid())
        d->db = QSqlDatabase::addDatabase(d->backend->driver(), d->connectionName);
    if (!d->db.isValid())
        return fail(tr("Qt's database driver %1 is not installed (on Debian: libqt6sql6-sqlite or libqt6sql6-psql)")
                        .arg(d->backend->driver()),
                    {});
    if (!connectAndPrepare())
        return false;
    d->journal = std::make_unique<SideJournal>(sideJournalPath());
    d->open = true;
    d->backend->watch(d->db, this, [this](const QString &id) { Q_EMIT changed(id); });

    // Supervisors and the receiver write no rows of their own: nothing of theirs to recover or to replay.
    if (d->role != Role::Desk && d->role != Role::Agent && d->role != Role::Owner)
        return true;
    QString error;
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

bool HistoryStore::connectAndPrepare()
{
    QString what;
    QString detail;
    if (!d->backend->connect(d->db, &what, &detail)) {
        d->db.close();
        return fail(what, detail);
    }
    d->role = d->backend->role(d->db);
    QString error;
    const int version = d->backend->prepareSchema(d->db, d->role, &error);
    if (version < 0 || version > HistorySchema::knownVersion()) {
        d->db.close();
        if (version > HistorySchema::knownVersion())
            return fail(HistorySchema::tooNewError(version), {});
        return fail(tr("Could not prepare the history %1").arg(d->path), error);
    }
    d->schemaVersion = version;
    d->backend->afterSchema();
    d->writer = d->backend->writers(d->db);
    d->writer->acquire();
    return true;
}

bool HistoryStore::ready()
{
    if (!d->open) {
        fail(tr("The history is not open"), {});
        return false;
    }
    // Qt's PostgreSQL driver closes a connection the server ended as soon as its LISTEN socket sees it go; the
    // next statement then fails without the database's text, so only isOpen() tells that the connection is lost.
    if (!d->connectionLost && d->db.isOpen())
        return true;
    qCInfo(lcStore) << "Connecting to the team server again";
    d->writer.reset();
    d->db.close();
    if (!connectAndPrepare())
        return false; // still lost: the next step tries again
    d->connectionLost = false;
    d->backend->watch(d->db, this, [this](const QString &id) { Q_EMIT changed(id); });
    if (d->role == Role::Agent || d->role == Role::Owner) {
        const QString lastError = d->lastError;
        if (applySideJournal() < 0)
            qCWarning(lcStore) << "Side journal not applied yet:" << d->lastError;
        d->lastError = lastError;
    }
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
    if (!ready())
        return failed(d->lastError);
    const QVariant sending = outcomeStateKey(OutcomeState::Sending);
    QStringList ids;
    QStringList goneWriters;
    {
        // Read first without the write lock: recovery usually finds nothing, and must not queue behind writers.
        QSqlQuery select(d->db);
        if (!execBound(select, u"SELECT id, writer_id, created_at FROM submissions WHERE state = ?"_s, {sending}))
            return failed(select.lastError().text());
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
            return failed(transaction.error());
        for (const QString &id : std::as_const(ids)) {
            QSqlQuery update(d->db);
            if (!execBound(update,
                           u"UPDATE submissions SET state = ?, answered_at = ?, messages = ?, interrupted = 1 "
                           "WHERE id = ? AND state = ?"_s,
                           {outcomeStateKey(OutcomeState::DeliveryUnknown), timeValue(d->clock()),
                            messagesJson({message}), id, sending}))
                return failed(update.lastError().text());
            changedRows += update.numRowsAffected();
        }
        if (!transaction.commit())
            return failed(transaction.error());
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
