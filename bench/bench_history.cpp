// SPDX-License-Identifier: GPL-3.0-or-later
// History store figures with 500,000 rows: opening, counting, paging (offset and keyset), filtering, the
// duplicate guard, and peak memory. Prints a table for the README; not a pass/fail test.
//
//   bench_history [rows]        (default 500000; the database lives in a temporary folder)
#include "store/HistoryStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
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

// Milliseconds of the first run and the median of `runs` runs (the first one included).
void measure(const char *what, int runs, const std::function<qint64()> &work)
{
    QList<double> times;
    qint64 result = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        result = work();
        times.append(double(timer.nsecsElapsed()) / 1e6);
    }
    const double first = times.first();
    std::sort(times.begin(), times.end());
    std::printf("%-52s %10.2f ms first %10.2f ms median   (result %lld)\n", what, first, times.at(times.size() / 2),
                static_cast<long long>(result));
}

const QStringList FirstNames{u"John"_s, u"Jane"_s,   u"Maria"_s, u"José"_s,  u"Ann"_s,   u"Robert"_s, u"Linda"_s,
                             u"Chen"_s, u"Fatima"_s, u"Olga"_s,  u"Kwame"_s, u"Emily"_s, u"David"_s,  u"Sofia"_s};
const QStringList LastNames{u"Smith"_s, u"Johnson"_s, u"Garcia"_s, u"Nguyen"_s, u"Brown"_s,    u"Miller"_s,
                            u"Davis"_s, u"Lopez"_s,   u"Wilson"_s, u"Okafor"_s, u"Kowalski"_s, u"Zola"_s};
const QStringList Agents = [] {
    QStringList agents;
    for (int i = 0; i < 40; ++i)
        agents.append(u"agent."_s + QString::number(i));
    return agents;
}();
const QStringList Campaigns{u"OHIO_GENERAL_RESIDENTIAL"_s, u"TEXAS_SOLAR"_s, u"PA_GAS"_s, u"NY_ELECTRIC"_s,
                            u"IL_DUAL_FUEL"_s};
const OutcomeState States[] = {OutcomeState::Sold,
                               OutcomeState::Sold,
                               OutcomeState::Accepted,
                               OutcomeState::Accepted,
                               OutcomeState::Rejected,
                               OutcomeState::Rejected,
                               OutcomeState::Rejected,
                               OutcomeState::Invalid,
                               OutcomeState::AcceptedNotSold,
                               OutcomeState::DeliveryUnknown,
                               OutcomeState::NotDelivered,
                               OutcomeState::AccountError};

SubmissionRecord makeRecord(int i, const QDateTime &base, int rows)
{
    SubmissionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.createdAt = base.addMSecs(qint64(i) * (365LL * 24 * 3600 * 1000 / rows) + (i * 7919) % 1000);
    r.answeredAt = r.createdAt.addMSecs(800 + i % 2000);
    r.agent = Agents.at(i % Agents.size());
    r.vendorId = i % 3 == 0 ? u"bhm"_s : u"ntherm"_s;
    r.accountMode = u"production"_s;
    r.campaign = Campaigns.at(i % Campaigns.size());
    Lead lead;
    lead.firstName = FirstNames.at(i % FirstNames.size());
    lead.lastName = LastNames.at((i / 7) % LastNames.size());
    r.customerName = lead.firstName + u' ' + lead.lastName;
    r.phone = QString::number(2012000000LL + (qint64(i) * 104729) % 7000000000LL);
    lead.phone = r.phone;
    lead.email = u"customer"_s + QString::number(i) + u"@example.com"_s;
    lead.street = QString::number(i % 9000 + 1) + u" Main St"_s;
    lead.city = u"Columbus"_s;
    lead.state = u"OH"_s;
    lead.zip = u"43004"_s;
    lead.mailingSameAsService = true;
    lead.utility = u"Utility Provider"_s;
    lead.campaign = r.campaign;
    lead.trustedFormCertUrl = u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s;
    lead.ip = u"184.248.249.118"_s;
    lead.sourceUrl = u"https://www.example.com/form/"_s;
    lead.sub1 = u"desk-7"_s;
    lead.consent = {{u"Do you consent to be contacted?"_s, u"Yes"_s}};
    lead.agent = r.agent;
    r.leadJson = lead.toJsonBytes();
    r.redactedRequest = R"({"customer_name":")" + r.customerName.toUtf8() + R"(","password":"***"})";
    r.state = States[i % std::size(States)];
    r.final = r.state != OutcomeState::Accepted || i % 2 == 0;
    r.billable = r.state == OutcomeState::Sold;
    r.httpStatus = r.state == OutcomeState::NotDelivered ? 0 : 200;
    r.rawAnswer = R"({"success_bit": true, "message": "Lead received", "lead_id": )" + QByteArray::number(i) + "}";
    r.vendorLeadId = QString::number(100000 + i);
    r.messages = {u"Lead received"_s};
    r.durationMs = 800 + i % 2000;
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"leadrelay.store.debug=false"_s);
    const int rows = argc > 1 ? QByteArray(argv[1]).toInt() : 500000;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.sqlite"_s);
    const QDateTime base(QDate(2025, 11, 1), QTime(0, 0), Qt::UTC);

    QElapsedTimer fillTimer;
    fillTimer.start();
    qint64 importNs = 0;
    {
        HistoryStore store(path);
        if (!store.open()) {
            std::fprintf(stderr, "%s\n", qPrintable(store.lastError()));
            return 1;
        }
        constexpr int Batch = 10000;
        QList<SubmissionRecord> batch;
        batch.reserve(Batch);
        for (int i = 0; i < rows; ++i) {
            batch.append(makeRecord(i, base, rows));
            if (batch.size() == Batch || i == rows - 1) {
                QElapsedTimer importTimer;
                importTimer.start();
                const bool imported = store.importRecords(batch);
                importNs += importTimer.nsecsElapsed();
                if (!imported) {
                    std::fprintf(stderr, "%s\n", qPrintable(store.lastError()));
                    return 1;
                }
                batch.clear();
            }
        }
    }
    std::printf("rows %d, filled in %.1f s, of which importRecords() %.1f s (batches of 10,000, one transaction "
                "each: %.0f rows/s), file %.0f MB\n\n",
                rows, double(fillTimer.elapsed()) / 1000.0, double(importNs) / 1e9, rows / (double(importNs) / 1e9),
                double(QFileInfo(path).size()) / 1e6);

    auto store = std::make_unique<HistoryStore>(path);
    measure("open (migrate check, pragmas, recovery scan)", 1, [&] {
        store = std::make_unique<HistoryStore>(path);
        return qint64(store->open());
    });
    constexpr int Runs = 5;
    const HistoryFilter none;
    measure("count() unfiltered", Runs, [&] { return store->count(none); });
    measure("count() text \"smith\"", Runs, [&] { return store->count({.text = u"smith"_s}); });
    measure("count() text \"2127\" (phone digits)", Runs, [&] { return store->count({.text = u"2127"_s}); });
    measure("count() vendor ntherm + outcome sold", Runs,
            [&] { return store->count({.vendorId = u"ntherm"_s, .stateKey = u"sold"_s}); });
    measure("count() awaiting_final", Runs, [&] { return store->count({.stateKey = u"awaiting_final"_s}); });
    measure("count() last 7 days", Runs, [&] { return store->count({.since = base.addDays(358)}); });
    measure("page 1 (100 rows) created_at desc", Runs,
            [&] { return qint64(store->query(none, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 100).size()); });
    measure("page at offset 250,000 (100 rows) created_at desc", Runs, [&] {
        return qint64(store->query(none, HistorySort::CreatedAt, Qt::DescendingOrder, 250000, 100).size());
    });
    const QList<SubmissionRecord> before = store->query(none, HistorySort::CreatedAt, Qt::DescendingOrder, 249999, 1);
    measure("keyset page after row 250,000 (100 rows)", Runs, [&] {
        return qint64(
            store->queryAfter(none, HistorySort::CreatedAt, Qt::DescendingOrder, before.value(0), 100).size());
    });
    measure("page 1 sorted by customer asc", Runs,
            [&] { return qint64(store->query(none, HistorySort::Customer, Qt::AscendingOrder, 0, 100).size()); });
    measure("page 1 vendor ntherm + outcome sold", Runs, [&] {
        return qint64(store
                          ->query({.vendorId = u"ntherm"_s, .stateKey = u"sold"_s}, HistorySort::CreatedAt,
                                  Qt::DescendingOrder, 0, 100)
                          .size());
    });
    measure("page 1 text \"smith\"", Runs, [&] {
        return qint64(store->query({.text = u"smith"_s}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 100).size());
    });
    measure("findDuplicate (30-day window)", Runs,
            [&] { return qint64(store->findDuplicate(u"ntherm"_s, u"2012104729"_s, base.addDays(-30)).has_value()); });
    measure("begin + finish of one row (durable)", Runs, [&] {
        Lead lead;
        lead.firstName = u"Bench"_s;
        lead.phone = u"2127365000"_s;
        const QString id = store->begin({lead, u"ntherm"_s, u"production"_s, {}, {}, {}});
        Outcome outcome;
        outcome.state = OutcomeState::Rejected;
        return qint64(store->finish(id, outcome, 5));
    });
    std::printf("\npeak RSS (VmHWM) %s\n", qPrintable(peakRss()));
    return 0;
}
