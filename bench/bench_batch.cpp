// SPDX-License-Identifier: GPL-3.0-or-later
// A batch against the training simulator on loopback (its own process: `leadrelay-cli simulate`), fresh
// connection per lead, SQLite history with its default durability, side by side in one run with curl posting the
// same requests, one process per POST, 8 at a time (xargs -P8). Prints:
//   - leadrelay-cli submit --batch, concurrency 8: leads/s over the whole command (start-up included);
//   - the same batch in this process (BatchSender): leads/s and this process's CPU time per lead, which is
//     LeadRelay's own work per lead (reading, validation, request, durable writes, answer parsing) plus Qt's
//     HTTP client;
//   - curl: leads/s; and the ratios. Asserts nothing. Usage: bench_batch [LEADS] (default 2000).
#include "SampleLead.h"
#include "net/VendorSimulator.h"
#include "pipeline/BatchFile.h"
#include "pipeline/BatchSender.h"
#include "store/HistoryStore.h"
#include "vendors/Vendor.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

const QString Cli = QStringLiteral(LEADRELAY_BIN_DIR "/leadrelay-cli");
constexpr int Concurrency = 8;

Lead leadNumber(int exchange, int i)
{
    Lead lead = Bench::sampleLead();
    lead.phone = u"(310) %1-%2"_s.arg(exchange).arg(1000 + i);
    lead.agent = u"bench"_s;
    return lead;
}

VendorAccount trainingAccount(const QUrl &endpoint)
{
    VendorAccount account;
    account.vendorId = u"bhm"_s;
    account.mode = AccountMode::Training;
    account.endpoint = endpoint;
    account.user = QString::number(VendorSimulator::TrainingAffiliateId);
    account.secret = QString::fromLatin1(VendorSimulator::TrainingKey);
    return account;
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Waits with the event loop running, so nothing in this process stalls.
bool waitFor(QProcess &process, int timeoutMs)
{
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QElapsedTimer timer;
    timer.start();
    while (process.state() != QProcess::NotRunning && timer.elapsed() < timeoutMs)
        loop.processEvents(QEventLoop::WaitForMoreEvents, 100);
    return process.state() == QProcess::NotRunning;
}

double cliBatch(const QString &dir, const QUrl &endpoint, int n)
{
    QFile file(dir + u"/cli.jsonl"_s);
    if (!file.open(QIODevice::WriteOnly))
        return 0;
    for (int i = 0; i < n; ++i)
        file.write(QJsonDocument(leadNumber(204, i).toJson()).toJson(QJsonDocument::Compact) + '\n');
    file.close();
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LEADRELAY_BHM_AFFILIATE_ID"_s, QString::number(VendorSimulator::TrainingAffiliateId));
    env.insert(u"LEADRELAY_BHM_KEY"_s, QString::fromLatin1(VendorSimulator::TrainingKey));
    process.setProcessEnvironment(env);
    process.setStandardOutputFile(dir + u"/cli.out"_s);
    QElapsedTimer timer;
    timer.start();
    process.start(Cli, {u"submit"_s, u"--batch"_s, file.fileName(), u"--vendor"_s, u"bhm"_s, u"--endpoint"_s,
                        endpoint.toString(), u"--db"_s, dir + u"/cli.sqlite"_s, u"--concurrency"_s,
                        QString::number(Concurrency)});
    if (!waitFor(process, 600000) || process.exitCode() != 0) {
        std::printf("leadrelay-cli batch failed (exit %d): %s\n", process.exitCode(),
                    process.readAllStandardError().constData());
        return 0;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    QFile out(dir + u"/cli.out"_s);
    out.open(QIODevice::ReadOnly);
    std::printf("  leadrelay-cli submit --batch  %5d leads  %6.2f s  %7.1f leads/s   (%s)\n", n, seconds, n / seconds,
                out.readAll().trimmed().constData());
    return n / seconds;
}

double inProcessBatch(const QString &dir, const QUrl &endpoint, int n, double *cpuMsPerLead)
{
    HistoryStore store(dir + u"/inprocess.sqlite"_s);
    if (!store.open())
        return 0;
    QNetworkAccessManager nam;
    SubmissionService service(&store, &nam);
    BatchSender sender(&service, &store);
    sender.setConcurrency(Concurrency);
    int sold = 0;
    int done = 0;
    sender.setRowDone([&](const BatchSender::RowResult &row) {
        ++done;
        if (row.kind == BatchSender::RowResult::Sent && row.outcome.state == OutcomeState::Sold)
            ++sold;
    });
    SubmissionService::Request request;
    request.vendor = vendorById(u"bhm"_s);
    request.account = trainingAccount(endpoint);

    // Reading and validating are part of the work per lead: the file is built as CSV text here and read inside
    // the measurement.
    QByteArray csv = "first_name,last_name,phone,email,dob,street,city,state,zip,utility,campaign,"
                     "trustedform_cert_url,ip,source_url,sub1,consent_1_question,consent_1_answer\n";
    for (int i = 0; i < n; ++i) {
        const Lead l = leadNumber(205, i);
        csv += (QStringList{l.firstName, l.lastName, l.phone, l.email, l.dob, l.street, l.city, l.state, l.zip,
                            l.utility, l.campaign, l.trustedFormCertUrl, l.ip, l.sourceUrl, l.sub1,
                            l.consent.at(0).question, l.consent.at(0).answer}
                    .join(u',') +
                u'\n')
                   .toUtf8();
    }
    const double cpuBefore = cpuSeconds();
    QElapsedTimer timer;
    timer.start();
    BatchFile file = BatchFile::parse(csv, BatchFile::Format::Csv);
    file.validate(*request.vendor, QDate::currentDate());
    QList<BatchSender::Item> items;
    for (const BatchRow &row : std::as_const(file.rows)) {
        if (row.isValid())
            items.append({row.line, *row.lead});
    }
    QEventLoop loop;
    QObject::connect(&sender, &BatchSender::finished, &loop, &QEventLoop::quit);
    sender.start(items, request, u"bench"_s);
    if (sender.isRunning())
        loop.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    *cpuMsPerLead = (cpuSeconds() - cpuBefore) * 1000.0 / n;
    std::printf("  BatchSender in this process   %5d leads  %6.2f s  %7.1f leads/s   (%d sold of %d; %d valid)\n", n,
                seconds, n / seconds, sold, done, int(items.size()));
    return n / seconds;
}

double curlBatch(const QString &dir, const QUrl &endpoint, int n)
{
    const Vendor *vendor = vendorById(u"bhm"_s);
    const VendorAccount account = trainingAccount(endpoint);
    QDir().mkpath(dir + u"/curl"_s);
    QByteArray list;
    for (int i = 0; i < n; ++i) {
        const HttpRequest request = vendor->buildRequest(leadNumber(206, i), account, QUrl());
        const QString path = dir + u"/curl/%1.json"_s.arg(i);
        QFile body(path);
        if (!body.open(QIODevice::WriteOnly))
            return 0;
        body.write(request.body);
        list += path.toUtf8() + '\n';
    }
    QFile listFile(dir + u"/curl.list"_s);
    if (!listFile.open(QIODevice::WriteOnly))
        return 0;
    listFile.write(list);
    listFile.close();
    // One curl process per POST, 8 at a time, each on a fresh connection: what a shell script would do.
    const QString script =
        u"xargs -P%1 -I{} curl -s -o /dev/null -X POST -H 'Content-Type: application/json; charset=utf-8' "
        "--data-binary @{} '%2' < '%3'"_s.arg(Concurrency)
            .arg(endpoint.toString(), listFile.fileName());
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(u"sh"_s, {u"-c"_s, script});
    if (!waitFor(process, 600000) || process.exitCode() != 0) {
        std::printf("curl failed (is curl installed?): %s\n", process.readAllStandardError().constData());
        return 0;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("  curl, 1 process/POST, -P%d   %5d leads  %6.2f s  %7.1f leads/s\n", Concurrency, n, seconds,
                n / seconds);
    return n / seconds;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"*.debug=false\nleadrelay.*.info=false"_s);
    const int n = argc > 1 ? qBound(10, QByteArray(argv[1]).toInt(), 8000) : 2000;
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;

    QProcess simulator;
    simulator.setStandardOutputFile(dir.filePath(u"simulator.out"_s));
    simulator.start(Cli, {u"simulate"_s});
    QUrl base;
    for (int i = 0; i < 100 && base.isEmpty(); ++i) {
        QThread::msleep(50);
        QFile out(dir.filePath(u"simulator.out"_s));
        if (out.open(QIODevice::ReadOnly)) {
            const QByteArray first = out.readLine().trimmed();
            if (first.startsWith("listening on "))
                base = QUrl(QString::fromUtf8(first.mid(13)));
        }
    }
    if (base.isEmpty()) {
        std::printf("the simulator did not start (%s)\n", qPrintable(Cli));
        return 1;
    }
    QUrl endpoint = base;
    endpoint.setPath(u"/post/energy/"_s);
    std::printf("Batch of bhm leads to the simulator on loopback (its own process), concurrency %d, fresh connection "
                "per lead, history with fsync (WAL, synchronous=FULL):\n",
                Concurrency);
    const double curl = curlBatch(dir.path(), endpoint, n);
    const double cli = cliBatch(dir.path(), endpoint, n);
    double cpuMs = 0;
    const double inProcess = inProcessBatch(dir.path(), endpoint, n, &cpuMs);
    std::printf("  ratio leadrelay-cli / curl: %.2f; in-process / curl: %.2f\n", curl > 0 ? cli / curl : 0.0,
                curl > 0 ? inProcess / curl : 0.0);
    std::printf("  in-process CPU time per lead (reading, validation, request, durable writes, parsing, Qt HTTP): "
                "%.2f ms\n",
                cpuMs);
    simulator.terminate();
    simulator.waitForFinished(5000);
    return 0;
}
