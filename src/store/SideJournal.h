// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Outcome.h"

#include <QList>
#include <QString>

#include <optional>

namespace LeadRelay
{

// Where a vendor's answer goes when the history cannot take it (a full disk, a server that went away).
//
// By the time an answer arrives the lead has left: losing the answer would lose a sale, or leave a row that
// says "delivery unknown" for a lead the vendor plainly sold. So the answer is appended to this small file
// beside the history, fsync'd, and applied to the history by the next open() that can write it.
//
// A disk that is full has no room for a new file either: the journal reserves its space up front
// (posix_fallocate of ReserveBytes when the history opens), and appends write into that reserve, which needs
// no new blocks. Entries are JSON lines; the unused reserve reads as NUL bytes, where reading stops. Several
// processes may share one history, so every access holds an exclusive flock on the file.
class SideJournal
{
public:
    // Room for a dozen answers at the raw-body cap (64 KiB, base64 in the entry), and hundreds of usual ones.
    static constexpr qint64 ReserveBytes = 1024 * 1024;

    struct Entry
    {
        QString submissionId;
        Outcome outcome;
        qint64 durationMs = -1;
    };

    explicit SideJournal(QString path);

    QString path() const { return m_path; }
    // Creates the file and reserves its space if it is not there yet. False with *error when it cannot.
    bool reserve(QString *error);
    // Appends one entry and flushes it to the disk. False with *error when it could not be made durable.
    bool append(const Entry &entry, QString *error);
    // Every entry, oldest first (an unreadable line is skipped and counted in *skipped).
    QList<Entry> read(QString *error, int *skipped = nullptr) const;
    // Replaces the entries with `keep` (those that could not be applied yet), the reserve kept.
    bool rewrite(const QList<Entry> &keep, QString *error);

    static QByteArray encode(const Entry &entry);
    static std::optional<Entry> decode(const QByteArray &line);

private:
    QString m_path;
};

} // namespace LeadRelay
