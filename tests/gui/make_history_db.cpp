// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a demo history for screenshots and manual checks: make_history_db <file> [rows] (default 400).
#include "HistoryFixture.h"

#include "store/HistoryStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

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
        err << "usage: make_history_db <file> [rows]\n";
        return 2;
    }
    const int rows = args.size() > 2 ? args.at(2).toInt() : 400;
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
    for (int done = 0; done < rows;) {
        const int batch = qMin(20000, rows - done);
        const QDateTime start = done == 0 ? now : now.addSecs(-qint64(done) * 500);
        const QList<SubmissionRecord> records = Fixture::makeRecords(batch, start, quint32(7 + done));
        QElapsedTimer writing;
        writing.start();
        const double cpuStart = cpuSeconds();
        if (!store.importRecords(records)) {
            err << store.lastError() << '\n';
            return 1;
        }
        writingNs += writing.nsecsElapsed();
        writingCpu += cpuSeconds() - cpuStart;
        done += batch;
    }
    const double totalS = double(wall.nsecsElapsed()) / 1e9;
    const double writingS = double(writingNs) / 1e9;
    QTextStream(stdout) << rows << " rows in " << Qt::fixed << qSetRealNumberPrecision(1) << totalS << " s ("
                        << qint64(rows / qMax(totalS, 1e-9)) << " rows/s with making them); importRecords " << writingS
                        << " s (" << qint64(rows / qMax(writingS, 1e-9)) << " rows/s), CPU " << writingCpu << " s ("
                        << qint64(rows / qMax(writingCpu, 1e-9)) << " rows/s of CPU)\n";
    return 0;
}
