// SPDX-License-Identifier: GPL-3.0-or-later
#include "SideJournal.h"

#include "HistorySql.h"
#include "StoreLog.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

constexpr qint64 MaxJournalBytes = 64 * 1024 * 1024; // far beyond any real journal: refuse to read a stray file

QString systemError(int code)
{
    if (code == ENOSPC || code == EDQUOT)
        return QCoreApplication::translate("LeadRelay::SideJournal", "the disk is full");
    return QString::fromLocal8Bit(std::strerror(code));
}

// An open, exclusively locked journal file; closed (and so unlocked) when it goes.
class LockedFile
{
public:
    LockedFile(const QString &path, int flags)
    {
        const QByteArray native = QFile::encodeName(path);
        do {
            m_fd = ::open(native.constData(), flags | O_CLOEXEC, 0600);
        } while (m_fd < 0 && errno == EINTR);
        if (m_fd < 0) {
            m_errno = errno;
            return;
        }
        int rc = 0;
        do {
            rc = ::flock(m_fd, LOCK_EX);
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            m_errno = errno;
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~LockedFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    LockedFile(const LockedFile &) = delete;
    LockedFile &operator=(const LockedFile &) = delete;

    int fd() const { return m_fd; }
    int error() const { return m_errno; }

    qint64 size() const
    {
        const off_t end = ::lseek(m_fd, 0, SEEK_END);
        return end < 0 ? -1 : qint64(end);
    }

    // The used part: everything before the first NUL byte of the reserve.
    bool readUsed(QByteArray *used)
    {
        const qint64 total = size();
        if (total < 0 || total > MaxJournalBytes) {
            m_errno = total < 0 ? errno : EFBIG;
            return false;
        }
        QByteArray bytes(total, Qt::Uninitialized);
        qint64 done = 0;
        while (done < total) {
            const ssize_t n = ::pread(m_fd, bytes.data() + done, size_t(total - done), off_t(done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                m_errno = n < 0 ? errno : EIO;
                return false;
            }
            done += n;
        }
        const qsizetype nul = bytes.indexOf('\0');
        *used = nul < 0 ? bytes : bytes.left(nul);
        return true;
    }

    bool writeAt(qint64 offset, const QByteArray &bytes)
    {
        qint64 done = 0;
        while (done < bytes.size()) {
            const ssize_t n =
                ::pwrite(m_fd, bytes.constData() + done, size_t(bytes.size() - done), off_t(offset + done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                m_errno = n < 0 ? errno : EIO;
                return false;
            }
            done += n;
        }
        return true;
    }

    bool sync()
    {
        if (::fdatasync(m_fd) != 0) {
            m_errno = errno;
            return false;
        }
        return true;
    }

private:
    int m_fd = -1;
    int m_errno = 0;
};

void syncDirectory(const QString &path)
{
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

SideJournal::SideJournal(QString path)
    : m_path(std::move(path))
{}

bool SideJournal::reserve(QString *error)
{
    const bool existed = QFileInfo::exists(m_path);
    LockedFile file(m_path, O_RDWR | O_CREAT);
    if (file.fd() < 0) {
        *error = systemError(file.error());
        return false;
    }
    const qint64 size = file.size();
    if (size < ReserveBytes) {
        const int rc = ::posix_fallocate(file.fd(), 0, off_t(ReserveBytes));
        if (rc != 0) {
            *error = systemError(rc);
            return false;
        }
    }
    if (!existed)
        syncDirectory(m_path);
    return true;
}

bool SideJournal::append(const Entry &entry, QString *error)
{
    LockedFile file(m_path, O_RDWR | O_CREAT);
    QByteArray used;
    if (file.fd() < 0 || !file.readUsed(&used)) {
        *error = systemError(file.error());
        return false;
    }
    QByteArray line = encode(entry);
    line.append('\n');
    if (!file.writeAt(used.size(), line) || !file.sync()) {
        *error = systemError(file.error());
        return false;
    }
    qCWarning(lcStore) << "Answer of" << entry.submissionId << "kept in the side journal" << m_path;
    return true;
}

QList<SideJournal::Entry> SideJournal::read(QString *error, int *skipped) const
{
    QList<Entry> entries;
    if (skipped)
        *skipped = 0;
    if (!QFileInfo::exists(m_path))
        return entries;
    LockedFile file(m_path, O_RDONLY);
    QByteArray used;
    if (file.fd() < 0 || !file.readUsed(&used)) {
        *error = systemError(file.error());
        return entries;
    }
    const QList<QByteArray> lines = used.split('\n');
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        if (auto entry = decode(line))
            entries.append(*entry);
        else if (skipped)
            ++*skipped; // a torn last line from a crash mid-append: the append never reported success
    }
    return entries;
}

bool SideJournal::rewrite(const QList<Entry> &keep, QString *error)
{
    LockedFile file(m_path, O_RDWR | O_CREAT);
    QByteArray used;
    if (file.fd() < 0 || !file.readUsed(&used)) {
        *error = systemError(file.error());
        return false;
    }
    QByteArray content;
    for (const Entry &entry : keep)
        content += encode(entry) + '\n';
    // Overwrite in place (the blocks exist already), then blank what is left of the old entries.
    const qint64 stale = qMax<qint64>(0, used.size() - content.size());
    if (!file.writeAt(0, content) || !file.writeAt(content.size(), QByteArray(stale, '\0')) || !file.sync()) {
        *error = systemError(file.error());
        return false;
    }
    return true;
}

QByteArray SideJournal::encode(const Entry &entry)
{
    const Outcome &o = entry.outcome;
    const QJsonObject object{
        {u"id"_s, entry.submissionId},
        {u"duration_ms"_s, entry.durationMs},
        {u"state"_s, outcomeStateKey(o.state)},
        {u"billable"_s, o.billable},
        {u"final"_s, o.final},
        {u"http_status"_s, o.httpStatus},
        {u"vendor_lead_id"_s, o.vendorLeadId},
        {u"vendor_transaction_id"_s, o.vendorTransactionId},
        {u"messages"_s, QJsonArray::fromStringList(o.messages)},
        {u"field_issues"_s, HistorySql::issuesJson(o.fieldIssues)},
        {u"raw_body"_s, QString::fromLatin1(o.rawBody.toBase64())},
        {u"unparsable"_s, o.unparsable},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<SideJournal::Entry> SideJournal::decode(const QByteArray &line)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    const auto state = outcomeStateFromKey(object.value(u"state"_s).toString());
    const QString id = object.value(u"id"_s).toString();
    if (!state || id.isEmpty())
        return std::nullopt;
    Entry entry;
    entry.submissionId = id;
    entry.durationMs = qint64(object.value(u"duration_ms"_s).toDouble(-1));
    Outcome &o = entry.outcome;
    o.state = *state;
    o.billable = object.value(u"billable"_s).toBool();
    o.final = object.value(u"final"_s).toBool();
    o.httpStatus = object.value(u"http_status"_s).toInt();
    o.vendorLeadId = object.value(u"vendor_lead_id"_s).toString();
    o.vendorTransactionId = object.value(u"vendor_transaction_id"_s).toString();
    for (const QJsonValue &message : object.value(u"messages"_s).toArray())
        o.messages.append(message.toString());
    o.fieldIssues = HistorySql::issuesFromJson(object.value(u"field_issues"_s).toString());
    o.rawBody = QByteArray::fromBase64(object.value(u"raw_body"_s).toString().toLatin1());
    o.unparsable = object.value(u"unparsable"_s).toBool();
    return entry;
}

} // namespace LeadRelay
