// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryStore.h"

#include "DncList.h"
#include "EvidenceChain.h"
#include "HistoryDialect.h"
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

HistoryStore::HistoryStore(const QString &location, Clock clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->location = HistoryLocation::parse(location);
    d->path = d->location.isServer() ? d->location.display() : location;
    d->backend = HistoryBackend::create(d->location);
    d->clock = std::move(clock);
    // One connection per store object: two stores (or threads) never share a connection's transaction state.
    d->connectionName = u"leadrelay-history-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    // The connection (and with it Qt's driver plugin) is added by open(): the app builds its window around a store
    // it opens only after the first paint (issue 13).
}

HistoryStore::~HistoryStore()
{
    d->writer.reset();
    d->db.close();
    d->db = QSqlDatabase(); // the last handle must be gone before the connection is removed
    if (QSqlDatabase::contains(d->connectionName))
        QSqlDatabase::removeDatabase(d->connectionName);
}

QString HistoryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/history.sqlite"_s;
}

bool HistoryStore::fail(const QString &what, const QString &databaseText)
{
    if (d->backend->connectionLost(databaseText))
        d->connectionLost = true;
    const QString plain = d->backend->plainError(databaseText);
    d->lastError = plain.isEmpty() ? what : tr("%1: %2").arg(what, plain);
    qCWarning(lcStore).noquote() << d->lastError;
    return false;
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

HistoryLocation HistoryStore::location() const
{
    return d->location;
}

HistoryStore::Role HistoryStore::role() const
{
    return d->role;
}

void HistoryStore::setPassword(const QString &password)
{
    d->location.setPassword(password);
    d->backend = HistoryBackend::create(d->location);
}

int HistoryStore::schemaVersion() const
{
    return d->schemaVersion;
}

BeginResult HistoryStore::beginChecked(const SubmissionStart &start)
{
    auto failed = [&](const QString &text) {
        fail(tr("Could not record the submission"), text);
        return BeginResult();
    };
    if (!ready())
        return failed(d->lastError);
    WriteTransaction transaction(d->db);
    if (!transaction.isActive())
        return failed(transaction.error());
    QString error;
    const BeginResult begun = beginIn(start, &error);
    if (!error.isEmpty())
        return failed(error);
    if (begun.duplicate) {
        d->lastError = tr("Not recorded: a duplicate of submission %1").arg(begun.duplicate->id);
        return begun;
    }
    if (begun.doNotCall) {
        d->lastError = tr("Not recorded: this phone is on the company do-not-call list");
        return begun;
    }
    if (!transaction.commit())
        return failed(transaction.error());
    qCDebug(lcStore) << "Submission" << begun.id << "recorded as sending";
    Q_EMIT changed(begun.id);
    return begun;
}

BeginResult HistoryStore::beginIn(const SubmissionStart &start, QString *error)
{
    auto failed = [&](const QString &text) {
        *error = text;
        return BeginResult();
    };
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

    // The company do-not-call list, in the transaction that would record the lead: no path (form, CLI, batch)
    // sends a listed phone, and no "send anyway" skips it (only a recorded removal does).
    if (const QString listedPhone = DncList::digits(start.lead.phone); !listedPhone.isEmpty()) {
        auto listed = DncList::activeIn(d->db, listedPhone, error);
        if (!error->isEmpty())
            return BeginResult();
        if (listed) {
            BeginResult refused;
            refused.doNotCall = listed;
            return refused;
        }
    }
    if (start.duplicateSince.isValid() && !r.phone.isEmpty()) {
        // Inside the write transaction: no other writer can insert the same lead between this look and ours.
        const auto hit = findDuplicateIn(d->db, r.vendorId, r.phone, start.duplicateSince, error);
        if (!error->isEmpty())
            return BeginResult();
        if (hit)
            return BeginResult{QString(), hit, std::nullopt, std::nullopt};
    }
    QSqlQuery insert(d->db);
    if (!insert.prepare(insertSubmissionStatement()))
        return failed(insert.lastError().text());
    bindSubmission(insert, r);
    if (!insert.exec())
        return failed(insert.lastError().text());
    const auto dictionary = d->dictionaries.current(d->db, error);
    if (!error->isEmpty())
        return BeginResult();
    QSqlQuery payload(d->db);
    if (!payload.prepare(insertPayloadStatement()))
        return failed(payload.lastError().text());
    bindPayload(payload, r, RawAnswerCap, dictionary.get());
    if (!payload.exec())
        return failed(payload.lastError().text());
    if (d->writer && !d->writer->writerId().isEmpty()) {
        QSqlQuery writer(d->db);
        if (!execBound(writer, u"UPDATE submissions SET writer_id = ? WHERE id = ?"_s, {d->writer->writerId(), r.id}))
            return failed(writer.lastError().text());
    }
    // The consent evidence belongs to the row: both are written, or neither.
    if (!start.consent.isEmpty()) {
        QJsonObject consent = start.consent;
        // On a team server an agent's row is the login's (HistoryDialect's trigger): so is its consent record.
        if (d->role == Role::Agent)
            consent.insert(u"agent"_s, d->location.user());
        if (!EvidenceChain::appendIn(d->db, r.id, consent, r.createdAt, error))
            return BeginResult();
    }
    return BeginResult{r.id, std::nullopt, std::nullopt, std::nullopt};
}

bool HistoryStore::finish(const QString &id, const Outcome &outcome, qint64 durationMs)
{
    return writeAnswer(id, outcome, durationMs, d->clock(), false);
}

bool HistoryStore::writeAnswer(const QString &id, const Outcome &outcome, qint64 durationMs,
                               const QDateTime &answeredAt, bool onlyIfUnanswered, bool *applied)
{
    auto failed = [&](const QString &text) { return fail(tr("Could not record the answer of %1").arg(id), text); };
    if (applied)
        *applied = false;
    if (!ready())
        return failed(d->lastError);
    bool written = false;
    {
        WriteTransaction transaction(d->db);
        if (!transaction.isActive())
            return failed(transaction.error());
        QString error;
        if (!writeAnswerIn(id, outcome, durationMs, answeredAt, onlyIfUnanswered, &written, &error))
            return failed(error);
        if (!written)
            return true; // nothing to change (see writeAnswerIn)
        if (!transaction.commit())
            return failed(transaction.error());
    }
    qCDebug(lcStore) << "Submission" << id << "answered:" << outcomeStateKey(outcome.state);
    if (applied)
        *applied = true;
    Q_EMIT changed(id);
    return true;
}

bool HistoryStore::writeAnswerIn(const QString &id, const Outcome &outcome, qint64 durationMs,
                                 const QDateTime &answeredAt, bool onlyIfUnanswered, bool *written, QString *error)
{
    auto failed = [&](const QString &text) {
        *error = text;
        return false;
    };
    *written = false;
    {
        QSqlQuery select(d->db);
        if (!execBound(select, HistoryDialect::of(d->db).answerRow, {id}))
            return failed(select.lastError().text());
        if (!select.next()) {
            if (!onlyIfUnanswered)
                return failed(tr("no such submission"));
            qCWarning(lcStore) << "Side journal names" << id << "which this history does not hold; dropped";
            return true;
        }
        const bool waiting =
            select.value(5).toString() == outcomeStateKey(OutcomeState::Sending) || select.value(6).toInt() != 0;
        if (onlyIfUnanswered && !waiting)
            return true; // applied before
        const bool finalAlready = select.value(0).toInt() != 0;
        const QStringList oldMessages = messagesFromJson(select.value(1).toString());
        const FieldIssues oldIssues = issuesFromJson(select.value(2).toString());
        const QString oldLeadId = select.value(3).toString();
        const QString oldTransactionId = select.value(4).toString();
        select.finish();

        const auto dictionary = d->dictionaries.current(d->db, error);
        if (!error->isEmpty())
            return false;
        const QVariant raw = storePayload(outcome.rawBody, RawAnswerCap, dictionary.get());
        QSqlQuery update(d->db);
        bool ok = false;
        if (finalAlready) {
            // The final result arrived by callback before this answer (or a final answer was already stored):
            // keep its state, billable and final flags; the answer still completes what it knows.
            ok = execBound(
                update,
                u"UPDATE submissions SET answered_at = ?, http_status = ?, vendor_lead_id = ?, "
                "vendor_transaction_id = ?, messages = ?, field_issues = ?, duration_ms = ?, interrupted = 0 "
                "WHERE id = ?"_s,
                {timeValue(answeredAt), outcome.httpStatus,
                 notNull(outcome.vendorLeadId.isEmpty() ? oldLeadId : outcome.vendorLeadId),
                 notNull(outcome.vendorTransactionId.isEmpty() ? oldTransactionId : outcome.vendorTransactionId),
                 messagesJson(outcome.messages + oldMessages), issuesJson(outcome.fieldIssues + oldIssues), durationMs,
                 id});
        } else {
            ok = execBound(update,
                           u"UPDATE submissions SET answered_at = ?, http_status = ?, state = ?, billable = ?, "
                           "final = ?, vendor_lead_id = ?, vendor_transaction_id = ?, messages = ?, "
                           "field_issues = ?, duration_ms = ?, interrupted = 0 WHERE id = ?"_s,
                           {timeValue(answeredAt), outcome.httpStatus, outcomeStateKey(outcome.state),
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
                {raw, 0, id}))
            return failed(payload.lastError().text());
    }
    *written = true;
    return true;
}

std::optional<QString> HistoryStore::finalise(const QString &token, const Outcome &outcome)
{
    // On a team server the database may end one of two transactions that wait on each other (a desk's batch
    // answering its rows while the receiver finalises one of them, both keeping the dashboard's roll-up). That
    // is no reason to lose a vendor's final result: the same step again, a few times, before telling the vendor.
    bool transient = false;
    for (int attempt = 1;; ++attempt) {
        const std::optional<QString> id = finaliseOnce(token, outcome, &transient);
        if (id || !transient || attempt == 3)
            return id;
        qCInfo(lcStore) << "Final result retried after a transient conflict, attempt" << attempt + 1;
    }
}

std::optional<QString> HistoryStore::finaliseOnce(const QString &token, const Outcome &outcome, bool *transient)
{
    *transient = false;
    auto failed = [&](const QString &text) {
        fail(tr("Could not record a final result"), text);
        return std::optional<QString>();
    };
    // A deadlock or serialization failure: the whole transaction may simply run again (PostgreSQL's SQLSTATEs).
    auto failedSql = [&](const QSqlError &error) {
        *transient = error.nativeErrorCode() == u"40P01"_s || error.nativeErrorCode() == u"40001"_s;
        return failed(error.text());
    };
    if (!ready())
        return failed(d->lastError);
    if (token.isEmpty())
        return std::nullopt;
    QString id;
    {
        WriteTransaction transaction(d->db);
        if (!transaction.isActive())
            return failed(transaction.error());
        const HistoryDialect &dialect = HistoryDialect::of(d->db);
        QSqlQuery select(d->db);
        if (!execBound(select, dialect.callbackRow, {token}))
            return failedSql(select.lastError());
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

        QString dictionaryError;
        const auto dictionary = d->dictionaries.current(d->db, &dictionaryError);
        if (!dictionaryError.isEmpty())
            return failed(dictionaryError);
        const QVariant body = storePayload(outcome.rawBody, RawAnswerCap, dictionary.get());
        QSqlQuery update(d->db);
        bool ok = false;
        if (outcome.unparsable) {
            // Nothing was learnt about the result: keep the state, keep the body for a human, stay not final.
            ok = execBound(update, dialect.finalUnparsable, {timeValue(d->clock()), token});
        } else {
            ok = execBound(
                update, dialect.finalResult,
                {outcomeStateKey(outcome.state), outcome.billable ? 1 : 0, timeValue(d->clock()),
                 messagesJson(oldMessages + outcome.messages), issuesJson(oldIssues + outcome.fieldIssues),
                 notNull(outcome.vendorLeadId.isEmpty() ? oldLeadId : outcome.vendorLeadId),
                 notNull(outcome.vendorTransactionId.isEmpty() ? oldTransactionId : outcome.vendorTransactionId),
                 token});
        }
        if (!ok)
            return failedSql(update.lastError());
        QSqlQuery payload(d->db);
        if (!execBound(payload, dialect.finalBody, {body, 0, token}))
            return failedSql(payload.lastError());
        if (!transaction.commit())
            return failed(transaction.error());
    }
    qCDebug(lcStore) << "Submission" << id << "final result:" << outcomeStateKey(outcome.state)
                     << "unparsable:" << outcome.unparsable;
    Q_EMIT changed(id);
    return id;
}

} // namespace LeadRelay
