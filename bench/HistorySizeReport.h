// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// bench_history --sizes: where a history's bytes go, per row, after the fill (issue 10, point 6: ≤ 1 KB per row at
// 1M rows including every index). SQLite: the WAL checkpointed into the file first, then SQLite's dbstat virtual
// table per table and index; PostgreSQL: pg_total_relation_size / pg_relation_size per relation.
#include "store/HistoryLocation.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdio>

namespace LeadRelay::Bench
{

// Prints bytes per row of the whole file (or database) and, with `breakdown`, of each table and index.
inline void printSizes(QSqlDatabase &db, const HistoryLocation &location, qint64 rows, bool breakdown)
{
    using namespace Qt::StringLiterals;
    QSqlQuery query(db);
    qint64 total = 0;
    if (location.isServer()) {
        query.exec(u"SELECT pg_database_size(current_database())"_s);
        total = query.next() ? query.value(0).toLongLong() : -1;
    } else {
        query.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        query.finish();
        total = QFileInfo(location.path()).size() + QFileInfo(location.path() + u"-wal"_s).size();
    }
    std::printf("size: %lld bytes for %lld rows = %.0f bytes per row (%s, every index included)\n",
                static_cast<long long>(total), static_cast<long long>(rows),
                double(total) / double(qMax<qint64>(1, rows)),
                location.isServer() ? "database" : "file after checkpoint");
    if (!breakdown)
        return;
    const QString sql = location.isServer()
                            ? u"SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                              "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
                              "AND c.relkind IN ('r', 'i') ORDER BY 2 DESC"_s
                            : u"SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"_s;
    if (!query.exec(sql)) {
        std::printf("  (no breakdown: %s)\n", qPrintable(query.lastError().text()));
        return;
    }
    while (query.next()) {
        const qint64 bytes = query.value(1).toLongLong();
        std::printf("  %-40s %12lld bytes %7.1f per row\n", qPrintable(query.value(0).toString()),
                    static_cast<long long>(bytes), double(bytes) / double(qMax<qint64>(1, rows)));
    }
}

} // namespace LeadRelay::Bench
