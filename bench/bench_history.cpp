// SPDX-License-Identifier: GPL-3.0-or-later
// History store figures: opening, counting, paging (offset and keyset), filtering, searching, the duplicate guard
// and one durable begin + finish, on a SQLite file or a PostgreSQL team server. Each figure is printed beside its
// anchor measured in the same run: the same question asked as plain SQL on a plain Qt SQL connection (QSQLITE or
// QPSQL) to the same database, so what HistoryStore adds, and what the database itself costs, can be told apart.
// Prints a table for the README; not a pass/fail test.
//
//   bench_history [rows]                          SQLite file in a temporary folder (default 500000 rows)
//   bench_history --db postgresql://... [rows]    a new database on that server, made for this run and dropped
//                                                 after (the login must be allowed to CREATE DATABASE), e.g.
//                                                 the superuser URI tests/pg/pg-cluster.sh writes
//   --copy                                        PostgreSQL: the first 10,000 rows by importRecords(), the rest
//                                                 as CSV loaded by psql's \copy (needs psql on the PATH)
//   --keep                                        keep the PostgreSQL database (its name is printed), or the
//                                                 SQLite file's folder
//   --sizes                                       bytes per row of every table and index after the fill
#include "HistoryBenchData.h"
#include "HistorySizeReport.h"
#include "store/HistorySql.h"

#include <QCommandLineParser>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QSqlRecord>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

QString peakRss()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return u"?"_s;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return QString::fromLatin1(line.mid(6).trimmed());
    }
    return u"?"_s;
}

struct Timing
{
    double first = 0;
    double median = 0;
    qint64 result = 0;
};

Timing time(int runs, const std::function<qint64()> &work)
{
    QList<double> times;
    Timing timing;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        timing.result = work();
        times.append(double(timer.nsecsElapsed()) / 1e6);
    }
    timing.first = times.first();
    std::sort(times.begin(), times.end());
    timing.median = times.at(times.size() / 2);
    return timing;
}

// The anchor: `sql` with `values` bound, on the plain connection; the result is the first column of a single row
// (a count) or the number of rows read (a page), every column of every row fetched.
qint64 plainQuery(QSqlDatabase &db, const QString &sql, const QVariantList &values, bool single)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        std::fprintf(stderr, "anchor failed: %s\n  %s\n", qPrintable(query.lastError().text()), qPrintable(sql));
        return -1;
    }
    if (single)
        return query.next() ? query.value(0).toLongLong() : -1;
    qint64 rows = 0;
    const int columns = query.record().count();
    while (query.next()) {
        for (int c = 0; c < columns; ++c)
            query.value(c);
        ++rows;
    }
    return rows;
}

void printRow(const char *what, const Timing &store, const Timing *anchor)
{
    if (anchor) {
        std::printf("%-44s %9.2f %9.2f | %9.2f ms   (result %lld / %lld)\n", what, store.first, store.median,
                    anchor->median, static_cast<long long>(store.result), static_cast<long long>(anchor->result));
    } else {
        std::printf("%-44s %9.2f %9.2f |         -      (result %lld)\n", what, store.first, store.median,
                    static_cast<long long>(store.result));
    }
}

// "a, b, c" of "INSERT INTO t (a, b, c) VALUES (...)": the columns HistoryStore writes, in its binding order.
QString columnsOf(const QString &insert)
{
    const qsizetype open = insert.indexOf(u'(');
    return insert.mid(open + 1, insert.indexOf(u')') - open - 1);
}

// One CSV line for COPY: NULL unquoted and empty, every other value quoted.
QByteArray csvLine(const QVariantList &values)
{
    QByteArray line;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            line += ',';
        if (values.at(i).isNull())
            continue;
        // Payloads are bytes (compressed, PayloadCodec): bytea's hex input form.
        if (values.at(i).typeId() == QMetaType::QByteArray)
            line += "\"\\x" + values.at(i).toByteArray().toHex() + '"';
        else
            line += '"' + values.at(i).toString().toUtf8().replace('"', "\"\"") + '"';
    }
    return line + '\n';
}

// Rows [from, rows) of the generator written as two CSV files with exactly the values HistoryStore binds on
// insert (HistorySql::bindSubmission / bindPayload), then loaded by psql's \copy, user triggers off for the
// load (the agent trigger and NOTIFY, which a bulk load of history has no use for). Returns seconds, or -1.
double copyFill(const HistoryLocation &location, int from, int rows, const QDateTime &base, const QString &folder)
{
    QElapsedTimer timer;
    timer.start();
    QFile submissions(folder + u"/submissions.csv"_s);
    QFile payloads(folder + u"/payloads.csv"_s);
    if (!submissions.open(QIODevice::WriteOnly) || !payloads.open(QIODevice::WriteOnly))
        return -1;
    // Never executed, never prepared: they only collect the values bound (a driver's result is needed for that).
    QSqlDatabase collector = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench-collector"_s);
    collector.setDatabaseName(u":memory:"_s);
    collector.open();
    for (int i = from; i < rows; ++i) {
        const SubmissionRecord record = Bench::makeRecord(i, base, rows);
        QSqlQuery row(collector);
        HistorySql::bindSubmission(row, record);
        submissions.write(csvLine(row.boundValues()));
        QSqlQuery payload(collector);
        HistorySql::bindPayload(payload, record, HistoryStore::RawAnswerCap, nullptr);
        payloads.write(csvLine(payload.boundValues()));
    }
    collector = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"bench-collector"_s);
    submissions.close();
    payloads.close();
    const double written = double(timer.nsecsElapsed()) / 1e9;
    QProcess psql;
    psql.setProcessChannelMode(QProcess::ForwardedChannels);
    psql.start(u"psql"_s, {u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-d"_s, location.uri(), u"-c"_s,
                           u"ALTER TABLE submissions DISABLE TRIGGER USER"_s, u"-c"_s,
                           u"\\copy submissions ("_s + columnsOf(HistorySql::insertSubmissionStatement()) +
                               u") FROM '"_s + submissions.fileName() + u"' CSV"_s,
                           u"-c"_s,
                           u"\\copy submission_payloads ("_s + columnsOf(HistorySql::insertPayloadStatement()) +
                               u") FROM '"_s + payloads.fileName() + u"' CSV"_s,
                           u"-c"_s, u"ALTER TABLE submissions ENABLE TRIGGER USER"_s});
    if (!psql.waitForFinished(-1) || psql.exitCode() != 0)
        return -1;
    std::printf("COPY of rows %d..%d: CSV written in %.1f s, psql \\copy %.1f s\n", from, rows, written,
                double(timer.nsecsElapsed()) / 1e9 - written);
    submissions.remove();
    payloads.remove();
    return double(timer.nsecsElapsed()) / 1e9;
}

qint64 folderSize(const QString &folder)
{
    qint64 size = 0;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        size += QFileInfo(it.next()).size();
    return size;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"leadrelay.store.debug=false\nleadrelay.store.info=false"_s);
    QCommandLineParser parser;
    parser.addOption({u"db"_s, u"postgresql:// URI of a server (default: a SQLite file)"_s, u"uri"_s});
    parser.addOption({u"keep"_s, u"keep the PostgreSQL database or the SQLite file"_s});
    parser.addOption({u"sizes"_s, u"print bytes per row of every table and index after the fill"_s});
    parser.addOption(
        {u"copy"_s, u"PostgreSQL: fill the first 10,000 rows with importRecords(), the rest with psql's \\copy"_s});
    parser.addPositionalArgument(u"rows"_s, u"rows to fill (default 500000)"_s);
    parser.addHelpOption();
    parser.process(app);
    const int rows = parser.positionalArguments().isEmpty() ? 500000 : parser.positionalArguments().at(0).toInt();
    const QDateTime base(QDate(2025, 11, 1), QTime(0, 0), Qt::UTC);

    QTemporaryDir dir;
    HistoryLocation admin;
    const auto chosen = Bench::benchLocation(parser.value(u"db"_s), dir.path(), u"leadrelay_bench_history_"_s, &admin);
    if (!chosen)
        return 2;
    const HistoryLocation location = *chosen;
    const bool server = location.isServer();
    const QString uri = location.isServer() ? location.uri() : location.path();
    auto openStore = [&] {
        auto store = std::make_unique<HistoryStore>(uri);
        store->setPassword(location.password());
        if (!store->open())
            std::fprintf(stderr, "open failed: %s\n", qPrintable(store->lastError()));
        return store;
    };

    QElapsedTimer fillTimer;
    fillTimer.start();
    qint64 importNs = 0;
    {
        auto store = openStore();
        if (!store->isOpen())
            return 1;
        const bool copy = server && parser.isSet(u"copy"_s) && rows > 10000;
        importNs = Bench::fill(*store, copy ? 10000 : rows, base, 10000, rows);
        if (importNs < 0)
            return 1;
        if (copy) {
            std::printf("importRecords() of rows 0..10000: %.1f s (%.0f rows/s)\n", double(importNs) / 1e9,
                        10000 / (double(importNs) / 1e9));
            if (copyFill(location, 10000, rows, base, dir.path()) < 0) {
                std::fprintf(stderr, "COPY failed\n");
                return 1;
            }
            importNs = 0;
        }
        // The rows written before the history had its compression dictionary (the first batch), re-compressed.
        QElapsedTimer compactTimer;
        compactTimer.start();
        const qint64 compacted = store->compactPayloads();
        std::printf("compactPayloads(): %lld rows re-compressed in %.1f s\n", static_cast<long long>(compacted),
                    double(compactTimer.nsecsElapsed()) / 1e9);
    }
    QString size;
    {
        QSqlDatabase db = Bench::plainConnection(location, u"bench-size"_s);
        QSqlQuery query(db);
        if (server) {
            // The planner's statistics, as autovacuum would have them on a server that has run for a while.
            const Timing analyze = time(1, [&] { return qint64(query.exec(u"ANALYZE"_s)); });
            std::printf("ANALYZE after the fill: %.0f ms\n", analyze.first);
            query.exec(u"SELECT pg_database_size(current_database())"_s);
            query.next();
            size = u"database %1 MB"_s.arg(query.value(0).toLongLong() / 1000000);
        } else {
            size = u"file %1 MB"_s.arg(folderSize(dir.path()) / 1000000);
        }
        Bench::printSizes(db, location, rows, parser.isSet(u"sizes"_s));
    }
    QSqlDatabase::removeDatabase(u"bench-size"_s);
    if (importNs > 0) {
        std::printf("%s, rows %d, filled in %.1f s, of which importRecords() %.1f s (batches of 10,000, one "
                    "transaction each: %.0f rows/s), %s\n\n",
                    server ? "PostgreSQL" : "SQLite", rows, double(fillTimer.elapsed()) / 1000.0,
                    double(importNs) / 1e9, rows / (double(importNs) / 1e9), qPrintable(size));
    } else {
        std::printf("%s, rows %d, filled in %.1f s, %s\n\n", server ? "PostgreSQL" : "SQLite", rows,
                    double(fillTimer.elapsed()) / 1000.0, qPrintable(size));
    }
    std::printf("%-44s %9s %9s | %9s\n", "", "first", "median", "plain SQL");

    constexpr int Runs = 5;
    std::unique_ptr<HistoryStore> store;
    const Timing open = time(1, [&] {
        store = openStore();
        return qint64(store->isOpen());
    });
    QSqlDatabase plain;
    const Timing plainOpen = time(1, [&] {
        plain = Bench::plainConnection(location, u"bench-plain"_s);
        return plainQuery(plain, u"SELECT MAX(version) FROM schema_version"_s, {}, true);
    });
    printRow("open (store) / connect + one query (plain)", open, &plainOpen);
    QSqlQuery(plain).exec(u"PRAGMA synchronous=FULL"_s); // SQLite only; the store's durability for the write anchor

    auto row = [&](const char *what, const std::function<qint64()> &work, const QString &sql,
                   const QVariantList &values, bool single) {
        const Timing measured = time(Runs, work);
        const Timing anchor = time(Runs, [&] { return plainQuery(plain, sql, values, single); });
        printRow(what, measured, &anchor);
    };
    // The free-text search as HistoryStore words it for this database (see HistorySql::whereFor()).
    auto textWhere = [&](const QString &text, QVariantList *values) -> QString {
        QStringList any;
        for (const char *column : {"customer_name", "agent", "campaign", "vendor_lead_id"}) {
            any.append(server ? u"LOWER(%1) LIKE ? ESCAPE '!'"_s.arg(QLatin1String(column))
                              : u"%1 LIKE ? ESCAPE '!'"_s.arg(QLatin1String(column)));
            values->append(QString(u'%' + text.toLower() + u'%'));
        }
        if (text.front().isDigit()) {
            any.append(u"phone LIKE ?"_s);
            values->append(QString(u'%' + text + u'%'));
        }
        return u" WHERE ("_s + any.join(u" OR "_s) + u')';
    };
    const QString page = u"SELECT s.*, p.lead_json, p.redacted_request, p.raw_answer FROM submissions s "
                         "JOIN submission_payloads p ON p.submission_id = s.id"_s;
    const QString newest = u" ORDER BY s.created_at DESC, s.id DESC LIMIT 100"_s;
    const HistoryFilter none;
    const QString nth = QString::number(rows / 2);
    const QString sold = u"sold"_s;
    const QString ntherm = u"ntherm"_s;

    row(
        "count() unfiltered", [&] { return store->count(none); }, u"SELECT COUNT(*) FROM submissions"_s, {}, true);
    for (const QString &text : {u"smith"_s, u"2127"_s}) {
        QVariantList values;
        const QString where = textWhere(text, &values);
        row(
            qPrintable(u"count() search \"%1\""_s.arg(text)), [&] { return store->count({.text = text}); },
            u"SELECT COUNT(*) FROM submissions"_s + where, values, true);
    }
    row(
        "count() vendor ntherm + outcome sold", [&] { return store->count({.vendorId = ntherm, .stateKey = sold}); },
        u"SELECT COUNT(*) FROM submissions WHERE vendor_id = ? AND state = ?"_s, {ntherm, sold}, true);
    row(
        "count() awaiting final", [&] { return store->count({.stateKey = u"awaiting_final"_s}); },
        u"SELECT COUNT(*) FROM submissions WHERE state = 'accepted' AND final = 0"_s, {}, true);
    const QDateTime weekAgo = base.addDays(358);
    row(
        "count() last 7 days", [&] { return store->count({.since = weekAgo}); },
        u"SELECT COUNT(*) FROM submissions WHERE created_at >= ?"_s, {HistorySql::timeValue(weekAgo)}, true);
    row(
        "first page (100 rows), newest first",
        [&] { return qint64(store->query(none, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 100).size()); },
        page + newest, {}, false);
    row(
        qPrintable(u"page at offset %1 (100 rows)"_s.arg(nth)),
        [&] { return qint64(store->query(none, HistorySort::CreatedAt, Qt::DescendingOrder, rows / 2, 100).size()); },
        page + newest + u" OFFSET "_s + nth, {}, false);
    const QList<SubmissionRecord> before =
        store->query(none, HistorySort::CreatedAt, Qt::DescendingOrder, rows / 2 - 1, 1);
    row(
        qPrintable(u"keyset page after row %1 (100 rows)"_s.arg(nth)),
        [&] {
            return qint64(
                store->queryAfter(none, HistorySort::CreatedAt, Qt::DescendingOrder, before.value(0), 100).size());
        },
        page + u" WHERE (s.created_at, s.id) < (?, ?)"_s + newest,
        {HistorySql::timeValue(before.value(0).createdAt), before.value(0).id}, false);
    row(
        "first page sorted by customer",
        [&] { return qint64(store->query(none, HistorySort::Customer, Qt::AscendingOrder, 0, 100).size()); },
        page + u" ORDER BY s.customer_name ASC, s.created_at ASC, s.id ASC LIMIT 100"_s, {}, false);
    row(
        "first page vendor ntherm + outcome sold",
        [&] {
            return qint64(
                store
                    ->query({.vendorId = ntherm, .stateKey = sold}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 100)
                    .size());
        },
        page + u" WHERE s.vendor_id = ? AND s.state = ?"_s + newest, {ntherm, sold}, false);
    {
        QVariantList values;
        const QString where = textWhere(u"smith"_s, &values);
        row(
            "first page search \"smith\"",
            [&] {
                return qint64(
                    store->query({.text = u"smith"_s}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 100).size());
            },
            page + where + newest, values, false);
    }
    const QString phone = Bench::makeRecord(1, base, rows).phone;
    row(
        "findDuplicate (30-day window)",
        [&] { return qint64(store->findDuplicate(ntherm, phone, base.addDays(-30)).has_value()); },
        u"SELECT id, created_at, state FROM submissions WHERE phone = ? AND vendor_id = ? AND created_at >= ? "
        "AND state NOT IN ('not_delivered', 'account_error', 'invalid') ORDER BY created_at DESC LIMIT 1"_s,
        {phone, ntherm, HistorySql::timeValue(base.addDays(-30))}, false);

    // One durable begin (duplicate guard on) + finish; the anchor: the same two commits as plain SQL (a row and
    // its payload in one transaction, the answer in a second).
    int serial = 0;
    const Timing write = time(Runs, [&] {
        ++serial;
        Lead lead = Bench::sampleLead(u"Bench"_s, u"Writer"_s, QString::number(2127365000 + serial), serial);
        const BeginResult begun = store->beginChecked(
            {lead, ntherm, u"production"_s, {}, {}, QDateTime::currentDateTimeUtc().addDays(-30), {}});
        Outcome outcome;
        outcome.state = OutcomeState::Rejected;
        return qint64(store->finish(begun.id, outcome, 5));
    });
    const Timing plainWrite = time(Runs, [&] {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString now = HistorySql::timeValue(QDateTime::currentDateTimeUtc()).toString();
        bool ok = plain.transaction();
        QSqlQuery insert(plain);
        insert.prepare(u"INSERT INTO submissions (id, created_at, vendor_id, phone, state) VALUES (?, ?, ?, ?, ?)"_s);
        insert.addBindValue(id);
        insert.addBindValue(now);
        insert.addBindValue(ntherm);
        insert.addBindValue(QString::number(2127000000 + serial++));
        insert.addBindValue(u"sending"_s);
        ok = ok && insert.exec();
        QSqlQuery payload(plain);
        payload.prepare(u"INSERT INTO submission_payloads (submission_id, lead_json) VALUES (?, ?)"_s);
        payload.addBindValue(id);
        payload.addBindValue(QString::fromUtf8(Bench::makeRecord(serial, base, rows).leadJson));
        ok = ok && payload.exec() && plain.commit();
        ok = ok && plain.transaction();
        QSqlQuery answer(plain);
        answer.prepare(u"UPDATE submissions SET state = 'rejected', answered_at = ?, http_status = 200 WHERE id = ?"_s);
        answer.addBindValue(now);
        answer.addBindValue(id);
        ok = ok && answer.exec() && plain.commit();
        return qint64(ok);
    });
    printRow("beginChecked + finish of one row (durable)", write, &plainWrite);

    std::printf("\npeak RSS (VmHWM) %s\n", qPrintable(peakRss()));
    store.reset();
    plain = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"bench-plain"_s);
    if (server) {
        if (parser.isSet(u"keep"_s))
            std::printf("kept database %s\n", qPrintable(location.uri()));
        else
            Bench::dropDatabase(admin, location.database());
    } else if (parser.isSet(u"keep"_s)) {
        dir.setAutoRemove(false);
        std::printf("kept file %s\n", qPrintable(location.path()));
    }
    return 0;
}
