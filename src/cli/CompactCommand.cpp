// SPDX-License-Identifier: GPL-3.0-or-later
#include "CompactCommand.h"

#include "CliSupport.h"
#include "store/HistoryStore.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

int CompactCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption batchOption(u"batch"_s, tr("Rows per transaction (default 500)."), tr("N"));
    parser.addOptions({CliSupport::dbOption(), batchOption});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"history compact"_s,
                           tr("Compresses the payloads of older history rows in place, resumable; progress on "
                              "stderr."),
                           arguments, &exitCode))
        return exitCode;
    int batch = 500;
    if (parser.isSet(batchOption)) {
        bool ok = false;
        batch = parser.value(batchOption).toInt(&ok);
        if (!ok || batch < 1 || batch > 100000) {
            CliSupport::err(tr("--batch must be a whole number from 1 to 100000."));
            return ExitUsage;
        }
    }
    const auto store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    if (!store->compactionPending()) {
        CliSupport::out(tr("The history is already compact."));
        return ExitOk;
    }
    const QLocale locale;
    QElapsedTimer sinceLine;
    sinceLine.start();
    qint64 lastDone = -1;
    // A line per second at most: a million rows in batches of 500 would otherwise print 2,000 lines.
    const qint64 rewritten = store->compactPayloads(
        [&](qint64 done, qint64 total) {
            if (done < total && lastDone >= 0 && sinceLine.elapsed() < 1000)
                return true;
            sinceLine.restart();
            lastDone = done;
            const int percent = total > 0 ? int(100 * done / total) : 100;
            CliSupport::err(tr("Compacting: %1 of %2 rows (%3 %)")
                                .arg(locale.toString(done), locale.toString(total), QString::number(percent)));
            return true;
        },
        batch);
    if (rewritten < 0) {
        CliSupport::err(store->lastError());
        return ExitUsage;
    }
    if (store->compactionPending()) {
        // No dictionary yet: it is trained once the history holds enough rows to learn from.
        CliSupport::out(tr("Nothing to compact yet: the history needs more rows before it can train its "
                           "compression dictionary."));
        return ExitOk;
    }
    CliSupport::out(
        tr("%n row(s) compressed; the history is compact.", nullptr, int(qMin<qint64>(rewritten, INT_MAX))));
    return ExitOk;
}

} // namespace LeadRelay
