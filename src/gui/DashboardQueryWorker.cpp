// SPDX-License-Identifier: GPL-3.0-or-later
#include "DashboardQueryWorker.h"

#include "WorkerConnection.h"
#include "store/HistoryStore.h"

#include <QElapsedTimer>
#include <QThread>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

bool DashboardFigures::read(HistoryStore &store, const ReportFilter &filter, DashboardFigures *figures, QString *error,
                            const std::function<bool()> &abandoned)
{
    QElapsedTimer timer;
    timer.start();
    *figures = DashboardFigures{};
    figures->filter = filter;
    // The agent and campaign lists come from the same figures, cut by every filter but their own.
    ReportFilter anyAgent = filter;
    anyAgent.agent.clear();
    anyAgent.staleBefore = {};
    ReportFilter anyCampaign = anyAgent;
    anyCampaign.campaign.clear();
    anyCampaign.agent = filter.agent;
    ReportFilter plain = filter;
    plain.staleBefore = {};
    ReportTable campaigns;
    const std::pair<const ReportFilter *, std::pair<ReportBy, ReportTable *>> steps[] = {
        {&filter, {ReportBy::Day, &figures->days}},
        {&plain, {ReportBy::Vendor, &figures->vendors}},
        {&anyAgent, {ReportBy::Agent, &figures->agents}},
        {&anyCampaign, {ReportBy::Campaign, &campaigns}},
    };
    for (const auto &[stepFilter, target] : steps) {
        if (abandoned && abandoned())
            return false;
        if (!store.report(*stepFilter, target.first, target.second)) {
            *error = store.lastError();
            return false;
        }
    }
    for (const ReportRow &row : std::as_const(figures->agents.rows))
        figures->agentNames.append(row.key);
    for (const ReportRow &row : std::as_const(campaigns.rows))
        figures->campaignNames.append(row.key);
    if (!filter.agent.isEmpty()) {
        // The per-agent table shows the chosen agent only, like every other figure.
        ReportTable chosen;
        chosen.by = ReportBy::Agent;
        for (const ReportRow &row : std::as_const(figures->agents.rows)) {
            if (row.key == filter.agent) {
                chosen.rows.append(row);
                chosen.total = row;
            }
        }
        figures->agents = chosen;
    }
    figures->readMs = double(timer.nsecsElapsed()) / 1e6;
    return true;
}

// The part that lives in the worker thread: its own store, opened on first use, and the change check.
class DashboardQueryWorker::Runner : public QObject
{
    Q_OBJECT

public:
    Runner(const HistoryLocation &location, std::shared_ptr<std::atomic<quint64>> latest)
        : m_latest(std::move(latest))
        , m_connection(new WorkerConnection(location, WorkerConnection::Reading::Plain, this))
    {
        connect(m_connection, &WorkerConnection::externalChange, this, &Runner::externalChange);
        connect(m_connection, &WorkerConnection::failed, this,
                [this](const QString &error) { Q_EMIT failed(m_latest->load(), error); });
    }

    void run(quint64 generation, const ReportFilter &filter)
    {
        if (stale(generation) || !ready(generation))
            return;
        DashboardFigures figures;
        QString error;
        if (!DashboardFigures::read(*m_store, filter, &figures, &error, [&] { return stale(generation); })) {
            if (!stale(generation))
                Q_EMIT failed(generation, error);
            return;
        }
        if (!stale(generation))
            Q_EMIT figuresReady(generation, figures);
    }

    void setChangeCheckMs(int intervalMs) { m_connection->setChangeCheckMs(intervalMs); }

Q_SIGNALS:
    void figuresReady(quint64 generation, const DashboardFigures &figures);
    void failed(quint64 generation, const QString &error);
    void externalChange();

private:
    bool stale(quint64 generation) const { return generation != m_latest->load(); }

    bool ready(quint64 generation)
    {
        QString error;
        m_store = m_connection->store(&error);
        if (!m_store)
            Q_EMIT failed(generation, error);
        return m_store != nullptr;
    }

    std::shared_ptr<std::atomic<quint64>> m_latest;
    WorkerConnection *m_connection;
    HistoryStore *m_store = nullptr; // m_connection's, once open
};

DashboardQueryWorker::DashboardQueryWorker(const HistoryLocation &location, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<DashboardFigures>();
    m_thread->setObjectName(u"DashboardQueryWorker"_s);
    m_runner = new Runner(location, m_latest);
    m_runner->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_runner, &QObject::deleteLater);
    // Queued into this (GUI) thread; the dashboard checks the generation again, as a newer one may be asked
    // meanwhile.
    connect(m_runner, &Runner::figuresReady, this, &DashboardQueryWorker::figuresReady);
    connect(m_runner, &Runner::failed, this, &DashboardQueryWorker::failed);
    connect(m_runner, &Runner::externalChange, this, &DashboardQueryWorker::externalChange);
    m_thread->start();
}

DashboardQueryWorker::~DashboardQueryWorker()
{
    // Whatever runs now is abandoned before its next query; the store closes in its own thread.
    m_latest->store(~quint64(0));
    m_thread->quit();
    m_thread->wait();
}

void DashboardQueryWorker::request(quint64 generation, const ReportFilter &filter)
{
    m_latest->store(generation);
    QMetaObject::invokeMethod(
        m_runner, [runner = m_runner, generation, filter] { runner->run(generation, filter); }, Qt::QueuedConnection);
}

void DashboardQueryWorker::setChangeCheckMs(int intervalMs)
{
    QMetaObject::invokeMethod(
        m_runner, [runner = m_runner, intervalMs] { runner->setChangeCheckMs(intervalMs); }, Qt::QueuedConnection);
}

} // namespace LeadRelay

#include "DashboardQueryWorker.moc"
