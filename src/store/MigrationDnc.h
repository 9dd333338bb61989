// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace LeadRelay
{

struct HistoryDialect;

// Migration 10: the company do-not-call list (DncList). Entries are never deleted; a removal is recorded on the
// entry (when, by whom, why). On a team server the database enforces who may do what: every login of the floor
// may read and add, only supervisors may record a removal, nobody may delete.
QStringList dncMigration(const HistoryDialect &dialect);

} // namespace LeadRelay
