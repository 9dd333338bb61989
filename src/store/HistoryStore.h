// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SubmissionRecord.h"
#include "core/Clock.h"
#include "core/Lead.h"

#include <QJsonObject>
#include <QObject>
#include <QSqlDatabase>

#include <memory>
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
    static constexpr int RawAnswerCap = 64 * 1024; // also the cap of a stored callback body
    // A row still "sending" this long after it was created cannot belong to a live send (the longest vendor
    // timeout is far shorter), so open() may safely declare it interrupted.
    static constexpr int InterruptedAfterSeconds = 10 * 60;
    // The newest schema this build knows; a file with a higher version is refused, never touched.
    static int knownSchemaVersion();

    explicit HistoryStore(const QString &path, Clock clock = systemClock(), QObject *parent = nullptr);
    ~HistoryStore() override;

    static QString defaultPath(); // QStandardPaths::AppDataLocation/history.sqlite

    // Creates or migrates the schema, sets WAL, synchronous=FULL, busy timeout, mode 0600, then turns rows left
    // in "sending" by a crash into DeliveryUnknown ("interrupted"): those created before recoverStartedBefore,
    // by default clock() - InterruptedAfterSeconds (see recoverInterrupted()). False with lastError() on failure.
    bool open(const QDateTime &recoverStartedBefore = QDateTime());
    bool isOpen() const;
    QString lastError() const;
    QString path() const;
    int schemaVersion() const;

    // Marks rows still "sending" that were created before startedBefore as DeliveryUnknown ("interrupted"),
    // answered now. Returns how many rows changed, -1 on error.
    //
    // Accepted limitation: several processes may share one history file, and the store cannot tell whether a
    // "sending" row belongs to a process that died or to one that is waiting for the vendor right now. So
    // open() only touches rows older than InterruptedAfterSeconds, far beyond any send timeout; a younger
    // row left by a crash is recovered by a later open(), or at once by a caller that knows no other
    // process uses the file (it passes a cutoff of now).
    int recoverInterrupted(const QDateTime &startedBefore);

    // Durable before any byte leaves. Returns the new id, or empty on failure.
    QString begin(const SubmissionStart &start);
    // The vendor's (or transport's) answer, in one transaction.
    bool finish(const QString &id, const Outcome &outcome, qint64 durationMs);
    // A final result by callback. Returns the id it applied to; empty when the token is unknown.
    // Idempotent: a second callback for a token already final changes nothing and still returns the id.
    // Works even if finish() has not happened yet (the later finish() keeps the final result).
    // An unparsable callback keeps the state, stores the body and sets callbackUnparsable; final stays false.
    std::optional<QString> finalise(const QString &token, const Outcome &outcome);

    // The newest submission of this phone to this vendor created at or after since, ignoring rows that
    // provably never left (NotDelivered).
    std::optional<DuplicateHit> findDuplicate(const QString &vendorId, const QString &phoneDigits,
                                              const QDateTime &since);

    std::optional<SubmissionRecord> record(const QString &id);
    // One page, ordered by the sort column, then created_at and id in the same direction.
    QList<SubmissionRecord> query(const HistoryFilter &filter, HistorySort sort, Qt::SortOrder order, int offset,
                                  int limit);
    // Keyset paging: the page that follows `after` (the last row of the previous page) in the same order.
    // Unlike a deep OFFSET it costs the same on page 1 and page 5,000.
    QList<SubmissionRecord> queryAfter(const HistoryFilter &filter, HistorySort sort, Qt::SortOrder order,
                                       const SubmissionRecord &after, int limit);
    qint64 count(const HistoryFilter &filter);

    // Rows still preliminary whose answer is older than this moment (for stale marking).
    qint64 countAwaitingSince(const QDateTime &before);

    // Bulk insert of complete records in one transaction (benchmarks, imports). Emits nothing.
    bool importRecords(const QList<SubmissionRecord> &records);

Q_SIGNALS:
    // Emitted after a commit by this store object (begin, finish, finalise, recovery), so views refresh live.
    void changed(const QString &id);

private:
    bool fail(const QString &what, const QString &databaseText);

    struct Private;
    std::unique_ptr<Private> d;
};

// CSV for spreadsheets: header of column names, RFC 4180 quoting, and cells that start with = + - @ (or tab, CR)
// neutralised with a leading apostrophe so no cell runs as a formula. Lines end with CRLF.
QByteArray historyCsvHeader();
QByteArray historyCsvRow(const SubmissionRecord &record);
QByteArray csvCell(const QString &value);
// The CSV columns as JSON (booleans and numbers typed, messages as an array) plus field_issues.
QJsonObject historyJson(const SubmissionRecord &record);

} // namespace LeadRelay
