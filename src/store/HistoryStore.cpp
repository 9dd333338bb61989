// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryStore.h"

#include "HistorySchema.h"
#include "HistorySql.h"
#include "HistoryStore_p.h"
#include "StoreLog.h"
#include "core/LeadValidator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

using namespace HistorySql;

namespace
{

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// The history holds customers' personal data: only the owner may read it, WAL and shared-memory files included.
void restrictPermissions(const QString &path)
{
    for (const QString &file : QStringList{path, path + u"-wal"_s, path + u"-shm"_s}) {
        if (QFileInfo::exists(file) && !QFile::setPermissions(file, OwnerOnly))
            qCWarning(lcStore) << "Could not make the history file private:" << file;
    }
}

QString joinName(const Lead &lead)
{
    const QString first = lead.firstName.trimmed();
    const QString last = lead.lastName.trimmed();
    if (first.isEmpty() || last.isEmpty())
        return first + last;
    return first + u' ' + last;
}

QString phoneDigits(const QString &phone)
{
    const QString normalized = normalizedPhone(phone);
    if (!normalized.isEmpty())
        return normalized;
    QString digits;
    for (const QChar c : phone) {
        if (c.isDigit() && c.unicode() < 128)
            digits.append(c);
    }
    return digits;
}

} // namespace

int HistoryStore::knownSchemaVersion()
{
    return HistorySchema::knownVersion();
}

HistoryStore::HistoryStore(const QString &path, Clock clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->path = path;
    d->clock = std::move(clock);
    // One connection per store object: two stores (or threads) never share a connection's transaction state.
    d->connectionName = u"leadrelay-history-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    d->db = QSqlDatabase::addDatabase(u"QSQLITE"_s, d->connectionName);
}

HistoryStore::~HistoryStore()
{
    d->db.close();
    d->db = QSqlDatabase(); // the last handle must be gone before the connection is removed
    QSqlDatabase::removeDatabase(d->connectionName);
}

QString HistoryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/history.sqlite"_s;
}

bool HistoryStore::fail(const QString &what, const QString &databaseText)
{
    d->lastError = databaseText.isEmpty() ? what : tr("%1: %2").arg(what, databaseText);
    qCWarning(lcStore).noquote() << d->lastError;
    return false;
}

bool HistoryStore::open(const QDateTime &recoverStartedBefore)
{
    d->open = false;
    d->db.close(); // opening again starts from scratch
    if (!d->db.isValid())
        return fail(tr("The SQLite driver of Qt (QSQLITE) is not available"), {});
    const QFileInfo info(d->path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(tr("Could not create the folder %1").arg(info.absolutePath()), {});
    if (!info.exists()) {
        // Created empty with owner-only permissions, so the data is never readable by others, not even briefly.
        QFile file(d->path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnly) && !QFileInfo::exists(d->path))
            return fail(tr("Could not create the history file %1").arg(d->path), file.errorString());
    }
    restrictPermissions(d->path);

    d->db.setDatabaseName(d->path);
    d->db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
    if (!d->db.open())
        return fail(tr("Could not open the history %1").arg(d->path), d->db.lastError().text());

    QString error;
    QSqlQuery pragma(d->db);
    if (!pragma.exec(u"PRAGMA busy_timeout = 10000"_s))
        return fail(tr("Could not open the history %1").arg(d->path), pragma.lastError().text());
    // Refuse a newer file before anything (even the journal mode) is written to it.
    const int fileVersion = HistorySchema::currentVersion(d->db, &error);
    if (fileVersion > HistorySchema::knownVersion())
        return fail(HistorySchema::tooNewError(fileVersion), {});
    if (!pragma.exec(u"PRAGMA journal_mode = WAL"_s) || !pragma.next())
        return fail(tr("Could not open the history %1").arg(d->path), pragma.lastError().text());
    if (pragma.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
        qCWarning(lcStore) << "The history is not in WAL mode; concurrent readers may wait:" << pragma.value(0);
    pragma.finish();
    if (!pragma.exec(u"PRAGMA synchronous = FULL"_s))
        return fail(tr("Could not open the history %1").arg(d->path), pragma.lastError().text());

    const int version = HistorySchema::migrate(d->db, &error);
    if (version < 0)
        return fail(tr("Could not prepare the history %1").arg(d->path), error);
    if (version > HistorySchema::knownVersion())
        return fail(HistorySchema::tooNewError(version), {});
    d->schemaVersion = version;
    restrictPermissions(d->path); // WAL and shared-memory files exist now
    d->open = true;

    const QDateTime cutoff =
        recoverStartedBefore.isValid() ? recoverStartedBefore : d->clock().addSecs(-InterruptedAfterSeconds);
    if (recoverInterrupted(cutoff) < 0) {
        d->open = false;
        return false;
    }
    return true;
}

bool HistoryStore::isOpen() const
{
    return d->open;
}

QString HistoryStore::lastError() const
{
    return d->lastError;
}

QString HistoryStore::path() const
{
    return d->path;
}

int HistoryStore::schemaVersion() const
{
    return d->schemaVersion;
}

int HistoryStore::recoverInterrupted(const QDateTime &startedBefore)
{
    const QString what = tr("Could not recover interrupted submissions");
    auto failed = [&](const QString &text) {
        fail(what, text);
        return -1;
    };
    if (!d->open)
        return failed(tr("the history is not open"));
    const QVariant sending = outcomeStateKey(OutcomeState::Sending);
    const QVariant cutoff = timeValue(startedBefore);
    QStringList ids;
    {
        WriteTransaction transaction(d->db);
        if (!transaction.isActive())
            return failed(transaction.error());
        QSqlQuery select(d->db);
        if (!execBound(select, u"SELECT id FROM submissions WHERE state = ? AND created_at < ?"_s, {sending, cutoff}))
            return failed(select.lastError().text());
        while (select.next())
            ids.append(select.value(0).toString());
        select.finish();
        if (ids.isEmpty())
            return 0;
        const QString message =
            tr("Interrupted: LeadRelay stopped while this lead was being sent. It may have reached the vendor; "
               "check with the vendor before resubmitting.");
        QSqlQuery update(d->db);
        if (!execBound(update,
                       u"UPDATE submissions SET state = ?, answered_at = ?, messages = ? "
                       "WHERE state = ? AND created_at < ?"_s,
                       {outcomeStateKey(OutcomeState::DeliveryUnknown), timeValue(d->clock()), messagesJson({message}),
                        sending, cutoff}))
            return failed(update.lastError().text());
        if (!transaction.commit())
            return failed(transaction.error());
    }
    qCInfo(lcStore) << "Marked" << ids.size() << "interrupted submission(s) as delivery unknown";
    for (const QString &id : std::as_const(ids))
        Q_EMIT changed(id);
    return int(ids.size());
}

QString HistoryStore::begin(const SubmissionStart &start)
{
    auto failed = [&](const QString &text) {
        fail(tr("Could not record the submission"), text);
        return QString();
    };
    if (!d->open)
        return failed(tr("the history is not open"));
    SubmissionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.createdAt = d->clock();
    r.agent = start.lead.agent;
    r.vendorId = start.vendorId;
    r.accountMode = start.accountMode;
    r.campaign = start.lead.campaign;
    r.customerName = joinName(start.lead);
    r.phone = phoneDigits(start.lead.phone);
    r.leadJson = start.lead.toJsonBytes();
    r.redactedRequest = start.redactedRequest;
    r.state = OutcomeState::Sending;
    r.callbackToken = start.callbackToken;

    WriteTransaction transaction(d->db);
    if (!transaction.isActive())
        return failed(transaction.error());
    QSqlQuery insert(d->db);
    if (!insert.prepare(insertSubmissionStatement()))
        return failed(insert.lastError().text());
    bindSubmission(insert, r);
    if (!insert.exec())
        return failed(insert.lastError().text());
    QSqlQuery payload(d->db);
    if (!payload.prepare(insertPayloadStatement()))
        return failed(payload.lastError().text());
    bindPayload(payload, r, RawAnswerCap);
    if (!payload.exec())
        return failed(payload.lastError().text());
    if (!transaction.commit())
        return failed(transaction.error());
    qCDebug(lcStore) << "Submission" << r.id << "recorded as sending";
    Q_EMIT changed(r.id);
    return r.id;
}

bool HistoryStore::finish(const QString &id, const Outcome &outcome, qint64 durationMs)
{
    auto failed = [&](const QString &text) { return fail(tr("Could not record the answer of %1").arg(id), text); };
    if (!d->open)
        return failed(tr("the history is not open"));
    {
        WriteTransaction transaction(d->db);
        if (!transaction.isActive())
            return failed(transaction.error());
        QSqlQuery select(d->db);
        if (!execBound(select,
                       u"SELECT final, messages, field_issues, vendor_lead_id, vendor_transaction_id "
                       "FROM submissions WHERE id = ?"_s,
                       {id}))
            return failed(select.lastError().text());
        if (!select.next())
            return failed(tr("no such submission"));
        const bool finalAlready = select.value(0).toInt() != 0;
        const QStringList oldMessages = messagesFromJson(select.value(1).toString());
        const FieldIssues oldIssues = issuesFromJson(select.value(2).toString());
        const QString oldLeadId = select.value(3).toString();
        const QString oldTransactionId = select.value(4).toString();
        select.finish();

        const StoredBytes raw = storeBytes(outcome.rawBody, RawAnswerCap);
        QSqlQuery update(d->db);
        bool ok = false;
        if (finalAlready) {
            // The final result arrived by callback before this answer (or a final answer was already stored):
            // keep its state, billable and final flags; the answer still completes what it knows.
            ok = execBound(
                update,
                u"UPDATE submissions SET answered_at = ?, http_status = ?, vendor_lead_id = ?, "
                "vendor_transaction_id = ?, messages = ?, field_issues = ?, duration_ms = ? WHERE id = ?"_s,
                {timeValue(d->clock()), outcome.httpStatus,
                 notNull(outcome.vendorLeadId.isEmpty() ? oldLeadId : outcome.vendorLeadId),
                 notNull(outcome.vendorTransactionId.isEmpty() ? oldTransactionId : outcome.vendorTransactionId),
                 messagesJson(outcome.messages + oldMessages), issuesJson(outcome.fieldIssues + oldIssues), durationMs,
                 id});
        } else {
            ok = execBound(update,
                           u"UPDATE submissions SET answered_at = ?, http_status = ?, state = ?, billable = ?, "
                           "final = ?, vendor_lead_id = ?, vendor_transaction_id = ?, messages = ?, "
                           "field_issues = ?, duration_ms = ? WHERE id = ?"_s,
                           {timeValue(d->clock()), outcome.httpStatus, outcomeStateKey(outcome.state),
                            outcome.billable ? 1 : 0, outcome.final ? 1 : 0, notNull(outcome.vendorLeadId),
                            notNull(outcome.vendorTransactionId), messagesJson(outcome.messages),
                            issuesJson(outcome.fieldIssues), durationMs, id});
        }
        if (!ok)
            return failed(update.lastError().text());
        QSqlQuery payload(d->db);
        if (!execBound(
                payload,
                u"UPDATE submission_payloads SET raw_answer = ?, raw_answer_base64 = ? WHERE submission_id = ?"_s,
                {raw.text, raw.base64, id}))
            return failed(payload.lastError().text());
        if (!transaction.commit())
            return failed(transaction.error());
    }
    qCDebug(lcStore) << "Submission" << id << "answered:" << outcomeStateKey(outcome.state);
    Q_EMIT changed(id);
    return true;
}

std::optional<QString> HistoryStore::finalise(const QString &token, const Outcome &outcome)
{
    auto failed = [&](const QString &text) {
        fail(tr("Could not record a final result"), text);
        return std::optional<QString>();
    };
    if (!d->open)
        return failed(tr("the history is not open"));
    if (token.isEmpty())
        return std::nullopt;
    QString id;
    {
        WriteTransaction transaction(d->db);
        if (!transaction.isActive())
            return failed(transaction.error());
        QSqlQuery select(d->db);
        if (!execBound(select,
                       u"SELECT id, final, messages, field_issues, vendor_lead_id, vendor_transaction_id "
                       "FROM submissions WHERE callback_token = ?"_s,
                       {token}))
            return failed(select.lastError().text());
        if (!select.next())
            return std::nullopt; // not ours: the receiver answers 404
        id = select.value(0).toString();
        if (select.value(1).toInt() != 0)
            return id; // a repeated callback changes nothing
        const QStringList oldMessages = messagesFromJson(select.value(2).toString());
        const FieldIssues oldIssues = issuesFromJson(select.value(3).toString());
        const QString oldLeadId = select.value(4).toString();
        const QString oldTransactionId = select.value(5).toString();
        select.finish();

        const StoredBytes body = storeBytes(outcome.rawBody, RawAnswerCap);
        QSqlQuery update(d->db);
        bool ok = false;
        if (outcome.unparsable) {
            // Nothing was learnt about the result: keep the state, keep the body for a human, stay not final.
            ok = execBound(update, u"UPDATE submissions SET callback_unparsable = 1, finalised_at = ? WHERE id = ?"_s,
                           {timeValue(d->clock()), id});
        } else {
            ok = execBound(
                update,
                u"UPDATE submissions SET state = ?, billable = ?, final = 1, finalised_at = ?, "
                "callback_unparsable = 0, messages = ?, field_issues = ?, vendor_lead_id = ?, "
                "vendor_transaction_id = ? WHERE id = ?"_s,
                {outcomeStateKey(outcome.state), outcome.billable ? 1 : 0, timeValue(d->clock()),
                 messagesJson(oldMessages + outcome.messages), issuesJson(oldIssues + outcome.fieldIssues),
                 notNull(outcome.vendorLeadId.isEmpty() ? oldLeadId : outcome.vendorLeadId),
                 notNull(outcome.vendorTransactionId.isEmpty() ? oldTransactionId : outcome.vendorTransactionId), id});
        }
        if (!ok)
            return failed(update.lastError().text());
        QSqlQuery payload(d->db);
        if (!execBound(
                payload,
                u"UPDATE submission_payloads SET callback_body = ?, callback_body_base64 = ? WHERE submission_id = ?"_s,
                {body.text, body.base64, id}))
            return failed(payload.lastError().text());
        if (!transaction.commit())
            return failed(transaction.error());
    }
    qCDebug(lcStore) << "Submission" << id << "final result:" << outcomeStateKey(outcome.state)
                     << "unparsable:" << outcome.unparsable;
    Q_EMIT changed(id);
    return id;
}

} // namespace LeadRelay
