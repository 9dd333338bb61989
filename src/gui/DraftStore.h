// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Lead.h"

#include <QDateTime>
#include <QObject>

#include <optional>

class QTimer;

namespace LeadRelay
{

// The unsent lead on disk (Lead JSON), so a crash or restart loses nothing. Saves are debounced and atomic
// (QSaveFile); a file that cannot be read is set aside as "<file>.broken", never deleted and never fatal.
class DraftStore : public QObject
{
    Q_OBJECT

public:
    static constexpr int DebounceMs = 500;

    explicit DraftStore(const QString &path, QObject *parent = nullptr);
    static QString defaultPath(); // AppDataLocation/draft.json

    struct Loaded
    {
        std::optional<Lead> lead; // empty: no draft, or it was broken
        QDateTime savedAt;        // the file's modification time
        QString error;            // broken: why, for the agent
        QString brokenPath;       // broken: where the file was kept
    };
    // Reads the draft. A broken file is renamed to "<path>.broken" (replacing an older one).
    Loaded load();

    // Saves after DebounceMs without further calls; an empty lead removes the draft instead.
    void schedule(const Lead &lead);
    bool saveNow(const Lead &lead);
    void flush(); // writes a scheduled save now (window closing)
    void cancel();
    bool remove();
    bool exists() const;
    bool isPending() const;
    QString path() const { return m_path; }
    QString lastError() const { return m_error; }

Q_SIGNALS:
    void saved();
    void failed(const QString &error);

private:
    QString m_path;
    QTimer *m_timer;
    Lead m_pending;
    QString m_error;
};

} // namespace LeadRelay
