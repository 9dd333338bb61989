// SPDX-License-Identifier: GPL-3.0-or-later
// Submissions per second with several desks writing one history at once: N processes (default 8), each with its
// own HistoryStore, each recording leads as the form does before and after sending one: beginChecked() with the
// duplicate guard on (30 days), then finish() with the answer; no network, so what is measured is the history's
// two durable commits under contention. Prints total submissions/s and p50 / p99 / max per submission.
// Not a pass/fail test.
//
//   bench_desks [--desks 8] [--leads 300] [--seed 0]          one SQLite file in a temporary folder (the anchor)
//   bench_desks --db postgresql://... [same options]          a new database on that server, made for this run,
//       with one agent login per desk (row-level security and the agent trigger on, as on a floor); the login
//       of the URI must be allowed to create databases and roles (tests/pg/pg-cluster.sh's superuser).
#include "HistoryBenchData.h"
#include "store/TeamAdmin.h"

#include <QCommandLineParser>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

const char *const PasswordVariable = "LEADRELAY_BENCH_PASSWORD";

// One desk: open, say "ready", wait for "go" on stdin, then record `leads` submissions back to back. Prints each
// submission's nanoseconds, then the wall-clock start and end (ms since the epoch).
int runDesk(const QString &uri, int desk, int leads)
{
    HistoryStore store(uri);
    store.setPassword(qEnvironmentVariable(PasswordVariable));
    if (!store.open()) {
        std::fprintf(stderr, "desk %d: %s\n", desk, qPrintable(store.lastError()));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    QTextStream in(stdin);
    if (in.readLine() != u"go"_s)
        return 1;
    QList<qint64> latencies;
    latencies.reserve(leads);
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < leads; ++i) {
        const QString phone = QString::number(2130000000LL + desk * 1000000LL + i);
        Lead lead = Bench::sampleLead(u"Desk"_s, u"Bench"_s, phone, desk * 100000 + i);
        QElapsedTimer timer;
        timer.start();
        const BeginResult begun = store.beginChecked(
            {lead, u"ntherm"_s, u"production"_s, {}, {}, QDateTime::currentDateTimeUtc().addDays(-30), {}});
        if (begun.id.isEmpty()) {
            std::fprintf(stderr, "desk %d: begin: %s\n", desk,
                         begun.duplicate ? "refused as a duplicate" : qPrintable(store.lastError()));
            return 1;
        }
        Outcome outcome;
        outcome.state = i % 3 == 0 ? OutcomeState::Sold : OutcomeState::Rejected;
        outcome.final = true;
        outcome.billable = outcome.state == OutcomeState::Sold;
        outcome.httpStatus = 200;
        outcome.messages = {u"Lead received"_s};
        outcome.rawBody = R"({"success_bit": true, "message": "Lead received"})";
        if (!store.finish(begun.id, outcome, 300)) {
            std::fprintf(stderr, "desk %d: finish: %s\n", desk, qPrintable(store.lastError()));
            return 1;
        }
        latencies.append(timer.nsecsElapsed());
    }
    const qint64 end = QDateTime::currentMSecsSinceEpoch();
    for (const qint64 ns : latencies)
        std::printf("%lld\n", static_cast<long long>(ns));
    std::printf("wall %lld %lld\n", static_cast<long long>(start), static_cast<long long>(end));
    return 0;
}

double percentile(const QList<qint64> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const qsizetype index = std::min(sorted.size() - 1, qsizetype(p * double(sorted.size())));
    return double(sorted.at(index)) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"leadrelay.store.debug=false\nleadrelay.store.info=false"_s);
    QCommandLineParser parser;
    parser.addOption({u"db"_s, u"postgresql:// URI of a server (default: a SQLite file)"_s, u"uri"_s});
    parser.addOption({u"desks"_s, u"desks (processes) at once"_s, u"n"_s, u"8"_s});
    parser.addOption({u"leads"_s, u"submissions per desk"_s, u"n"_s, u"300"_s});
    parser.addOption({u"seed"_s, u"rows already in the history"_s, u"n"_s, u"0"_s});
    parser.addOption({u"child"_s, u"(internal) run one desk on this history"_s, u"uri"_s});
    parser.addOption({u"desk"_s, u"(internal) the desk's number"_s, u"n"_s, u"0"_s});
    parser.addHelpOption();
    parser.process(app);
    const int desks = parser.value(u"desks"_s).toInt();
    const int leads = parser.value(u"leads"_s).toInt();
    if (parser.isSet(u"child"_s))
        return runDesk(parser.value(u"child"_s), parser.value(u"desk"_s).toInt(), leads);

    QTemporaryDir dir;
    HistoryLocation admin;
    const auto chosen = Bench::benchLocation(parser.value(u"db"_s), dir.path(), u"leadrelay_bench_desks_"_s, &admin);
    if (!chosen)
        return 2;
    const HistoryLocation owner = *chosen;
    const bool server = owner.isServer();
    {
        HistoryStore store(server ? owner.uri() : owner.path());
        store.setPassword(owner.password());
        if (!store.open()) {
            std::fprintf(stderr, "%s\n", qPrintable(store.lastError()));
            return 1;
        }
        const int seed = parser.value(u"seed"_s).toInt();
        if (seed > 0 && Bench::fill(store, seed, QDateTime::currentDateTimeUtc().addDays(-365)) < 0)
            return 1;
    }
    // One agent login per desk on a server, as on a floor.
    QStringList logins;
    const QString password = QUuid::createUuid().toString(QUuid::Id128);
    if (server) {
        TeamAdmin team(owner);
        if (!team.connect()) {
            std::fprintf(stderr, "%s\n", qPrintable(team.lastError()));
            return 1;
        }
        for (int desk = 0; desk < desks; ++desk) {
            logins.append(u"bench_desk_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(desk));
            if (!team.addUser(logins.last(), u"agent"_s, password)) {
                std::fprintf(stderr, "%s\n", qPrintable(team.lastError()));
                return 1;
            }
        }
    }

    std::vector<std::unique_ptr<QProcess>> processes;
    for (int desk = 0; desk < desks; ++desk) {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(PasswordVariable), password);
        process->setProcessEnvironment(environment);
        process->setProcessChannelMode(QProcess::SeparateChannels);
        process->setReadChannel(QProcess::StandardOutput);
        const QString uri = server ? HistoryLocation::server(owner.host(), owner.port(), owner.database(),
                                                             logins.at(desk), owner.sslMode())
                                         .uri()
                                   : owner.path();
        process->start(QCoreApplication::applicationFilePath(),
                       {u"--child"_s, uri, u"--desk"_s, QString::number(desk), u"--leads"_s, QString::number(leads)});
        processes.push_back(std::move(process));
    }
    for (auto &process : processes) {
        while (!process->canReadLine() && process->waitForReadyRead(60000)) {
        }
        if (process->readLine().trimmed() != "ready") {
            std::fprintf(stderr, "a desk did not start: %s\n", process->readAllStandardError().constData());
            return 1;
        }
    }
    // All at once: without waiting for the bytes to leave, a QProcess outside an event loop would only send its
    // "go" when its own waitForFinished() runs, and the desks would run one after the other.
    for (auto &process : processes)
        process->write("go\n");
    for (auto &process : processes)
        process->waitForBytesWritten(10000);
    QList<qint64> latencies;
    qint64 start = std::numeric_limits<qint64>::max();
    qint64 end = 0;
    qint64 lastStart = 0;
    for (auto &process : processes) {
        process->waitForFinished(-1);
        const QByteArray errors = process->readAllStandardError();
        if (process->exitCode() != 0 || !errors.isEmpty())
            std::fprintf(stderr, "desk: %s\n", errors.constData());
        for (const QByteArray &line : process->readAllStandardOutput().split('\n')) {
            if (line.startsWith("wall ")) {
                const QList<QByteArray> parts = line.split(' ');
                start = std::min(start, parts.value(1).toLongLong());
                lastStart = std::max(lastStart, parts.value(1).toLongLong());
                end = std::max(end, parts.value(2).toLongLong());
            } else if (!line.isEmpty()) {
                latencies.append(line.toLongLong());
            }
        }
    }
    std::sort(latencies.begin(), latencies.end());
    const double seconds = double(end - start) / 1000.0;
    std::printf("%s, %d desks (processes) x %d submissions, beginChecked (duplicate guard on) + finish, seed %s "
                "rows:\n  %lld submissions in %.2f s: %.0f submissions/s; per submission p50 %.1f ms, p99 %.1f ms, "
                "max %.1f ms\n",
                server ? "PostgreSQL" : "SQLite", desks, leads, qPrintable(parser.value(u"seed"_s)),
                static_cast<long long>(latencies.size()), seconds, double(latencies.size()) / seconds,
                percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0));
    std::printf("  the desks started within %lld ms of each other\n", static_cast<long long>(lastStart - start));
    if (server) {
        HistoryStore check(owner.uri());
        if (check.open())
            std::printf("  rows in the history afterwards: %lld\n", static_cast<long long>(check.count({})));
        Bench::dropDatabase(admin, owner.database(), logins);
    }
    return latencies.size() == qsizetype(desks) * leads ? 0 : 1;
}
