// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace LeadRelay
{

// `leadrelay-cli history compact`: re-compresses the payloads of rows written before the history had a dictionary
// (HistoryStore::compactPayloads(), issue 10 item 6) with its progress on stderr. It can be stopped at any time
// (Ctrl+C, a closed terminal): each batch commits with its bookmark, and the next run resumes there.
class CompactCommand
{
    Q_DECLARE_TR_FUNCTIONS(CompactCommand)

public:
    static int run(const QStringList &arguments); // arguments[0] is "compact"
};

} // namespace LeadRelay
