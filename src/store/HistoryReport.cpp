// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore: the dashboard's figures (Report.h) on the store's connection.
#include "HistoryStore.h"

#include "HistoryStore_p.h"
#include "Report.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

bool HistoryStore::report(const ReportFilter &filter, ReportBy by, ReportTable *table)
{
    if (!ready())
        return false;
    QString error;
    if (!Report::run(d->db, filter, by, table, &error))
        return fail(tr("Could not count the history"), error);
    return true;
}

} // namespace LeadRelay
