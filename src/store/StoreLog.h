// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace LeadRelay
{
// The store's log: ids, counts, database errors. Never lead contents (names, phones, answers).
Q_DECLARE_LOGGING_CATEGORY(lcStore)
} // namespace LeadRelay
