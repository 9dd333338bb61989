// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace LeadRelay
{

struct HistoryDialect;

// Migration 9: consent scripts as versioned data (with the English and Spanish examples), the append-only,
// hash-chained consent records (EvidenceChain), and the mark retention leaves on a submission whose personal data
// it removed (Retention). On a team server also who may read and write them, and the two functions that act past
// row-level security: the chain's tail (under the lock that serialises appends) and retention.
QStringList consentMigration(const HistoryDialect &dialect);

} // namespace LeadRelay
