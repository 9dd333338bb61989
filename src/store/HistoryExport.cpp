// SPDX-License-Identifier: GPL-3.0-or-later
// History → Export…: the filter's rows as CSV or JSON, page by page, into a file that appears only when complete.
#include "HistoryExport.h"

#include "HistoryDialect.h"
#include "HistorySql.h"
#include "HistoryStore.h"
#include "HistoryStore_p.h"
#include "StoreLog.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

using namespace HistorySql;

namespace
{

// Below this, a failed write is taken for a full disk (the system's own text often says only "write error").
constexpr qint64 NearlyFullBytes = 1024 * 1024;

} // namespace

QList<SubmissionRecord> HistoryStore::exportPage(const HistoryFilter &filter,
                                                 const std::optional<SubmissionRecord> &after, int limit)
{
    QList<SubmissionRecord> result;
    if (!ready() || limit <= 0)
        return result;
    Where where = whereFor(filter, HistoryDialect::of(d->db).nativeCaseInsensitiveLike);
    if (after) {
        // Keyset paging in the index's order (created_at, id), newest first: page 2,000 costs what page 1 does,
        // and rows written meanwhile neither repeat nor push a row out.
        where.conditions.append(u"(created_at, id) < (?, ?)"_s);
        where.values << timeValue(after->createdAt) << after->id;
    }
    where.values << limit;
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    const QString sql = u"SELECT "_s + slimSelectColumns() + u" FROM submissions s"_s + where.sql() +
                        orderBy(HistorySort::CreatedAt, Qt::DescendingOrder) + u" LIMIT ?"_s;
    if (!execBound(query, sql, where.values)) {
        fail(tr("Could not read the history"), query.lastError().text());
        return result;
    }
    while (query.next())
        result.append(readRecord(query, {})); // slim rows: no payload to decode
    return result;
}

HistoryExport::Format HistoryExport::formatForPath(const QString &path)
{
    return QFileInfo(path).suffix().compare(u"json"_s, Qt::CaseInsensitive) == 0 ? Format::Json : Format::Csv;
}

HistoryExport::HistoryExport(HistoryStore *store, const HistoryFilter &filter, const QString &path,
                             std::optional<Format> format)
    : m_store(store)
    , m_filter(filter)
    , m_format(format.value_or(formatForPath(path)))
    , m_file(path)
{
    // Never write the target in place, even where a temporary file cannot be made beside it: a half file is what
    // this class exists to prevent.
    m_file.setDirectWriteFallback(false);
}

HistoryExport::~HistoryExport()
{
    // An export never committed leaves nothing (QSaveFile removes its temporary file).
    if (m_file.isOpen())
        m_file.cancelWriting();
}

bool HistoryExport::start()
{
    if (!m_file.open(QIODevice::WriteOnly)) {
        const QFileInfo target(m_file.fileName());
        const QFileInfo folder(target.absolutePath());
        if (!folder.exists())
            m_error = tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(folder.absoluteFilePath()));
        else if (!folder.isWritable() || (target.exists() && !target.isWritable()))
            m_error = tr("LeadRelay may not write to %1 (no permission): choose another folder.")
                          .arg(QDir::toNativeSeparators(target.absoluteFilePath()));
        else
            m_error = tr("Could not create %1: %2")
                          .arg(QDir::toNativeSeparators(target.absoluteFilePath()), m_file.errorString());
        return false;
    }
    m_started = true;
    return write(m_format == Format::Csv ? historyCsvHeader() : QByteArray("["));
}

bool HistoryExport::step()
{
    if (!m_started || m_atEnd || !m_error.isEmpty())
        return false;
    const QList<SubmissionRecord> page = m_store->exportPage(m_filter, m_last, m_pageRows);
    if (page.isEmpty() && !m_store->lastError().isEmpty()) {
        m_error = tr("Could not read the history: %1").arg(m_store->lastError());
        return false;
    }
    QByteArray chunk;
    for (const SubmissionRecord &record : page) {
        if (m_format == Format::Csv) {
            chunk += historyCsvRow(record);
        } else {
            chunk +=
                (m_written == 0 ? "\n" : ",\n") + QJsonDocument(historyJson(record)).toJson(QJsonDocument::Compact);
        }
        ++m_written;
    }
    if (!write(chunk))
        return false;
    if (page.size() < m_pageRows) {
        m_atEnd = true;
        return false;
    }
    m_last = page.constLast();
    return true;
}

bool HistoryExport::commit()
{
    if (!m_started || !m_error.isEmpty())
        return false;
    while (step()) {
    }
    if (!m_error.isEmpty())
        return false;
    if (m_format == Format::Json && !write(m_written == 0 ? QByteArray("]\n") : QByteArray("\n]\n")))
        return false;
    if (!m_file.commit())
        return failWrite();
    qCInfo(lcStore) << "History exported:" << m_written << "rows";
    return true;
}

void HistoryExport::cancel()
{
    if (m_file.isOpen())
        m_file.cancelWriting();
    m_atEnd = true;
}

bool HistoryExport::write(const QByteArray &bytes)
{
    if (m_file.write(bytes) != bytes.size())
        return failWrite();
    return true;
}

bool HistoryExport::failWrite()
{
    const QString target = QDir::toNativeSeparators(QFileInfo(m_file.fileName()).absoluteFilePath());
    const QStorageInfo storage(QFileInfo(m_file.fileName()).absolutePath());
    if (storage.isValid() && storage.bytesAvailable() < NearlyFullBytes)
        m_error = tr("The disk is full: %1 was not written. Free some space or choose another disk.").arg(target);
    else
        m_error = tr("Could not write %1: %2").arg(target, m_file.errorString());
    if (m_file.isOpen())
        m_file.cancelWriting();
    return false;
}

} // namespace LeadRelay
