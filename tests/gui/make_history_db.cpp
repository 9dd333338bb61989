// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a demo history for screenshots and manual checks: make_history_db <file> [rows] (default 400) [batch] (rows
// per importRecords() call, default 20,000). A file or a postgresql:// URI.
#include "HistoryFixture.h"

#include "store/HistoryStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <ctime>

using namespace LeadRelay;

namespace
{

// CPU seconds of this process: the figure that holds when other builds share the machine's cores.
double cpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTextStream err(stderr);
    if (args.size() < 2) {
        err << "usage: make_history_db <file> [rows] [batch]\n";
        return 2;
    }
    const int rows = args.size() > 2 ? args.at(2).toInt() : 400;
    const int batchRows = args.size() > 3 ? qMax(1, args.at(3).toInt()) : 20000;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    HistoryStore store(args.at(1));
    if (!store.open()) {
        err << store.lastError() << '\n';
        return 1;
    }
    // In batches, so half a million rows do not all sit in memory at once. Timed apart: making the rows (the real
    // vendor adapters build and parse each one) and writing them (HistoryStore::importRecords), so the figure
    // printed last is the store's own import speed.
    QElapsedTimer wall;
    wall.start();
    qint64 writingNs = 0;
    double writingCpu = 0;
    // Oldest batch first and each batch oldest row first, as a history is written (one submission after another):
    // the same rows as newest-first, but the indexes on time grow at their end, as they do in use, instead of
    // splitting pages at their start (a newest-first file is a third larger than what the app writes).
    QList<int> starts;
    for (int done = 0; done < rows; done += batchRows)
        starts.prepend(done);
    for (const int done : std::as_const(starts)) {
        const int batch = qMin(batchRows, rows - done);
        const QDateTime start = done == 0 ? now : now.addSecs(-qint64(done) * 500);
        QList<SubmissionRecord> records = Fixture::makeRecords(batch, start, quint32(7 + done));
        std::reverse(records.begin(), records.end());
        QElapsedTimer writing;
        writing.start();
        const double cpuStart = cpuSeconds();
        if (!store.importRecords(records)) {
            err << store.lastError() << '\n';
            return 1;
        }
        writingNs += writing.nsecsElapsed();
        writingCpu += cpuSeconds() - cpuStart;
    }
    const double totalS = double(wall.nsecsElapsed()) / 1e9;
    const double writingS = double(writingNs) / 1e9;
    QTextStream(stdout) << rows << " rows in " << Qt::fixed << qSetRealNumberPrecision(1) << totalS << " s ("
                        << qint64(rows / qMax(totalS, 1e-9)) << " rows/s with making them); importRecords " << writingS
                        << " s (" << qint64(rows / qMax(writingS, 1e-9)) << " rows/s), CPU " << writingCpu << " s ("
                        << qint64(rows / qMax(writingCpu, 1e-9)) << " rows/s of CPU)\n";
    return 0;
}
