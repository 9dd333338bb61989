// SPDX-License-Identifier: GPL-3.0-or-later
// Free-text search figures (issue 10): at each size, on one SQLite history file grown to that size, the newest
// 100 matches (HistoryStore::query), the "about" figure the History tab shows first (HistoryStore::approximateCount:
// an estimate from the newest candidates, or the exact count when there are few) and the exact count that follows
// it (HistoryStore::count) of a search for a name and for a phone fragment, each beside the anchor measured in the
// same run on the same file: one plain `LIKE '%text%'` count on a plain QSQLITE connection (what sqlite3 would do
// for the same question), and the ratio anchor / store. Then the file's bytes per row with every index (the
// search index included) and where they go (HistorySizeReport.h).
// Prints a table for the README; not a pass/fail test.
//
//   bench_search                      100,000 and 1,000,000 rows
//   bench_search --sizes 100000,1000000,3000000
//   bench_search --name nguyen --phone 7365
//   bench_search --file /tmp/h.sqlite           keep the file; run again, it is only grown to the sizes it lacks
// Last, on the same file: the Dashboard tab's open time (bench/DashboardOpenBench.h, also bench_dashboard).
#include "DashboardOpenBench.h"
#include "HistoryBenchData.h"
#include "HistorySizeReport.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <ctime>
#include <functional>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

constexpr int Runs = 5;

struct Timing
{
    double first = 0;
    double median = 0; // wall clock
    double cpu = 0;    // this thread's CPU time, median: what the work costs on a machine nobody else uses
    qint64 result = 0;
};

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

Timing measure(const std::function<qint64()> &work)
{
    QList<double> times;
    QList<double> cpu;
    Timing timing;
    for (int i = 0; i < Runs; ++i) {
        QElapsedTimer timer;
        const double cpuStart = threadCpuMs();
        timer.start();
        timing.result = work();
        times.append(double(timer.nsecsElapsed()) / 1e6);
        cpu.append(threadCpuMs() - cpuStart);
    }
    timing.first = times.first();
    std::sort(times.begin(), times.end());
    std::sort(cpu.begin(), cpu.end());
    timing.median = times.at(times.size() / 2);
    timing.cpu = cpu.at(cpu.size() / 2);
    return timing;
}

// Grows the history from `from` to `to` rows of a history of `total` rows (Bench::makeRecord spreads them over a
// year of `total`). Returns false after printing why.
bool growTo(HistoryStore &store, int from, int to, int total, const QDateTime &base)
{
    QList<SubmissionRecord> records;
    for (int i = from; i < to; ++i) {
        records.append(Bench::makeRecord(i, base, total));
        if (records.size() == 10000 || i == to - 1) {
            if (!store.importRecords(records)) {
                std::fprintf(stderr, "import failed: %s\n", qPrintable(store.lastError()));
                return false;
            }
            records.clear();
        }
    }
    return true;
}

// The anchor: one LIKE over one column, counted, as `sqlite3 file "SELECT COUNT(*) ... LIKE '%text%'"` runs it.
qint64 plainLikeCount(QSqlDatabase &db, const QString &column, const QString &text)
{
    QSqlQuery query(db);
    query.prepare(u"SELECT COUNT(*) FROM submissions WHERE "_s + column + u" LIKE ?"_s);
    query.addBindValue(QString(u'%' + text + u'%'));
    if (!query.exec() || !query.next()) {
        std::fprintf(stderr, "plain query failed: %s\n", qPrintable(query.lastError().text()));
        return -1;
    }
    return query.value(0).toLongLong();
}

void printTiming(const char *what, const Timing &timing, const Timing &anchor)
{
    std::printf("    %-22s %8.2f ms wall (first %8.2f), %8.2f ms CPU  = %-8lld ratio to the plain LIKE: %6.1fx wall, "
                "%6.1fx CPU\n",
                what, timing.median, timing.first, timing.cpu, static_cast<long long>(timing.result),
                anchor.median / std::max(timing.median, 0.001), anchor.cpu / std::max(timing.cpu, 0.001));
}

void printSearch(const QString &text, const QString &column, const Timing &newest, const Timing &withBodies,
                 const Timing &about, const Timing &count, const Timing &anchor)
{
    std::printf("  search \"%s\": plain `SELECT COUNT(*) FROM submissions WHERE %s LIKE '%%%s%%'` %.2f ms wall, "
                "%.2f ms CPU = %lld\n",
                qPrintable(text), qPrintable(column), qPrintable(text), anchor.median, anchor.cpu,
                static_cast<long long>(anchor.result));
    printTiming("newest 100 (table)", newest, anchor);
    printTiming("  the same, with bodies", withBodies, anchor);
    printTiming("about (estimate)", about, anchor);
    printTiming("exact count (count)", count, anchor);
}

// One size: both searches through the store (a fresh store, as the history view's worker opens its own), and the
// anchor on a plain connection to the same file.
void measureSearches(const QString &path, const QString &name, const QString &phone)
{
    HistoryStore store(path);
    if (!store.open()) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(store.lastError()));
        return;
    }
    // As the History tab's worker opens its own (HistoryQueryWorker).
    if (!store.mapForReading()) {
        std::fprintf(stderr, "map failed: %s\n", qPrintable(store.lastError()));
        return;
    }
    QSqlDatabase plain = Bench::plainConnection(HistoryLocation::parse(path), u"bench-search-plain"_s);
    for (const auto &[text, column] : {std::pair{name, u"customer_name"_s}, std::pair{phone, u"phone"_s}}) {
        const HistoryFilter filter{.text = text};
        // What the History tab's worker asks (no bodies), and the same page with its bodies decompressed.
        const Timing newest = measure([&] {
            return qint64(
                store.query(filter, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 100, HistoryStore::Bodies::Skip)
                    .size());
        });
        const Timing withBodies = measure(
            [&] { return qint64(store.query(filter, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 100).size()); });
        const Timing about = measure([&] { return store.approximateCount(filter); });
        const Timing count = measure([&] { return store.count(filter); });
        const Timing anchor = measure([&] { return plainLikeCount(plain, column, text); });
        printSearch(text, column, newest, withBodies, about, count, anchor);
    }
    Bench::printSizes(plain, HistoryLocation::parse(path), store.count({}), true);
    // The supervisor's other first look, in the same run on the same file: the Dashboard tab, its "last 30 days"
    // ending at the history's newest row.
    const QList<SubmissionRecord> newest = store.query({}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 1);
    if (!newest.isEmpty())
        Bench::printDashboardOpen(Bench::measureDashboardOpen(store, newest.first().createdAt.addSecs(60)));
    plain.close();
    plain = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"bench-search-plain"_s);
}

} // namespace

int main(int argc, char *argv[])
{
    // The Dashboard's widgets need a GUI; none is shown on a screen.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"leadrelay.store.debug=false\nleadrelay.store.info=false"_s);
    QCommandLineParser parser;
    parser.addOption(
        {u"sizes"_s, u"comma-separated row counts (default 100000,1000000)"_s, u"list"_s, u"100000,1000000"_s});
    parser.addOption({u"name"_s, u"the name searched (default nguyen)"_s, u"text"_s, u"nguyen"_s});
    parser.addOption({u"phone"_s, u"the phone fragment searched (default 7365)"_s, u"digits"_s, u"7365"_s});
    parser.addOption({u"file"_s,
                      u"grow this history file instead of a temporary one, and keep it: a later run with the same file "
                      "measures at once the sizes it already holds"_s,
                      u"path"_s});
    parser.addHelpOption();
    parser.process(app);
    QList<int> sizes;
    for (const QString &size : parser.value(u"sizes"_s).split(u',', Qt::SkipEmptyParts))
        sizes.append(size.toInt());
    std::sort(sizes.begin(), sizes.end());
    if (sizes.isEmpty() || sizes.first() <= 0) {
        std::fprintf(stderr, "--sizes wants positive row counts\n");
        return 2;
    }
    const QDateTime base(QDate(2025, 11, 1), QTime(0, 0), Qt::UTC);
    QTemporaryDir dir;
    const QString path = parser.isSet(u"file"_s) ? parser.value(u"file"_s) : dir.filePath(u"history.sqlite"_s);
    int filled = 0;
    if (QFileInfo::exists(path)) {
        HistoryStore existing(path);
        if (!existing.open()) {
            std::fprintf(stderr, "open failed: %s\n", qPrintable(existing.lastError()));
            return 1;
        }
        filled = int(existing.count({}));
    }
    for (const int size : std::as_const(sizes)) {
        QElapsedTimer fillTimer;
        fillTimer.start();
        {
            HistoryStore writer(path);
            if (!writer.open() || (size > filled && !growTo(writer, filled, size, sizes.last(), base))) {
                std::fprintf(stderr, "fill failed: %s\n", qPrintable(writer.lastError()));
                return 1;
            }
        }
        filled = std::max(filled, size);
        std::printf("SQLite, %d rows (grown in %.1f s)\n", size, double(fillTimer.elapsed()) / 1000.0);
        measureSearches(path, parser.value(u"name"_s), parser.value(u"phone"_s));
    }
    return 0;
}
