// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Lead.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace LeadRelay
{

// A consent script as versioned data (table consent_scripts): what the agent reads aloud, in one language. Saving
// a change makes a new version; a consent record keeps a full copy of the version that was read, so editing a
// script never changes what an old record says was read (16 CFR 310.5(a)(5): a copy of the request as presented).
struct ConsentScript
{
    QString id;       // "energy-en"
    int version = 0;  // 1, 2, ...; 0 before it was saved
    QString language; // BCP 47 primary tag of the customer's language: "en", "es"
    QString title;
    QString disclosure; // read before the questions
    QStringList questions;
    QStringList sellers; // the sellers the script names (who may call)
    QString purpose;
    QDateTime createdAt; // UTC
    QString createdBy;

    // "energy-en-v2": what a lead's consent_script holds, naming the exact version read.
    QString reference() const;
    // The reference split again; nullopt for a reference that names no version (an older "default" or
    // "custom-…" script id).
    static std::optional<std::pair<QString, int>> parseReference(const QString &reference);
    QJsonObject toJson() const;
};

// What the caller knows when consent is recorded beyond the lead itself: filled by the pipeline's caller (GUI or
// CLI). callingWindow and dnc are objects the compliance checks fill (see ConsentEvidence::content()).
struct ConsentContext
{
    QString desk;       // the computer the agent sat at
    QString appVersion; // LeadRelay's version
    // {rule_set_id, consumer_local_time, time_zone, inside_window, warning_acknowledged}; empty when not checked.
    QJsonObject callingWindow;
    QJsonObject dnc; // the do-not-call lookups made before sending; empty when none was made
};

// The content of one consent record, before the store adds the submission it belongs to. Its keys are the
// evidence a buyer or a regulator asks for (16 CFR 310.5(a)(5): name, number, copy of the request, purpose,
// date); see EvidenceExport for the document built from it.
namespace ConsentEvidence
{

inline constexpr auto Format = "leadrelay-consent-record/1";

// script: the version read, when the history holds it; otherwise the record says the text is unknown and keeps
// the questions as the lead carries them.
QJsonObject content(const Lead &lead, const std::optional<ConsentScript> &script, const ConsentContext &context);

// Every key content() writes (the export tests check each one is in the PDF and the JSON).
QStringList contentKeys();

} // namespace ConsentEvidence

// One stored record of the chain (table consent_records).
struct ConsentRecord
{
    qint64 seq = 0;
    QString submissionId;
    QDateTime createdAt;
    QString prevHash;    // the record_hash of the record before (64 zeros for the first)
    QString contentHash; // SHA-256 of the canonical content
    QString recordHash;  // SHA-256 of prev_hash ":" content_hash
    QJsonObject content; // empty when retention replaced it by a tombstone
    QDateTime tombstonedAt;
    bool tombstoned() const { return tombstonedAt.isValid(); }
};

// What `evidence verify` found.
struct EvidenceCheck
{
    enum class Problem
    {
        None,
        Changed,  // a record's content, or its hashes, no longer match
        Removed,  // a record the chain needs is missing
        Inserted, // a record was put into the chain that the app did not write there
        Unreadable,
    };
    Problem problem = Problem::None;
    qint64 seq = 0; // the record named
    QString submissionId;
    QString message; // for people
    qint64 records = 0;
    qint64 tombstones = 0;
    // The chain's last record: noted outside the history (a ticket, an e-mail), its hash later proves that no
    // record was cut from the end, which the chain alone cannot show.
    qint64 headSeq = 0;
    QString headHash;
    // With a noted head to look for: the record that has that hash, 0 when none does.
    qint64 notedSeq = 0;
    bool ok() const { return problem == Problem::None; }
};

} // namespace LeadRelay
