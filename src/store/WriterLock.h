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
//
// The seam between the two backends: a team server's stores hold a PostgreSQL session advisory lock instead
// (ServerWriterLock in HistoryPostgres.cpp), which the server drops when the desk's connection ends.
class WriterLiveness
{
public:
    enum class Liveness
    {
        Alive,   // its lock is held: the row may be in flight right now
        Gone,    // its lock exists and nobody holds it: the writer died
        Unknown, // no lock (or it cannot be checked)
    };

    virtual ~WriterLiveness() = default;
    // Takes this store's lock; false (and the time rule applies) when it cannot be taken.
    virtual bool acquire() = 0;
    QString writerId() const { return m_writerId; }
    // Whether the writer of a row is alive. A Gone writer's traces are removed once forget() is called.
    virtual Liveness liveness(const QString &writerId) const = 0;
    virtual void forget(const QString &writerId) const { Q_UNUSED(writerId) }

protected:
    QString m_writerId;
};

class WriterLock : public WriterLiveness
{
public:
    explicit WriterLock(const QString &historyPath);
    ~WriterLock() override;
    WriterLock(const WriterLock &) = delete;
    WriterLock &operator=(const WriterLock &) = delete;

    bool acquire() override;
    Liveness liveness(const QString &writerId) const override;
    void forget(const QString &writerId) const override;

private:
    QString lockPath(const QString &writerId) const;

    QString m_dir;
    int m_fd = -1;
};

} // namespace LeadRelay
