// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to the store: shared by HistoryStore.cpp (writes) and HistoryStoreQuery.cpp (reads).

#include "HistoryStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace LeadRelay
{

struct HistoryStore::Private
{
    QString path;
    Clock clock;
    QString connectionName;
    QSqlDatabase db;
    QString lastError;
    int schemaVersion = 0;
    bool open = false;
};

// Prepares fixed SQL text and binds the values positionally: user input never becomes SQL text.
inline bool execBound(QSqlQuery &query, const QString &sql, const QVariantList &values)
{
    if (!query.prepare(sql))
        return false;
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec();
}

} // namespace LeadRelay
