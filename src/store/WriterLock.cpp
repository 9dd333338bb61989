// SPDX-License-Identifier: GPL-3.0-or-later
#include "WriterLock.h"

#include "StoreLog.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QUuid>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

bool isWriterId(const QString &id)
{
    static const QRegularExpression pattern(u"^[0-9a-f]{32}$"_s);
    return pattern.match(id).hasMatch();
}

int openFile(const QString &path, int flags)
{
    const QByteArray native = QFile::encodeName(path);
    int fd = -1;
    do {
        fd = ::open(native.constData(), flags | O_CLOEXEC, 0600);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

} // namespace

WriterLock::WriterLock(const QString &historyPath)
    : m_dir(historyPath + u".writers"_s)
{}

WriterLock::~WriterLock()
{
    if (m_fd < 0)
        return;
    // Removed while still locked, so nobody can mistake it for a dead writer's file in between.
    QFile::remove(lockPath(m_writerId));
    ::close(m_fd);
}

QString WriterLock::lockPath(const QString &writerId) const
{
    return m_dir + u'/' + writerId + u".lock"_s;
}

bool WriterLock::acquire()
{
    if (m_fd >= 0)
        return true;
    if (!QDir().mkpath(m_dir)) {
        qCWarning(lcStore) << "No writer lock (cannot create" << m_dir << "): crash recovery waits for its time rule";
        return false;
    }
    QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString id = QUuid::createUuid().toString(QUuid::Id128);
    const QString temporary = m_dir + u"/."_s + id + u".tmp"_s;
    const int fd = openFile(temporary, O_RDWR | O_CREAT | O_EXCL);
    if (fd < 0)
        return false;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0 ||
        ::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(lockPath(id)).constData()) != 0) {
        ::close(fd);
        QFile::remove(temporary);
        return false;
    }
    m_fd = fd;
    m_writerId = id;
    return true;
}

WriterLock::Liveness WriterLock::liveness(const QString &writerId) const
{
    if (writerId == m_writerId && m_fd >= 0)
        return Liveness::Alive;
    if (!isWriterId(writerId))
        return Liveness::Unknown;
    const int fd = openFile(lockPath(writerId), O_RDWR);
    if (fd < 0)
        return Liveness::Unknown;
    // Another store of this very process holds its lock on another descriptor: flock still refuses us.
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free ? Liveness::Gone : Liveness::Alive;
}

void WriterLock::forget(const QString &writerId) const
{
    if (!isWriterId(writerId) || writerId == m_writerId)
        return;
    const QString path = lockPath(writerId);
    const int fd = openFile(path, O_RDWR);
    if (fd < 0)
        return;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
        QFile::remove(path);
    ::close(fd);
}

} // namespace LeadRelay
