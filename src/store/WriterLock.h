// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace LeadRelay
{

// Tells whether the process that wrote a "sending" row is still alive, so start-up recovery need not wait.
//
// Every open store holds an exclusive flock on its own file `<history>.writers/<writer id>.lock` for as long as
// it is open, and stamps its writer id on the rows it begins. The kernel drops the lock when the process dies,
// however it dies (SIGKILL, power loss: the lock does not survive a reboot). So a row whose writer's lock file
// can be locked by someone else belongs to a dead process and is interrupted for certain. Lock files are made
// under a temporary name, locked, then renamed into place, so no file is ever visible unlocked while its
// writer lives. Where this cannot be known (no lock file, a folder we cannot write, a row from before writer
// ids) the store keeps its time rule (HistoryStore::InterruptedAfterSeconds).
class WriterLock
{
public:
    enum class Liveness
    {
        Alive,   // its lock is held: the row may be in flight right now
        Gone,    // its lock file exists and nobody holds it: the writer died
        Unknown, // no lock file (or it cannot be checked)
    };

    explicit WriterLock(const QString &historyPath);
    ~WriterLock();
    WriterLock(const WriterLock &) = delete;
    WriterLock &operator=(const WriterLock &) = delete;

    // Takes this store's lock; false (and the time rule applies) when the folder cannot be written.
    bool acquire();
    QString writerId() const { return m_writerId; }

    // Whether the writer of a row is alive. A Gone writer's lock file is removed once forget() is called.
    Liveness liveness(const QString &writerId) const;
    void forget(const QString &writerId) const;

private:
    QString lockPath(const QString &writerId) const;

    QString m_dir;
    QString m_writerId;
    int m_fd = -1;
};

} // namespace LeadRelay
