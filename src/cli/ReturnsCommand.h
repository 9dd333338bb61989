// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace LeadRelay
{

// `leadrelay-cli returns import FILE --vendor V [--map COLUMN=FIELD ...] [--dry-run]`: a buyer's returns file
// matched and recorded by ReturnsImport (the same code as History → Import returns…).
class ReturnsCommand
{
    Q_DECLARE_TR_FUNCTIONS(ReturnsCommand)

public:
    static int run(const QStringList &arguments); // arguments[0] is "returns"
};

} // namespace LeadRelay
