// SPDX-License-Identifier: GPL-3.0-or-later
// Submissions per second through the whole pipeline (in-process simulator on loopback, SQLite history with its
// default durability: WAL, synchronous=FULL), and the time LeadRelay itself adds to one submission apart from
// the network: validation, request building, the durable "sending" row, answer parsing and the answer's commit.
// Beside the durable steps it prints their anchor from the same run: the same two commits (an insert, then an
// update) on a bare SQLite connection with the same journal and sync settings, in the same folder.
// Prints figures; asserts nothing.
#include "SampleLead.h"
#include "net/VendorSimulator.h"
#include "pipeline/SubmissionService.h"
#include "store/HistoryStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <array>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

constexpr int N = 300;

Lead sampleLead(int i)
{
    Lead lead = Bench::sampleLead();
    // A different valid number each time, so nTherm's simulator accepts every one.
    lead.phone = u"(310) 204-%1"_s.arg(1000 + i);
    lead.agent = u"bench"_s;
    return lead;
}

VendorAccount trainingAccount(const QString &vendorId, const VendorSimulator &simulator)
{
    VendorAccount account;
    account.vendorId = vendorId;
    account.mode = AccountMode::Training;
    account.endpoint = simulator.endpoint(vendorId);
    if (vendorId == u"bhm"_s) {
        account.user = QString::number(VendorSimulator::TrainingAffiliateId);
        account.secret = QString::fromLatin1(VendorSimulator::TrainingKey);
    } else {
        account.user = QString::fromLatin1(VendorSimulator::TrainingUser);
        account.secret = QString::fromLatin1(VendorSimulator::TrainingPassword);
    }
    return account;
}

void throughput(const QString &dir, const Vendor &vendor, VendorSimulator &simulator, QNetworkAccessManager &nam)
{
    HistoryStore store(dir + u"/throughput-"_s + vendor.id() + u".sqlite"_s);
    if (!store.open()) {
        std::printf("cannot open the history: %s\n", qPrintable(store.lastError()));
        return;
    }
    SubmissionService service(&store, &nam);
    QEventLoop loop;
    int sent = 0;
    QMap<QString, int> states;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < N; ++i) {
        SubmissionService::Request request;
        request.lead = sampleLead(i);
        request.vendor = &vendor;
        request.account = trainingAccount(vendor.id(), simulator);
        request.allowDuplicate = true;
        service.submit(request, &loop, [&](const SubmissionService::Result &result) {
            if (result.kind == SubmissionService::Result::Sent) {
                ++sent;
                ++states[outcomeStateKey(result.outcome.state)];
            } else {
                ++states[u"not sent"_s];
            }
            loop.quit();
        });
        loop.exec();
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    QStringList summary;
    for (auto it = states.cbegin(); it != states.cend(); ++it) {
        summary.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
    }
    std::printf("%-7s %d submissions in %.2f s: %.1f submissions/s, %.2f ms each (%s)\n", qPrintable(vendor.id()), N,
                seconds, N / seconds, seconds * 1000.0 / N, qPrintable(summary.join(u", "_s)));
    if (sent != N) {
        std::printf("        note: %d of %d were not sent\n", N - sent, N);
    }
}

// The work LeadRelay does around one request, stage by stage, without the network in between.
void stages(const QString &dir, const Vendor &vendor, const VendorSimulator &simulator)
{
    HistoryStore store(dir + u"/stages-"_s + vendor.id() + u".sqlite"_s);
    if (!store.open()) {
        std::printf("cannot open the history: %s\n", qPrintable(store.lastError()));
        return;
    }
    const VendorAccount account = trainingAccount(vendor.id(), simulator);
    const QByteArray answer = vendor.id() == u"bhm"_s
                                  ? QByteArray(R"({"validated": 1, "accepted": 1, "sold": 1, "disposition": ,)"
                                               R"( "errors": [], "messages": [], "transactionid": 123456789,)"
                                               R"( "leadid": 234567891})")
                                  : QByteArray(R"({"success_bit": true, "message": "Lead submitted successfully."})");
    const QDate today = QDate::currentDate();
    enum Stage
    {
        Validate,
        Build,
        Begin,
        Parse,
        Finish,
        StageCount
    };
    std::array<qint64, StageCount> total{};
    QElapsedTimer timer;
    int failures = 0;
    for (int i = 0; i < N; ++i) {
        const Lead lead = sampleLead(i);

        timer.start();
        const FieldIssues issues = vendor.validate(lead, today);
        total[Validate] += timer.nsecsElapsed();

        timer.start();
        const HttpRequest request = vendor.buildRequest(lead, account);
        const QByteArray redacted = vendor.redacted(request).toText();
        total[Build] += timer.nsecsElapsed();

        timer.start();
        const QString id =
            store.begin(SubmissionStart{lead, vendor.id(), u"training"_s, redacted, QString(), QDateTime(), {}});
        total[Begin] += timer.nsecsElapsed();

        timer.start();
        const Outcome outcome = vendor.parseResponse(200, answer);
        total[Parse] += timer.nsecsElapsed();

        timer.start();
        const bool finished = store.finish(id, outcome, 0);
        total[Finish] += timer.nsecsElapsed();

        if (hasErrors(issues) || id.isEmpty() || !finished) {
            ++failures;
        }
    }
    const auto micro = [](qint64 nanos) { return double(nanos) / 1000.0 / N; };
    qint64 sum = 0;
    for (const qint64 nanos : total) {
        sum += nanos;
    }
    std::printf("%-7s per submission, mean of %d: validate %.1f us, build+redact %.1f us, begin (durable row) %.1f "
                "us, parse answer %.1f us, finish %.1f us; total %.1f us\n",
                qPrintable(vendor.id()), N, micro(total[Validate]), micro(total[Build]), micro(total[Begin]),
                micro(total[Parse]), micro(total[Finish]), micro(sum));
    if (failures > 0) {
        std::printf("        note: %d iterations did not validate or store cleanly\n", failures);
    }
}

// The anchor: what two durable commits cost on this file system with nothing of LeadRelay around them.
void bareCommits(const QString &dir)
{
    const QString name = u"bench-pipeline-bare"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(dir + u"/bare.sqlite"_s);
        if (!db.open()) {
            std::printf("cannot open the bare SQLite file\n");
            return;
        }
        QSqlQuery query(db);
        query.exec(u"PRAGMA journal_mode=WAL"_s);
        query.exec(u"PRAGMA synchronous=FULL"_s);
        query.exec(u"CREATE TABLE rows (id TEXT PRIMARY KEY, body TEXT, state TEXT)"_s);
        const QString body(900, u'x'); // about what one compressed submission row holds
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO rows (id, body, state) VALUES (?, ?, 'sending')"_s);
        QSqlQuery update(db);
        update.prepare(u"UPDATE rows SET state = 'sold' WHERE id = ?"_s);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < N; ++i) {
            const QString id = QString::number(i);
            db.transaction();
            insert.addBindValue(id);
            insert.addBindValue(body);
            insert.exec();
            db.commit();
            db.transaction();
            update.addBindValue(id);
            update.exec();
            db.commit();
        }
        std::printf("anchor  bare SQLite (QSQLITE), same folder, WAL + synchronous=FULL: insert commit + update commit "
                    "%.1f us\n",
                    double(timer.nsecsElapsed()) / 1000.0 / N);
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"*.debug=false\nleadrelay.*.info=false"_s);
    QTemporaryDir dir;
    VendorSimulator simulator;
    if (!dir.isValid() || !simulator.listen()) {
        std::printf("cannot set up (temporary folder or loopback port)\n");
        return 1;
    }
    simulator.setCallbackDelayMs(0);
    QNetworkAccessManager nam;

    std::printf("Pipeline throughput (sequential, loopback simulator, SQLite WAL + synchronous=FULL):\n");
    for (const Vendor *vendor : allVendors()) {
        throughput(dir.path(), *vendor, simulator, nam);
    }
    std::printf("\nTime LeadRelay adds per submission, apart from the network:\n");
    for (const Vendor *vendor : allVendors()) {
        stages(dir.path(), *vendor, simulator);
    }
    bareCommits(dir.path());
    return 0;
}
