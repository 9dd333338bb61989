// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace LeadRelay
{

struct HistoryDialect;

// Migration 12: indexes that cost every row more than they give (see MigrationTrimIndexes.cpp for each).
QStringList trimIndexesMigration(const HistoryDialect &dialect);
// Migration 14: the index of rows awaiting a final result, which migration 11's partial index replaces.
QStringList trimAwaitingIndexMigration(const HistoryDialect &dialect);

} // namespace LeadRelay
