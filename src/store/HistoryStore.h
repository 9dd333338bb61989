// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SubmissionRecord.h"
#include "core/Clock.h"
#include "core/Lead.h"

#include <QObject>
#include <QSqlDatabase>

#include <optional>

namespace LeadRelay
{

struct SubmissionStart
{
    Lead lead;
    QString vendorId;
    QString accountMode; // "training" | "production"
    QByteArray redactedRequest;
    QString callbackToken; // empty when no callback base is configured
};

struct DuplicateHit
{
    QString id;
    QDateTime createdAt;
    OutcomeState state;
};

// The submission history (outbox). Every call is a short transaction on a named connection; errors carry
// the database's own text in lastError().
class HistoryStore : public QObject
{
    Q_OBJECT

public:
    static constexpr int RawAnswerCap = 64 * 1024;

    explicit HistoryStore(const QString &path, Clock clock = systemClock(), QObject *parent = nullptr);
    ~HistoryStore() override;

    static QString defaultPath(); // QStandardPaths::AppDataLocation/history.sqlite

    // Creates or migrates the schema, sets WAL, synchronous=FULL, busy timeout, mode 0600, then turns rows left
    // in "sending" by a crash into DeliveryUnknown ("interrupted"). False with lastError() on failure.
    bool open();
    QString lastError() const;
    QString path() const;
    int schemaVersion() const;

    // Durable before any byte leaves. Returns the new id, or empty on failure.
    QString begin(const SubmissionStart &start);
    // The vendor's (or transport's) answer, in one transaction.
    bool finish(const QString &id, const Outcome &outcome, qint64 durationMs);
    // A final result by callback. Returns the id it applied to; empty when the token is unknown.
    // Idempotent: a second callback for a token already final changes nothing and still returns the id.
    // Works even if finish() has not happened yet (the later finish() keeps the final result).
    std::optional<QString> finalise(const QString &token, const Outcome &outcome);

    std::optional<DuplicateHit> findDuplicate(const QString &vendorId, const QString &phoneDigits, const QDateTime &since);

    std::optional<SubmissionRecord> record(const QString &id);
    QList<SubmissionRecord> query(const HistoryFilter &filter, HistorySort sort, Qt::SortOrder order, int offset, int limit);
    qint64 count(const HistoryFilter &filter);

    // Rows still preliminary whose answer is older than this moment (for stale marking).
    qint64 countAwaitingSince(const QDateTime &before);

Q_SIGNALS:
    // Emitted after a commit by this store object (begin, finish, finalise), so views refresh live.
    void changed(const QString &id);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// CSV for spreadsheets: header of column names, RFC 4180 quoting, and cells that start with = + - @ (or tab, CR)
// neutralised with a leading apostrophe so no cell runs as a formula.
QByteArray historyCsvHeader();
QByteArray historyCsvRow(const SubmissionRecord &record);
QByteArray csvCell(const QString &value);
QJsonObject historyJson(const SubmissionRecord &record);

} // namespace LeadRelay
