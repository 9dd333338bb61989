// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a demo history for screenshots and manual checks: make_history_db <file> [rows] (default 400).
#include "HistoryFixture.h"

#include "store/HistoryStore.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace LeadRelay;

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
    // In batches, so half a million rows do not all sit in memory at once.
    for (int done = 0; done < rows;) {
        const int batch = qMin(20000, rows - done);
        const QDateTime start = done == 0 ? now : now.addSecs(-qint64(done) * 500);
        if (!store.importRecords(Fixture::makeRecords(batch, start, quint32(7 + done)))) {
            err << store.lastError() << '\n';
            return 1;
        }
        done += batch;
    }
    return 0;
}
