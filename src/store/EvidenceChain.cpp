// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvidenceChain.h"

#include "HistorySql.h"
#include "HistoryStore.h"
#include "HistoryStore_p.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay::EvidenceChain
{

namespace
{

const QString Columns =
    u"seq, submission_id, created_at, prev_hash, content_hash, record_hash, content, tombstoned_at"_s;

ConsentRecord readRow(const QSqlQuery &query)
{
    ConsentRecord r;
    r.seq = query.value(0).toLongLong();
    r.submissionId = query.value(1).toString();
    r.createdAt = HistorySql::timeFromValue(query.value(2));
    r.prevHash = query.value(3).toString();
    r.contentHash = query.value(4).toString();
    r.recordHash = query.value(5).toString();
    if (!query.value(6).isNull())
        r.content = QJsonDocument::fromJson(query.value(6).toString().toUtf8()).object();
    r.tombstonedAt = HistorySql::timeFromValue(query.value(7));
    return r;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("LeadRelay::EvidenceChain", text);
}

} // namespace

QByteArray canonical(const QJsonObject &content)
{
    return QJsonDocument(content).toJson(QJsonDocument::Compact);
}

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString recordHash(const QString &prevHash, const QString &contentHash)
{
    return sha256Hex((prevHash + u':' + contentHash).toLatin1());
}

QString genesisHash()
{
    return QString(64, u'0');
}

bool appendIn(const QSqlDatabase &db, const QString &submissionId, QJsonObject content, const QDateTime &now,
              QString *error)
{
    const bool postgres = db.driverName() == u"QPSQL"_s;
    QSqlQuery tail(db);
    const QString tailSql = postgres ? u"SELECT seq, record_hash FROM leadrelay_consent_tail()"_s
                                     : u"SELECT seq, record_hash FROM consent_records ORDER BY seq DESC LIMIT 1"_s;
    if (!tail.exec(tailSql)) {
        *error = tail.lastError().text();
        return false;
    }
    qint64 seq = 1;
    QString prev = genesisHash();
    if (tail.next() && !tail.value(0).isNull()) {
        seq = tail.value(0).toLongLong() + 1;
        prev = tail.value(1).toString();
    }
    tail.finish();
    content.insert(u"submission_id"_s, submissionId);
    content.insert(u"stored_at_utc"_s, HistorySql::timeValue(now).toString());
    const QByteArray text = canonical(content);
    const QString contentHash = sha256Hex(text);
    QSqlQuery insert(db);
    if (!execBound(insert,
                   u"INSERT INTO consent_records (seq, submission_id, created_at, prev_hash, content_hash, "
                   "record_hash, content) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                   {seq, submissionId, HistorySql::timeValue(now), prev, contentHash, recordHash(prev, contentHash),
                    QString::fromUtf8(text)})) {
        *error = insert.lastError().text();
        return false;
    }
    return true;
}

std::optional<ConsentRecord> recordOf(const QSqlDatabase &db, const QString &submissionId, QString *error)
{
    QSqlQuery query(db);
    if (!execBound(query,
                   u"SELECT "_s + Columns + u" FROM consent_records WHERE submission_id = ? ORDER BY seq LIMIT 1"_s,
                   {submissionId})) {
        *error = query.lastError().text();
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return readRow(query);
}

EvidenceCheck verify(const QSqlDatabase &db, const QString &notedHead)
{
    EvidenceCheck check;
    auto found = [&check](EvidenceCheck::Problem problem, const ConsentRecord &r, const QString &message) {
        check.problem = problem;
        check.seq = r.seq;
        check.submissionId = r.submissionId;
        check.message = message;
        return check;
    };
    QSet<QString> submissions;
    {
        QSqlQuery ids(db);
        ids.setForwardOnly(true);
        if (!ids.exec(u"SELECT id FROM submissions"_s)) {
            check.problem = EvidenceCheck::Problem::Unreadable;
            check.message = ids.lastError().text();
            return check;
        }
        while (ids.next())
            submissions.insert(ids.value(0).toString());
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT "_s + Columns + u" FROM consent_records ORDER BY seq"_s)) {
        check.problem = EvidenceCheck::Problem::Unreadable;
        check.message = query.lastError().text();
        return check;
    }
    QSet<QString> recorded;
    std::optional<ConsentRecord> previous;
    while (query.next()) {
        const ConsentRecord r = readRow(query);
        const QVariant raw = query.value(6);
        ++check.records;
        if (r.tombstoned())
            ++check.tombstones;
        const qint64 expectedSeq = previous ? previous->seq + 1 : 1;
        const QString expectedPrev = previous ? previous->recordHash : genesisHash();
        // The stored bytes are hashed as they are, so any edit of the text shows, even one that keeps the JSON's
        // meaning.
        if (!raw.isNull() && sha256Hex(raw.toString().toUtf8()) != r.contentHash)
            return found(EvidenceCheck::Problem::Changed, r,
                         tr("Record %1 (submission %2) was changed: its content no longer matches its hash.")
                             .arg(r.seq)
                             .arg(r.submissionId));
        if (raw.isNull() && !r.tombstoned())
            return found(EvidenceCheck::Problem::Changed, r,
                         tr("Record %1 (submission %2) was changed: its content is gone without a retention "
                            "tombstone.")
                             .arg(r.seq)
                             .arg(r.submissionId));
        if (!raw.isNull() && r.content.value(u"submission_id"_s).toString() != r.submissionId)
            return found(EvidenceCheck::Problem::Changed, r,
                         tr("Record %1 was changed: it was moved from submission %2 to %3.")
                             .arg(r.seq)
                             .arg(r.content.value(u"submission_id"_s).toString(), r.submissionId));
        if (!submissions.contains(r.submissionId))
            return found(
                EvidenceCheck::Problem::Inserted, r,
                tr("Record %1 was inserted: its submission %2 is not in the history.").arg(r.seq).arg(r.submissionId));
        if (recorded.contains(r.submissionId))
            return found(EvidenceCheck::Problem::Inserted, r,
                         tr("Record %1 was inserted: submission %2 already has a consent record.")
                             .arg(r.seq)
                             .arg(r.submissionId));
        if (recordHash(r.prevHash, r.contentHash) != r.recordHash)
            return found(EvidenceCheck::Problem::Changed, r,
                         tr("Record %1 (submission %2) was changed: its hashes do not match each other.")
                             .arg(r.seq)
                             .arg(r.submissionId));
        if (r.seq > expectedSeq) {
            ConsentRecord missing = r;
            missing.seq = expectedSeq;
            missing.submissionId.clear();
            return found(EvidenceCheck::Problem::Removed, missing,
                         r.seq == expectedSeq + 1
                             ? tr("Record %1 was removed (the chain goes from record %2 to record %3).")
                                   .arg(expectedSeq)
                                   .arg(expectedSeq - 1)
                                   .arg(r.seq)
                             : tr("Records %1 to %2 were removed.").arg(expectedSeq).arg(r.seq - 1));
        }
        if (r.prevHash != expectedPrev) {
            // This record follows the same record as the one before it: that one was put in between.
            if (previous && r.prevHash == previous->prevHash)
                return found(EvidenceCheck::Problem::Inserted, *previous,
                             tr("Record %1 (submission %2) was inserted: the record after it follows the record "
                                "before it.")
                                 .arg(previous->seq)
                                 .arg(previous->submissionId));
            if (previous)
                return found(EvidenceCheck::Problem::Changed, *previous,
                             tr("The chain breaks after record %1 (submission %2): it was changed and its hashes "
                                "recomputed, or a record after it was removed and the rest renumbered.")
                                 .arg(previous->seq)
                                 .arg(previous->submissionId));
            return found(EvidenceCheck::Problem::Removed, r,
                         tr("Record %1 (submission %2) follows a record the history no longer holds: records "
                            "before it were removed.")
                             .arg(r.seq)
                             .arg(r.submissionId));
        }
        recorded.insert(r.submissionId);
        if (!notedHead.isEmpty() && r.recordHash == notedHead)
            check.notedSeq = r.seq;
        previous = r;
    }
    if (query.lastError().isValid()) {
        check.problem = EvidenceCheck::Problem::Unreadable;
        check.message = query.lastError().text();
        return check;
    }
    if (previous) {
        check.headSeq = previous->seq;
        check.headHash = previous->recordHash;
    }
    if (!notedHead.isEmpty() && check.notedSeq == 0) {
        check.problem = EvidenceCheck::Problem::Removed;
        check.seq = check.headSeq;
        check.message = tr("No record has the head you noted (%1): records at the chain's end were removed, or the "
                           "chain was rewritten. Its last record now is record %2.")
                            .arg(notedHead)
                            .arg(check.headSeq);
    }
    return check;
}

} // namespace LeadRelay::EvidenceChain

namespace LeadRelay
{

std::optional<ConsentRecord> HistoryStore::consentRecord(const QString &submissionId)
{
    if (!ready())
        return std::nullopt;
    QString error;
    auto record = EvidenceChain::recordOf(d->db, submissionId, &error);
    if (!error.isEmpty())
        fail(tr("Could not read the consent record"), error);
    return record;
}

EvidenceCheck HistoryStore::verifyEvidence(const QString &notedHead)
{
    if (!ready()) {
        EvidenceCheck check;
        check.problem = EvidenceCheck::Problem::Unreadable;
        check.message = d->lastError;
        return check;
    }
    if (d->role == Role::Agent || d->role == Role::Receiver) {
        // Row-level security shows an agent only its own records: the floor's chain cannot be checked from there.
        EvidenceCheck check;
        check.problem = EvidenceCheck::Problem::Unreadable;
        check.message = tr("Checking the evidence needs a supervisor's login (or the team database's owner).");
        return check;
    }
    // One snapshot for the whole walk: a record appended meanwhile must not look inserted.
    QSqlQuery begin(d->db);
    const bool snapshot = begin.exec(
        d->db.driverName() == u"QPSQL"_s ? u"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"_s : u"BEGIN"_s);
    const EvidenceCheck check = EvidenceChain::verify(d->db, notedHead);
    if (snapshot) {
        QSqlQuery end(d->db);
        end.exec(u"COMMIT"_s);
    }
    return check;
}

} // namespace LeadRelay
