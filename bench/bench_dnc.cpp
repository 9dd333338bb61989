// SPDX-License-Identifier: GPL-3.0-or-later
// Registry downloads (DncRegistry): importing 10,000,000 numbers (goal <= 10 s), one lookup (goal <= 1 us) and
// the file's bytes per number (goal <= 5), each printed beside an anchor measured in the same run on the same
// data: `sort -u` of the same text (what a shell script would do), and a std::unordered_set<quint64> built and
// probed in memory (what a naive program would do).
//
// bench_dnc [COUNT]   (default 10000000)
#include "store/DncRegistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>
#include <random>
#include <unordered_set>
#include <vector>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

// Random numbers in 300 realistic area codes, one text file per area code, as the FTC's download gives them.
std::vector<quint64> generate(quint64 count, const QString &directory, QStringList *files)
{
    std::mt19937_64 random(20261201);
    std::vector<int> areas;
    for (int area = 201; areas.size() < 300; area += 2)
        areas.push_back(area);
    std::vector<std::vector<quint64>> perArea(areas.size());
    std::vector<quint64> all;
    all.reserve(count);
    for (quint64 i = 0; i < count; ++i) {
        const size_t a = size_t(random() % areas.size());
        const quint64 number = quint64(areas[a]) * 10'000'000 + 2'000'000 + random() % 8'000'000;
        perArea[a].push_back(number);
        all.push_back(number);
    }
    for (size_t a = 0; a < areas.size(); ++a) {
        const QString path = QDir(directory).filePath(u"%1.txt"_s.arg(areas[a]));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        QByteArray text;
        text.reserve(qsizetype(perArea[a].size() * 11));
        for (const quint64 number : perArea[a]) {
            text.append(QByteArray::number(number));
            text.append('\n');
        }
        file.write(text);
        files->append(path);
    }
    return all;
}

// CPU time of this process: on a machine shared with other builds, wall time mostly measures the others.
qint64 cpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

double nsPer(qint64 ns, quint64 n)
{
    return double(ns) / double(n);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const quint64 count = argc > 1 ? QByteArray(argv[1]).toULongLong() : 10'000'000ULL;
    QTemporaryDir dir;
    QStringList files;
    std::printf("bench_dnc: %llu generated numbers in 300 area-code files (in %s)\n", count, qPrintable(dir.path()));
    const std::vector<quint64> numbers = generate(count, dir.path(), &files);
    qint64 textBytes = 0;
    for (const QString &file : std::as_const(files))
        textBytes += QFileInfo(file).size();

    // Import.
    DncRegistry registry(dir.filePath(u"registry"_s));
    DncRegistry::ImportStats stats;
    QString error;
    QElapsedTimer timer;
    timer.start();
    qint64 cpu = cpuNs();
    if (!registry.import(u"national"_s, files, QDate(2026, 11, 28), &stats, &error))
        qFatal("import failed: %s", qPrintable(error));
    const qint64 importMs = timer.elapsed();
    const qint64 importCpuMs = (cpuNs() - cpu) / 1'000'000;

    // Anchor: sort -u of the same text, concatenated.
    const QString all = dir.filePath(u"all.txt"_s);
    {
        QFile out(all);
        out.open(QIODevice::WriteOnly);
        for (const QString &path : std::as_const(files)) {
            QFile in(path);
            in.open(QIODevice::ReadOnly);
            out.write(in.readAll());
        }
    }
    QProcess sort;
    sort.setProcessEnvironment([] {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"LC_ALL"_s, u"C"_s);
        return env;
    }());
    timer.restart();
    sort.start(u"sort"_s, {u"-u"_s, u"-o"_s, dir.filePath(u"sorted.txt"_s), all});
    sort.waitForFinished(-1);
    const qint64 sortMs = timer.elapsed();

    // Anchor: an in-memory hash set.
    timer.restart();
    cpu = cpuNs();
    std::unordered_set<quint64> set(numbers.begin(), numbers.end());
    const qint64 setBuildMs = timer.elapsed();
    const qint64 setBuildCpuMs = (cpuNs() - cpu) / 1'000'000;
    // Node (value + next pointer, malloc rounding to 32) plus one bucket pointer per bucket.
    const double setBytes = double(set.size()) * 32.0 + double(set.bucket_count()) * 8.0;

    // Lookups: half numbers on the list, half random numbers (mostly not).
    constexpr quint64 probes = 2'000'000;
    std::mt19937_64 random(7);
    std::vector<quint64> queries;
    queries.reserve(probes);
    for (quint64 i = 0; i < probes; ++i)
        queries.push_back(i % 2 ? numbers[random() % numbers.size()] : 2'000'000'000ULL + random() % 8'000'000'000ULL);
    const RegistryFile &file = *registry.files().front();
    quint64 found = 0;
    timer.restart();
    cpu = cpuNs();
    for (const quint64 number : queries)
        found += file.contains(number) ? 1 : 0;
    const qint64 fileNs = timer.nsecsElapsed();
    const qint64 fileCpuNs = cpuNs() - cpu;
    quint64 setFound = 0;
    timer.restart();
    cpu = cpuNs();
    for (const quint64 number : queries)
        setFound += set.count(number);
    const qint64 setNs = timer.nsecsElapsed();
    const qint64 setCpuNs = cpuNs() - cpu;
    if (found != setFound)
        qFatal("registry and hash set disagree: %llu vs %llu", found, setFound);
    // What the form pays: from the typed phone (text) to the hits with their list and date.
    QStringList typed;
    for (quint64 i = 0; i < 100'000; ++i)
        typed.append(QString::number(queries[i]));
    timer.restart();
    cpu = cpuNs();
    qsizetype hits = 0;
    for (const QString &phone : std::as_const(typed))
        hits += registry.lookup(phone).size();
    const qint64 typedNs = timer.nsecsElapsed();
    const qint64 typedCpuNs = cpuNs() - cpu;

    const qint64 fileBytes = stats.fileBytes;
    std::printf("\n(times are wall time, CPU time of this process in brackets; load average at start: see uptime)\n");
    std::printf(
        "import   %llu numbers (%llu unique) in %lld ms [%lld ms CPU] = %.1f M numbers/s   (goal <= 10000 ms)\n",
        stats.numbers, stats.stored, importMs, importCpuMs, double(stats.numbers) / double(importMs) / 1000.0);
    std::printf("  anchor sort -u (LC_ALL=C) of the same %lld-byte text: %lld ms\n", textBytes, sortMs);
    std::printf("  anchor std::unordered_set<quint64> built in memory: %lld ms [%lld ms CPU]\n", setBuildMs,
                setBuildCpuMs);
    std::printf(
        "lookup   %.0f ns [%.0f ns CPU] per number (mapped file, %llu probes, %llu found)   (goal <= 1000 ns)\n",
        nsPer(fileNs, probes), nsPer(fileCpuNs, probes), probes, found);
    std::printf(
        "  from typed text to hits with list and date (DncRegistry::lookup): %.0f ns [%.0f ns CPU] (%lld hits)\n",
        nsPer(typedNs, quint64(typed.size())), nsPer(typedCpuNs, quint64(typed.size())), qint64(hits));
    std::printf("  anchor std::unordered_set<quint64>::count: %.0f ns [%.0f ns CPU]\n", nsPer(setNs, probes),
                nsPer(setCpuNs, probes));
    std::printf("size     %lld bytes = %.3f bytes per number   (goal <= 5)\n", fileBytes,
                double(fileBytes) / double(stats.stored));
    std::printf("  anchor the downloaded text: %.3f bytes per number; the hash set in memory: ~%.1f bytes per number\n",
                double(textBytes) / double(count), setBytes / double(set.size()));
    return 0;
}
