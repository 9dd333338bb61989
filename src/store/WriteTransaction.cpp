// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryDialect.h"
#include "HistorySql.h"
#include "StoreLog.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace LeadRelay::HistorySql
{

WriteTransaction::WriteTransaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    QSqlQuery query(m_db);
    m_active = query.exec(HistoryDialect::of(m_db).beginWrite);
    if (!m_active)
        m_error = query.lastError().text();
}

WriteTransaction::~WriteTransaction()
{
    if (!m_active)
        return;
    QSqlQuery query(m_db);
    // After some errors (a full disk, an I/O error) SQLite has already rolled the transaction back itself;
    // a ROLLBACK then only says so, and the cause was reported where it happened.
    if (!query.exec(u"ROLLBACK"_s) && !query.lastError().text().contains(u"no transaction is active"_s))
        qCWarning(lcStore) << "Rollback failed:" << query.lastError().text();
}

bool WriteTransaction::commit()
{
    if (!m_active)
        return false;
    QSqlQuery query(m_db);
    const bool ok = query.exec(u"COMMIT"_s);
    if (!ok)
        m_error = query.lastError().text();
    else
        m_active = false; // a failed COMMIT leaves the transaction open: the destructor rolls it back
    return ok;
}

} // namespace LeadRelay::HistorySql
