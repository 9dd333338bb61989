// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite backend: a history file on this computer, shared by the processes of one desk.
#include "HistoryBackend.h"
#include "HistorySchema.h"
#include "StoreLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QThread>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// Opening shares the file with other processes: a step that meets their lock (SQLITE_BUSY, SQLITE_LOCKED
// where busy_timeout does not apply, such as switching the journal mode while another process opens the new
// file) is tried again for this long.
constexpr int OpenRetryMs = 10000;
constexpr qint64 FullDiskBytes = 1024 * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("LeadRelay::HistoryStore", text);
}

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
            return tr("the disk is full (%1): free some space").arg(storage.rootPath());
    }
    return databaseText;
}

QString SqliteBackend::driver() const
{
    return u"QSQLITE"_s;
}

QString SqliteBackend::plainError(const QString &databaseText) const
{
    return plainDatabaseError(databaseText, m_path);
}

QString SqliteBackend::sideJournalPath() const
{
    return m_path + u".answers"_s;
}

HistoryStore::Role SqliteBackend::role(const QSqlDatabase &db) const
{
    Q_UNUSED(db)
    return HistoryStore::Role::Desk;
}

std::unique_ptr<WriterLiveness> SqliteBackend::writers(const QSqlDatabase &db) const
{
    Q_UNUSED(db)
    return std::make_unique<WriterLock>(m_path);
}

void SqliteBackend::afterSchema()
{
    restrictPermissions(m_path); // WAL and shared-memory files exist now
}

// Refuses anything that is not a LeadRelay history before the first write: another application's SQLite file
// named by mistake stays byte-for-byte as it was (no journal mode, no table, not even its permissions).
bool SqliteBackend::connect(QSqlDatabase &db, QString *what, QString *detail)
{
    auto failed = [&](const QString &message, const QString &text) {
        *what = message;
        *detail = text;
        return false;
    };
    const QString cannotOpen = tr("Could not open the history %1").arg(m_path);
    const QFileInfo info(m_path);
    const bool fresh = !info.exists() || info.size() == 0;
    if (!fresh && !info.isFile())
        return failed(tr("%1 is not a file; choose a history file").arg(m_path), {});
    if (!info.exists()) {
        if (!QDir().mkpath(info.absolutePath()))
            return failed(tr("Could not create the folder %1").arg(info.absolutePath()), {});
        // Created empty with owner-only permissions, so the data is never readable by others, not even briefly.
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnly) && !QFileInfo::exists(m_path))
            return failed(tr("Could not create the history file %1").arg(m_path), file.errorString());
    }

    db.setDatabaseName(m_path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
    if (!db.open())
        return failed(cannotOpen, db.lastError().text());

    // The mark and the tables are read in one snapshot: another process may be creating this very file, and it
    // sets the mark before it creates any table, so a consistent look sees either nothing or the mark.
    QSqlError error;
    QVariant applicationId;
    QStringList tables;
    const auto look = [&](QSqlError *e) {
        tables.clear();
        if (!execPragma(db, u"BEGIN"_s, e))
            return false;
        QSqlQuery names(db);
        const bool ok = execPragma(db, u"PRAGMA application_id"_s, e, &applicationId) &&
                        names.exec(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s);
        if (ok) {
            while (names.next())
                tables.append(names.value(0).toString());
        } else if (e->type() == QSqlError::NoError) {
            *e = names.lastError();
        }
        names.finish();
        QSqlError ignored;
        execPragma(db, u"ROLLBACK"_s, &ignored);
        return ok;
    };
    if (!retryWhileBusy(look, &error)) {
        if (error.nativeErrorCode() == u"26"_s) // SQLITE_NOTADB
            return failed(tr("%1 is not a LeadRelay history (it is not a database at all). It was left unchanged; "
                             "choose another file.")
                              .arg(m_path),
                          {});
        return failed(cannotOpen, error.text());
    }
    const bool ours = applicationId.toInt() == HistoryStore::ApplicationId;
    // Histories written before LeadRelay marked its files carry application_id 0 and its two tables.
    const bool olderOurs =
        applicationId.toInt() == 0 && tables.contains(u"schema_version"_s) && tables.contains(u"submissions"_s);
    const bool empty = applicationId.toInt() == 0 && tables.isEmpty();
    if (!ours && !olderOurs && !empty)
        return failed(tr("%1 is not a LeadRelay history (it belongs to another application). It was left "
                         "unchanged; choose another file.")
                          .arg(m_path),
                      {});
    QString text;
    const int fileVersion = HistorySchema::currentVersion(db, &text);
    if (fileVersion > HistorySchema::knownVersion())
        return failed(HistorySchema::tooNewError(fileVersion), {});

    restrictPermissions(m_path);
    QVariant mode;
    if (!retryWhileBusy([&](QSqlError *e) { return execPragma(db, u"PRAGMA journal_mode = WAL"_s, e, &mode); }, &error))
        return failed(cannotOpen, error.text());
    if (mode.toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
        qCWarning(lcStore) << "The history is not in WAL mode; concurrent readers may wait:" << mode;
    if (!execPragma(db, u"PRAGMA synchronous = FULL"_s, &error))
        return failed(cannotOpen, error.text());
    if (!ours && !retryWhileBusy(
                     [&](QSqlError *e) {
                         return execPragma(db, u"PRAGMA application_id = %1"_s.arg(HistoryStore::ApplicationId), e);
                     },
                     &error))
        return failed(cannotOpen, error.text());
    return true;
}

int SqliteBackend::prepareSchema(QSqlDatabase &db, HistoryStore::Role role, QString *error)
{
    Q_UNUSED(role)
    int version = -1;
    QSqlError busy;
    retryWhileBusy(
        [&](QSqlError *e) {
            error->clear();
            version = HistorySchema::migrate(db, error);
            if (version < 0)
                *e =
                    QSqlError(*error, *error, QSqlError::StatementError, error->contains(u"locked"_s) ? u"5"_s : u""_s);
            return version >= 0;
        },
        &busy);
    return version;
}

std::unique_ptr<HistoryBackend> HistoryBackend::create(const HistoryLocation &location)
{
    if (location.isServer())
        return std::make_unique<PostgresBackend>(location);
    return std::make_unique<SqliteBackend>(location.path());
}

} // namespace LeadRelay
