// SPDX-License-Identifier: GPL-3.0-or-later
// Dashboard figures (issue 10: "dashboard open time ≤ 100 ms at 1M rows"): the report's queries on the store's
// connection (per day by outcome, per vendor, per agent, per campaign, the stale count), beside their anchor
// measured in the same run: the same figures asked of submissions directly (GROUP BY over the rows, what the
// dashboard would cost without the roll-up); then opening the Dashboard tab until its figures show, measured by
// DashboardOpenBench.h (also usable from other benchmarks). Also what the roll-up's triggers cost each write:
// importing rows into a history with and without them. Prints figures; not a pass/fail test.
//
//   bench_dashboard [rows]                        SQLite file in a temporary folder (default 1000000 rows)
//   bench_dashboard --db postgresql://... [rows]  a new database on that server, dropped after (as bench_history)
//   --screenshot FILE                             the opened dashboard as a PNG (README)
//   --open-only                                   only the report and open times (no anchors, no import cost)
//   --history FILE                                this SQLite file, kept; rows it already holds are not imported
//                                                 again (a 1M-row history takes minutes to write)
#include "DashboardOpenBench.h"
#include "HistoryBenchData.h"
#include "store/HistorySql.h"
#include "store/Report.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

struct Timing
{
    double first = 0;
    double median = 0;
};

Timing time(int runs, const std::function<void()> &work)
{
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        times.append(double(timer.nsecsElapsed()) / 1e6);
    }
    Timing timing{times.first(), 0};
    std::sort(times.begin(), times.end());
    timing.median = times.at(times.size() / 2);
    return timing;
}

void print(const char *what, const Timing &timing)
{
    std::printf("%-58s first %9.2f ms   median %9.2f ms\n", what, timing.first, timing.median);
}

// The anchor: the dashboard's questions asked of submissions itself, with plain SQL on a plain connection.
qint64 plainFigures(QSqlDatabase &db, const QString &since)
{
    qint64 rows = 0;
    for (const QString &key : {u"substr(created_at, 1, 10)"_s, u"vendor_id"_s, u"agent"_s, u"campaign"_s}) {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        query.prepare(u"SELECT "_s + key +
                      u", state, final, returned_at IS NULL, COUNT(*), SUM(billable) FROM submissions "
                      "WHERE created_at >= ? GROUP BY 1, 2, 3, 4"_s);
        query.addBindValue(since);
        if (!query.exec())
            std::fprintf(stderr, "plain query failed: %s\n", qPrintable(query.lastError().text()));
        while (query.next())
            ++rows;
    }
    return rows;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"*.debug=false\nleadrelay.*.info=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption dbOption(u"db"_s, u"A PostgreSQL server's admin URI."_s, u"URI"_s);
    const QCommandLineOption shotOption(u"screenshot"_s, u"Save the opened dashboard (1366x700) as a PNG."_s,
                                        u"FILE"_s);
    parser.addOption(dbOption);
    parser.addOption(shotOption);
    const QCommandLineOption historyOption(u"history"_s, u"Measure on this SQLite file and keep it."_s, u"FILE"_s);
    parser.addOption(historyOption);
    const QCommandLineOption openOnlyOption(
        u"open-only"_s, u"Only the report and dashboard open times (no anchors, no import cost)."_s);
    parser.addOption(openOnlyOption);
    parser.addPositionalArgument(u"rows"_s, u"Rows (default 1000000)."_s);
    parser.process(app);
    const int rows = parser.positionalArguments().isEmpty() ? 1000000 : parser.positionalArguments().at(0).toInt();

    QTemporaryDir dir;
    HistoryLocation admin;
    const auto location =
        parser.isSet(historyOption)
            ? std::optional(HistoryLocation::parse(QFileInfo(parser.value(historyOption)).absoluteFilePath()))
            : Bench::benchLocation(parser.value(dbOption), dir.path(), u"bench_dashboard_"_s, &admin);
    if (!location)
        return 2;
    // The bench's history ends now, so "last 30 days" holds a month of its year of rows.
    QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 kept = 0;
    if (parser.isSet(historyOption) && QFileInfo::exists(location->path())) {
        // A kept history ends when it was first written: "now" is its newest row, so its last 30 days are the same.
        HistoryStore old(location->path());
        if (old.open()) {
            kept = old.count(HistoryFilter{});
            const QList<SubmissionRecord> newest =
                old.query(HistoryFilter{}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 1);
            if (!newest.isEmpty())
                now = newest.first().createdAt.addSecs(60);
        }
    }
    const QDateTime base = now.addDays(-365);
    int exitCode = 0;
    {
        HistoryStore store(location->isServer() ? location->uri() : location->path(), [now] { return now; });
        store.setPassword(location->password());
        if (!store.open()) {
            std::fprintf(stderr, "open failed: %s\n", qPrintable(store.lastError()));
            return 2;
        }
        std::printf("bench_dashboard: %d rows on %s\n", rows, location->isServer() ? "PostgreSQL" : "SQLite");
        if (kept > 0 && kept != rows) {
            std::fprintf(stderr, "%s holds %lld rows, not %d\n", qPrintable(location->path()), kept, rows);
            return 2;
        }
        const qint64 importNs = kept > 0 ? 0 : Bench::fill(store, rows, base);
        if (importNs < 0)
            return 2;
        std::printf("%-58s %9.2f s (%.1f µs per row, roll-up triggers included)\n", "import", double(importNs) / 1e9,
                    double(importNs) / 1e3 / rows);

        QSqlDatabase plain = Bench::plainConnection(*location, u"plain"_s);
        qint64 rollupRows = 0;
        {
            QSqlQuery count(plain);
            if (count.exec(u"SELECT COUNT(*) FROM submission_rollup"_s) && count.next())
                rollupRows = count.value(0).toLongLong();
        }
        std::printf("%-58s %lld (%.1f submissions per roll-up row)\n", "roll-up rows", rollupRows,
                    rollupRows ? double(rows) / double(rollupRows) : 0.0);

        // The dashboard's default view (last 30 days, everyone) and the whole year.
        for (const bool wholeYear : {false, true}) {
            ReportFilter filter;
            if (!wholeYear)
                filter.since = now.date().addDays(-29);
            filter.staleBefore = now.addSecs(-24 * 3600);
            const Timing figures = time(7, [&] {
                ReportTable table;
                for (ReportBy by : {ReportBy::Day, ReportBy::Vendor, ReportBy::Agent, ReportBy::Campaign}) {
                    if (!store.report(filter, by, &table))
                        std::fprintf(stderr, "report failed: %s\n", qPrintable(store.lastError()));
                    filter.staleBefore = {}; // once, as the dashboard does
                }
                filter.staleBefore = now.addSecs(-24 * 3600);
            });
            print(wholeYear ? "Report: all four groupings + stale, whole year"
                            : "Report: all four groupings + stale, last 30 days",
                  figures);
            const QString since =
                HistorySql::timeValue(wholeYear ? base.addDays(-1) : filter.since.startOfDay(Qt::UTC)).toString();
            if (parser.isSet(openOnlyOption))
                continue;
            const Timing anchor = time(3, [&] { plainFigures(plain, since); });
            print(wholeYear ? "  anchor: same GROUP BYs over submissions, whole year"
                            : "  anchor: same GROUP BYs over submissions, last 30 days",
                  anchor);
            std::printf("%-58s %9.1fx\n", "  ratio (anchor / report)", anchor.median / qMax(0.001, figures.median));
        }

        // Opening the tab: a new Dashboard, shown, until its figures are on screen (DashboardOpenBench.h).
        Bench::printDashboardOpen(Bench::measureDashboardOpen(store, now, 9, parser.value(shotOption)));
        plain.close();
    }
    QSqlDatabase::removeDatabase(u"plain"_s);

    // What the triggers cost a write: the same rows imported into a history without them (dropped by hand).
    if (!parser.isSet(openOnlyOption)) {
        const int sample = qMin(rows, 100000);
        QTemporaryDir bare;
        const QString without = bare.filePath(u"without.sqlite"_s);
        const QString with = bare.filePath(u"with.sqlite"_s);
        double ns[2] = {0, 0};
        for (const bool triggers : {true, false}) {
            HistoryStore store(triggers ? with : without);
            if (location->isServer() || !store.open())
                break; // SQLite only: a file is the cheap way to measure it
            if (!triggers) {
                QSqlDatabase db = Bench::plainConnection(HistoryLocation::parse(without), u"drop"_s);
                for (const QString &name : {u"insert"_s, u"update"_s, u"delete"_s})
                    QSqlQuery(db).exec(u"DROP TRIGGER submissions_rollup_"_s + name);
                db.close();
            }
            ns[triggers ? 0 : 1] = double(Bench::fill(store, sample, base));
        }
        QSqlDatabase::removeDatabase(u"drop"_s);
        if (ns[0] > 0 && ns[1] > 0) {
            std::printf("%-58s %9.1f µs per row with roll-up, %.1f without (+%.0f%%), %d rows\n",
                        "import cost of the roll-up triggers (SQLite)", ns[0] / 1e3 / sample, ns[1] / 1e3 / sample,
                        100.0 * (ns[0] - ns[1]) / ns[1], sample);
        }
    }
    if (location->isServer())
        Bench::dropDatabase(admin, location->database());
    return exitCode;
}
