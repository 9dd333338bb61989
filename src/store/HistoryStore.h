// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ConsentRecord.h"
#include "DncEntry.h"
#include "HistoryLocation.h"
#include "SubmissionRecord.h"
#include "core/Clock.h"
#include "core/Lead.h"

#include <QJsonObject>
#include <QObject>
#include <QSqlDatabase>

#include <functional>
#include <memory>
#include <optional>

namespace LeadRelay
{

struct ReportFilter;
struct ReportTable;
enum class ReportBy;

struct DuplicateHit
{
    QString id;
    QDateTime createdAt;
    OutcomeState state;
};

struct SubmissionStart
{
    Lead lead;
    QString vendorId;
    QString accountMode; // "training" | "production"
    QByteArray redactedRequest;
    QString callbackToken; // empty when no callback base is configured
    // When valid, the duplicate guard: nothing is written (and begin() reports the earlier submission) if this
    // phone was sent to this vendor at or after this time. The check and the insert are one atomic step, so
    // several processes sending the same lead at the same instant record (and so send) it exactly once.
    QDateTime duplicateSince;
    // The consent record's content (ConsentEvidence::content()), appended to the evidence chain in the same
    // transaction as the row; empty: no consent was recorded, no record.
    QJsonObject consent;
};

struct BeginResult
{
    QString id;                            // the new row; empty when nothing was written
    std::optional<DuplicateHit> duplicate; // set when refused as a duplicate
    // writeGroup() only: the row key (GroupStart::rowKey) was recorded before with this submission; nothing
    // was written. A batch never sends the same row twice (see HistoryStore::writeGroup()).
    std::optional<DuplicateHit> earlier;
    // Set when refused because the phone is on the company do-not-call list (DncList); nothing was written.
    std::optional<DncEntry> doNotCall;
};

// A submission a buyer's return line may mean (HistoryStore::returnCandidates()), with what a return needs to know.
struct ReturnCandidate
{
    QString id;
    QString agent;
    QDateTime createdAt;
    QString phone;
    QString vendorLeadId;
    QString vendorTransactionId;
    bool billable = false;
    QDateTime returnedAt; // invalid while not returned
    QString returnReason;
};

// One return to record (HistoryStore::recordReturns()).
struct ReturnWrite
{
    QString id;
    QDateTime returnedAt; // the buyer's date
    QString reason;
};

// One row of a batch for HistoryStore::writeGroup().
struct GroupStart
{
    SubmissionStart start;
    QByteArray rowKey; // identifies the lead across runs of a batch (see BatchRowKey); empty: none
    QString batchId;   // the batch run that recorded it, for the reader of the history
    int line = 0;      // where the row starts in the batch file
};

// One answer for HistoryStore::writeGroup().
struct GroupAnswer
{
    QString id;
    Outcome outcome;
    qint64 durationMs = -1;
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
    // Used only where the writer's liveness cannot be known (see WriterLock): a row whose writer provably died is
    // recovered at once.
    static constexpr int InterruptedAfterSeconds = 10 * 60;
    // SQLite's application_id of a LeadRelay history ("LRLY"): any other SQLite file is refused untouched.
    static constexpr qint32 ApplicationId = 0x4C524C59;
    // The newest schema this build knows; a file with a higher version is refused, never touched.
    static int knownSchemaVersion();

    // Who this store is to the history. A file on this computer: its desk (reads and writes everything). A team
    // server: the login's group (HistoryDialect's roles; the server enforces them), or the database's owner.
    enum class Role
    {
        Desk,
        Agent,      // writes and reads its own rows
        Supervisor, // reads every row, changes none
        Receiver,   // applies final results by callback token, nothing else
        Owner,      // the team database's owner (administration, history copy)
    };

    // location: a file path (SQLite) or a postgresql:// URI (a team server); see HistoryLocation.
    explicit HistoryStore(const QString &location, Clock clock = systemClock(), QObject *parent = nullptr);
    ~HistoryStore() override;

    static QString defaultPath(); // QStandardPaths::AppDataLocation/history.sqlite
    // "Test connection": reaches a team server, logs in and checks its schema, writing nothing. Empty when the
    // history is ready; otherwise what is wrong in plain words (unreachable, wrong password, too old, not
    // initialised).
    static QString checkServer(const HistoryLocation &location);

    // For a team server, before open(): the password from the keychain or the environment. Without one, libpq
    // reads ~/.pgpass itself.
    void setPassword(const QString &password);

    // Refuses any file that is not a LeadRelay history (application_id) before writing to it, creates or migrates
    // the schema, sets WAL, synchronous=FULL, busy timeout, mode 0600, applies answers waiting in the side journal,
    // then turns rows left in "sending" by a crash into DeliveryUnknown ("interrupted"): at once when their
    // writer provably died (WriterLock); otherwise those created before recoverStartedBefore, by default
    // clock() - InterruptedAfterSeconds, sparing rows whose writer is alive unless a cutoff is given.
    // False with lastError() on failure.
    bool open(const QDateTime &recoverStartedBefore = QDateTime());
    bool isOpen() const;
    QString lastError() const;
    QString path() const; // the file, or the team server for people (HistoryLocation::display())
    HistoryLocation location() const;
    Role role() const;
    int schemaVersion() const;
    // True when changed() also reports every other writer's changes (a team server's notifications), so views
    // need not poll.
    bool pushesChanges() const { return location().isServer(); }

    // The team's shared settings (the floor's callback base): one value for every desk. Empty when unset.
    QString teamSetting(const QString &key);
    bool setTeamSetting(const QString &key, const QString &value);
    // Every agent named in the history this login can see, sorted (the supervisor's agent filter).
    QStringList agents();

    // Marks rows still "sending" that were created before startedBefore as DeliveryUnknown ("interrupted"),
    // answered now. Returns how many rows changed, -1 on error.
    //
    // Also marks, whatever their age, rows whose writer provably died (see WriterLock). A caller that knows no
    // other process uses the file may pass a cutoff of now.
    int recoverInterrupted(const QDateTime &startedBefore);

    // Durable before any byte leaves, with the duplicate guard in the same write transaction (see
    // SubmissionStart::duplicateSince). On failure id is empty and lastError() says why.
    BeginResult beginChecked(const SubmissionStart &start);
    QString begin(const SubmissionStart &start) { return beginChecked(start).id; }
    // Many answers and many new rows in one write transaction, so a batch pays one fsync per group, not per lead
    // (HistoryGroupWrites.cpp). Each start is what beginChecked() does, plus the batch row key: a key recorded
    // before (with a submission that may have reached the vendor) is refused with BeginResult::earlier. All or
    // nothing: false with lastError() when anything failed, and then nothing at all was written.
    bool writeGroup(const QList<GroupAnswer> &answers, const QList<GroupStart> &starts, QList<BeginResult> *begun);

    // The vendor's (or transport's) answer, in one transaction.
    bool finish(const QString &id, const Outcome &outcome, qint64 durationMs);
    // When finish() keeps failing (a full disk): the answer goes to the fsync'd side journal beside the history
    // (SideJournal) and is applied by the next open() that can write. False when even that failed.
    bool journalAnswer(const QString &id, const Outcome &outcome, qint64 durationMs);
    QString sideJournalPath() const;
    // Answers still waiting in the side journal (the history could not take them yet).
    int pendingAnswers() const;
    // Answers from the side journal applied to the history (open() does this). Returns how many, -1 on error.
    int applySideJournal();
    // A final result by callback. Returns the id it applied to; empty when the token is unknown.
    // Idempotent: a second callback for a token already final changes nothing and still returns the id.
    // Works even if finish() has not happened yet (the later finish() keeps the final result).
    // An unparsable callback keeps the state, stores the body and sets callbackUnparsable; final stays false.
    std::optional<QString> finalise(const QString &token, const Outcome &outcome);

    // The newest submission of this phone to this vendor created at or after since that counts as a duplicate:
    // every outcome that may have reached a buyer's decision about this customer (sending, sold, accepted,
    // accepted not sold, rejected, delivery unknown). Not counted: not delivered (never left), account problem
    // (the buyer never looked at the lead) and invalid (the buyer refused the data itself; corrected, it may go
    // again).
    std::optional<DuplicateHit> findDuplicate(const QString &vendorId, const QString &phoneDigits,
                                              const QDateTime &since);

    std::optional<SubmissionRecord> record(const QString &id);
    // Whether a page's records carry their bodies (lead, request, answer, callback). A table shows none of them,
    // and decompressing them is most of what a page of 100 costs once the search has found its rows.
    enum class Bodies
    {
        Read,
        Skip,
    };
    // One page, ordered by the sort column, then created_at and id in the same direction.
    QList<SubmissionRecord> query(const HistoryFilter &filter, HistorySort sort, Qt::SortOrder order, int offset,
                                  int limit, Bodies bodies = Bodies::Read);
    // Keyset paging: the page that follows `after` (the last row of the previous page) in the same order.
    // Unlike a deep OFFSET it costs the same on page 1 and page 5,000.
    QList<SubmissionRecord> queryAfter(const HistoryFilter &filter, HistorySort sort, Qt::SortOrder order,
                                       const SubmissionRecord &after, int limit, Bodies bodies = Bodies::Read);
    qint64 count(const HistoryFilter &filter);
    // Cheap at any size: for a search alone that the index narrows and that has many candidates, an estimate of
    // count(filter) from its newest candidates (HistorySearch::estimatedCount: within a few percent, rounded to
    // two significant digits); otherwise count(filter). For "about 62,000" while the exact count is still being
    // made.
    // *exact (when given) says which of the two it was.
    qint64 approximateCount(const HistoryFilter &filter, bool *exact = nullptr);
    // SQLite's PRAGMA data_version on this store's connection: it changes when another connection (another
    // process, or another HistoryStore of this one) commits, and costs microseconds. -1 on a team server (which
    // pushes its changes instead, see pushesChanges()) or on error.
    qint64 dataVersion();
    // SQLite: this connection reads the file through a memory map (PRAGMA mmap_size, up to SQLite's 2 GB) instead
    // of copying each page it reads; a search that visits thousands of scattered rows costs half the CPU. For a
    // connection that only reads (the history view's worker); writers and exports keep plain reads, so a memory
    // figure never counts the mapped file. A no-op on a team server. False with lastError() on failure.
    bool mapForReading();

    // The dashboard's and the CLI report's figures from the roll-up (Report.h; HistoryReport.cpp). False with
    // lastError() on failure.
    bool report(const ReportFilter &filter, ReportBy by, ReportTable *table);

    // Bulk insert of complete records in one transaction (benchmarks, imports). Emits nothing.
    bool importRecords(const QList<SubmissionRecord> &records);
    // The same, skipping records whose id the history already holds (history copy, run again safely). Returns
    // how many were added, -1 on error (and then none was).
    int copyRecords(const QList<SubmissionRecord> &records);

    // Buyers' returns (ReturnsStore.cpp; the file and its matching: pipeline/ReturnsImport). What this login can
    // see of the vendor's submissions whose vendor lead id (or transaction id) is one of keys, in one query per
    // few hundred keys (no index covers these ids: one scan per chunk, not per line).
    enum class ReturnKey
    {
        VendorLeadId,
        VendorTransactionId,
    };
    std::optional<QList<ReturnCandidate>> returnCandidates(const QString &vendorId, ReturnKey key,
                                                           const QStringList &keys);
    // The vendor's billable submissions of this phone created in [from, until) (an invalid bound: open), from the
    // duplicate guard's index.
    std::optional<QList<ReturnCandidate>> returnCandidatesByPhone(const QString &vendorId, const QString &phoneDigits,
                                                                  const QDateTime &from, const QDateTime &until);
    // Marks the rows returned in one transaction, each only if it is not returned yet (so a second import, or two
    // supervisors at once, never overwrite a return). Returns the ids changed; nullopt with lastError() when the
    // history refused (and then none was). On a team server an agent changes only its own rows and a supervisor
    // only the return columns: the database enforces it (migration 5); a row the login may not change is simply
    // not among the ids returned.
    std::optional<QStringList> recordReturns(const QList<ReturnWrite> &writes);
    // A slim page for exports: every column but the large payloads, newest first, after `after` when given
    // (keyset paging), so memory stays bounded however many rows the filter holds.
    QList<SubmissionRecord> exportPage(const HistoryFilter &filter, const std::optional<SubmissionRecord> &after,
                                       int limit);
    // Consent scripts as versioned data (ConsentScripts.cpp): the newest version of each script, sorted by id.
    QList<ConsentScript> consentScripts();
    // One version; 0: the newest. nullopt when the history holds no such script (or on error, see lastError()).
    std::optional<ConsentScript> consentScript(const QString &scriptId, int version = 0);
    // Saves *script as a new version (the next after the newest of its id), setting version, createdAt and
    // createdBy. Earlier versions stay as they are.
    bool saveConsentScript(ConsentScript *script);

    // The consent evidence chain (EvidenceChain.h).
    std::optional<ConsentRecord> consentRecord(const QString &submissionId);
    // With `notedHead`, a record hash noted from an earlier check: also fails when no record has it any more.
    EvidenceCheck verifyEvidence(const QString &notedHead = QString());

    // Retention (Retention.cpp): removes the personal data of submissions created before `before`, and replaces
    // their consent records' content by tombstones that keep the chain verifiable. Rows stay, so counts do too.
    struct RetentionResult
    {
        bool ok = false;
        qint64 submissions = 0; // rows whose personal data was (or, dry run, would be) removed
        qint64 records = 0;     // consent records tombstoned (or that would be)
    };
    RetentionResult applyRetention(const QDateTime &before, bool dryRun);
    // A buyer's return as stored (ISO-8601 text, empty when none), and when retention removed the personal data.
    struct ReturnInfo
    {
        QString returnedAt;
        QString reason;
        QString recordedAt;
        QString personalDataRemovedAt;
    };
    ReturnInfo returnOf(const QString &submissionId);
    // Schema 8 stores payloads compressed with a dictionary kept in the history (PayloadCodec.h). This pass
    // re-compresses the rows written before it (or before the history had a dictionary): `batch` rows per
    // transaction, its bookmark committed with each batch, so it can stop anywhere (progress returning false, the
    // process ending) and the next call resumes there. progress(done, total) after each batch. Returns the rows
    // re-compressed by this call, -1 on error (a team server: only its owner may run it). HistoryCompact.cpp.
    qint64 compactPayloads(const std::function<bool(qint64 done, qint64 total)> &progress = {}, int batch = 500);
    // Whether compactPayloads() has not finished yet. Until the history holds enough rows to train a dictionary
    // (PayloadDictionaries::TrainAfterRows) the pass does nothing and stays pending; it costs one query then.
    bool compactionPending();

Q_SIGNALS:
    // Emitted after a commit by this store object (begin, finish, finalise, recovery), so views refresh live.
    void changed(const QString &id);

private:
    friend class DncList; // the do-not-call list lives in the same history and its transactions
    bool fail(const QString &what, const QString &databaseText);
    // Open, and connected: a team server's connection lost by an earlier step is made again first (and the
    // answers kept meanwhile in the side journal applied).
    bool ready();
    bool connectAndPrepare();
    int insertRecords(const QList<SubmissionRecord> &records, bool skipExisting);
    int recover(const QDateTime &startedBefore, bool spareLiveWriters);
    bool writeAnswer(const QString &id, const Outcome &outcome, qint64 durationMs, const QDateTime &answeredAt,
                     bool onlyIfUnanswered, bool *applied = nullptr);
    // The bodies of beginChecked() and writeAnswer(), inside a write transaction the caller holds (also used by
    // writeGroup()). On failure *error is set; a refused duplicate is not a failure.
    std::optional<QString> finaliseOnce(const QString &token, const Outcome &outcome, bool *transient);
    BeginResult beginIn(const SubmissionStart &start, QString *error);
    bool writeAnswerIn(const QString &id, const Outcome &outcome, qint64 durationMs, const QDateTime &answeredAt,
                       bool onlyIfUnanswered, bool *written, QString *error);

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
