// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace LeadRelay
{

struct HistoryDialect;

// Migration 8 (compact payloads): the schema step only, fast at any size. The payloads already stored are
// re-compressed afterwards by HistoryStore::compactPayloads(), in resumable batches (see HistoryCompact.cpp).
QStringList compactPayloadsStep(const HistoryDialect &dialect);

} // namespace LeadRelay
