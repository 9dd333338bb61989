// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The dashboard's figures, read off the GUI thread (issue 10): the four groupings and the stale count of one filter
// are read on a thread of their own with a HistoryStore of their own (the same history, opened a second time by
// location, as HistoryQueryWorker does for the history view), and handed back as one value when all are read, so
// the tab never shows half of one filter and half of another.
//
// Each request carries a generation. A newer request supersedes every older one: the worker skips those still
// queued, stops between the queries of one already running, and the dashboard drops any answer that arrives late.
//
// Other processes' writes: on SQLite the worker checks PRAGMA data_version on its own connection while the tab is
// shown (microseconds) and reports externalChange() when any other connection committed, this process's own store
// included; a team server pushes its changes instead (HistoryStore::changed), so nothing polls there.

#include "store/HistoryLocation.h"
#include "store/Report.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace LeadRelay
{

class HistoryStore;

// Everything the tab shows for one filter.
struct DashboardFigures
{
    ReportFilter filter;
    ReportTable days; // with the stale count
    ReportTable vendors;
    ReportTable agents;        // the per-agent table: only the chosen agent when one is chosen
    QStringList agentNames;    // the agent choices: every agent of the other filters
    QStringList campaignNames; // the campaign choices: every campaign of the other filters but the agent's
    double readMs = 0;         // time spent reading, on the worker

    // Reads them with `store` (whichever thread owns it). False with *error set when a query failed.
    static bool read(HistoryStore &store, const ReportFilter &filter, DashboardFigures *figures, QString *error,
                     const std::function<bool()> &abandoned = {});
};

class DashboardQueryWorker : public QObject
{
    Q_OBJECT

public:
    // Starts the thread; the store is opened there on first use. location: HistoryStore::location() of the tab's
    // store (with its password).
    explicit DashboardQueryWorker(const HistoryLocation &location, QObject *parent = nullptr);
    ~DashboardQueryWorker() override;

    // Queues a request; any older one still queued or running is abandoned.
    void request(quint64 generation, const ReportFilter &filter);
    // SQLite: check for other connections' commits every intervalMs while on (0: off).
    void setChangeCheckMs(int intervalMs);

Q_SIGNALS:
    // In the GUI thread (queued), for the generation asked.
    void figuresReady(quint64 generation, const DashboardFigures &figures);
    void failed(quint64 generation, const QString &error);
    void externalChange();

private:
    class Runner;
    QThread *m_thread;
    Runner *m_runner; // lives in m_thread
    std::shared_ptr<std::atomic<quint64>> m_latest;
};

} // namespace LeadRelay

Q_DECLARE_METATYPE(LeadRelay::DashboardFigures)
