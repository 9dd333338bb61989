// SPDX-License-Identifier: GPL-3.0-or-later
#include "BatchCommand.h"

#include "BatchReport.h"
#include "CliSupport.h"
#include "SignalQuitter.h"
#include "SubmitSetup.h"
#include "net/VendorSimulator.h"
#include "pipeline/BatchFile.h"
#include "pipeline/BatchSender.h"
#include "store/HistoryStore.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QTimer>
#include <QUuid>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

constexpr int ProgressEveryMs = 250;

} // namespace

QString BatchCommand::description()
{
    return tr("\n\n"
              "With --batch FILE, every lead of FILE goes to --vendor: CSV (a header row of lead keys, consent as\n"
              "consent_1_question, consent_1_answer, ...) or JSON Lines (one lead per line). Every row is\n"
              "validated first; rows with problems are listed on stderr (line, field, message) and never sent.\n"
              "--dry-run stops there. Valid rows are sent --concurrency at a time, each as a single submission\n"
              "would be (duplicate guard, history row before sending, no automatic resend). Run the same command\n"
              "again after an interruption: rows already recorded are reported (already_sent), not sent again;\n"
              "only a row recorded as not delivered or account error goes again. --results FILE gets one line\n"
              "per row: line, submission_id, outcome, messages. A summary line ends the output on stdout.\n"
              "The exit status is the worst over the rows, from best to worst: 0, 1, 3, 2, 4.\n"
              "Ctrl+C stops starting rows, waits for those in flight and reports the rest as not_started.");
}

int BatchCommand::run(const QCommandLineParser &parser, SubmitSetup &setup)
{
    const Vendor *vendor = setup.vendor;
    bool ok = false;
    const int concurrency = parser.value(setup.concurrencyOption).toInt(&ok);
    if (!ok || concurrency < 1 || concurrency > BatchSender::MaxConcurrency) {
        CliSupport::err(tr("--concurrency must be a whole number from 1 to %1.").arg(BatchSender::MaxConcurrency));
        return ExitUsage;
    }
    const QString resultsPath = parser.value(setup.resultsOption);
    const bool dryRun = parser.isSet(setup.dryRunOption);
    const QString batchPath = parser.value(setup.batchOption);

    BatchFile file = BatchFile::read(batchPath);
    if (!file.error.isEmpty()) {
        CliSupport::err(tr("The batch file cannot be used: %1.").arg(file.error));
        return ExitUsage;
    }
    if (parser.isSet(setup.agentOption)) {
        const QString agent = parser.value(setup.agentOption).trimmed();
        for (BatchRow &row : file.rows) {
            if (row.lead)
                row.lead->agent = agent;
        }
    }
    file.validate(*vendor, QDate::currentDate());
    for (const BatchRow &row : std::as_const(file.rows)) {
        for (const FieldIssue &issue : row.issues) {
            if (issue.severity != Severity::Error)
                continue;
            CliSupport::err(
                issue.field.isEmpty()
                    ? tr("line %1: %2").arg(row.line).arg(CliSupport::printable(issue.message))
                    : tr("line %1: %2: %3").arg(row.line).arg(issue.field, CliSupport::printable(issue.message)));
        }
    }

    BatchReport report(file);
    report.addInvalidRows(dryRun);
    auto finish = [&]() -> int {
        QString error;
        if (!resultsPath.isEmpty() && !report.writeResults(resultsPath, &error)) {
            CliSupport::err(tr("The results file %1 cannot be written: %2").arg(resultsPath, error));
            CliSupport::out(report.summary());
            return ExitUsage;
        }
        CliSupport::out(report.summary());
        return report.exitCode();
    };
    QList<BatchSender::Item> items;
    for (const BatchRow &row : std::as_const(file.rows)) {
        if (row.isValid())
            items.append(BatchSender::Item{row.line, *row.lead});
    }
    if (dryRun || items.isEmpty())
        return finish();

    VendorSimulator simulator;
    if (!setup.resolveAccount(parser, &simulator))
        return ExitUsage;
    const std::unique_ptr<HistoryStore> store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;

    QNetworkAccessManager nam;
    SubmissionService service(store.get(), &nam);
    setup.configure(service);
    SubmissionService::Request request;
    request.vendor = vendor;
    request.account = setup.account;
    request.callbackBase = setup.callbackBase;
    request.allowDuplicate = parser.isSet(setup.allowDuplicateOption);

    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    QElapsedTimer clock;
    clock.start();
    BatchSender sender(&service, store.get());
    sender.setConcurrency(concurrency);
    sender.setRowDone([&report](const BatchSender::RowResult &result) { report.add(result); });

    QEventLoop loop;
    QObject::connect(&sender, &BatchSender::finished, &loop, &QEventLoop::quit);
    // Ctrl+C or a TERM: no new rows; those in flight are answered and recorded (at most --timeout), then the
    // summary. SignalQuitter also quits the loop, which is entered again below until the sender is done.
    SignalQuitter quitter;
    QObject::connect(&quitter, &SignalQuitter::interrupted, &sender, [&sender, terminal](int) {
        if (terminal)
            CliSupport::err(QString());
        CliSupport::err(tr("Stopping: no new rows; waiting for %n in flight.", nullptr, sender.inFlight()));
        sender.cancel();
    });
    QTimer progress;
    if (terminal) {
        QObject::connect(&progress, &QTimer::timeout, &loop, [&report, &clock] {
            const QByteArray line = "\r\x1b[K" + report.progress(clock.elapsed()).toUtf8();
            [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, line.constData(), size_t(line.size()));
        });
        progress.start(ProgressEveryMs);
    }

    const QString batchId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    qCInfo(lcCli) << "batch" << batchId << items.size() << "rows to" << vendor->id();
    sender.start(items, request, batchId);
    while (sender.isRunning())
        loop.exec();
    progress.stop();
    if (terminal)
        CliSupport::err(u"\r\x1b[K"_s + report.progress(clock.elapsed()));
    if (store->pendingAnswers() > 0) {
        CliSupport::err(tr("Some answers could not be recorded in the history; they are kept in %1 and will be "
                           "added when it can be written again. Do not resubmit those rows.")
                            .arg(store->sideJournalPath()));
    }
    return finish();
}

} // namespace LeadRelay
