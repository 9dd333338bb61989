// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ConsentRecord.h"

#include <QSqlDatabase>

#include <optional>

namespace LeadRelay::EvidenceChain
{

// The consent records form one hash chain per history: each record holds the SHA-256 of its own canonical content
// (content_hash) and record_hash = SHA-256(prev_hash ":" content_hash), where prev_hash is the record_hash of the
// record before it. Changing, removing or inserting a record breaks the chain at that record; only a forger who
// rewrites every later record too (and the tail, which nothing outside the history anchors) goes unseen.
//
// Retention may replace a record's content by a tombstone: content goes, content_hash stays, so the chain still
// verifies (Retention.cpp).

// QJsonDocument's compact form: QJsonObject keeps its keys sorted, so the same content gives the same bytes.
QByteArray canonical(const QJsonObject &content);
QString sha256Hex(const QByteArray &bytes);
QString recordHash(const QString &prevHash, const QString &contentHash);
QString genesisHash(); // 64 zeros: the prev_hash of the first record

// Inside the caller's write transaction (the one that records the submission): adds submission_id and
// stored_at_utc to content and appends the record. On PostgreSQL the chain's tail is read under a
// transaction-scoped advisory lock (leadrelay_consent_tail()), so desks appending at once queue up and chain
// correctly; SQLite's BEGIN IMMEDIATE already serialises writers.
bool appendIn(const QSqlDatabase &db, const QString &submissionId, QJsonObject content, const QDateTime &now,
              QString *error);

std::optional<ConsentRecord> recordOf(const QSqlDatabase &db, const QString &submissionId, QString *error);

// Walks the whole chain in order and names the first record changed, removed or inserted. With `notedHead` (a
// record hash noted from an earlier check): also a problem when no record has that hash any more.
EvidenceCheck verify(const QSqlDatabase &db, const QString &notedHead = QString());

} // namespace LeadRelay::EvidenceChain
