// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Dashboard tab (issue 10, item 2): for the chosen period, vendor, agent, campaign and mode, submissions per
// day stacked by outcome, the sold-or-accepted rate per vendor, a per-agent table, the wait for final results and
// the rows awaiting one. Every chart has a table of its numbers beside it (a tab away; screen readers and Ctrl+C).
// Figures come from Report (the roll-up of migration 7), read on a DashboardQueryWorker (its own thread and
// connection), so the window never waits on them; a newer filter supersedes an older one. Usage from MainWindow:
//   pages->addTab(new Dashboard({store, [settings] { return settings->staleAfterHours(); }}, this), tr("Dashboard"));
// Nothing is built or queried until the tab is first shown. While shown it follows the history live: on a team
// server by its notifications (HistoryStore::changed), on a file by a cheap PRAGMA data_version check made on the
// worker's connection.

#include "core/Clock.h"
#include "store/Report.h"

#include <QElapsedTimer>
#include <QWidget>

#include <functional>

class QChart;
class QLabel;
class QTabWidget;
class QTimer;

namespace LeadRelay
{

class CopyableTableView;
class DashboardFilters;
class DashboardQueryWorker;
struct DashboardFigures;
class HistoryStore;
class ReportTableModel;

class Dashboard : public QWidget
{
    Q_OBJECT

public:
    // How often a SQLite history is asked whether another process wrote to it, while the tab is shown.
    static constexpr int PollMs = 2000;
    // Changes arrive in bursts (a batch, a callback storm): one refresh for a burst.
    static constexpr int SettleMs = 250;

    struct Services
    {
        HistoryStore *store = nullptr;
        std::function<int()> staleAfterHours = [] { return 24; };
        Clock clock = systemClock();
    };

    explicit Dashboard(Services services, QWidget *parent = nullptr);
    ~Dashboard() override;

    bool isBuilt() const { return m_filters != nullptr; }
    // Asks for every figure again now (builds the page first if needed); they are shown when the worker has read
    // them (figuresShown()).
    void refresh();
    // Whether figures asked for are not shown yet.
    bool isLoading() const { return m_loading; }
    // For tests and the benchmark: how long the last refresh took from asking to showing, in milliseconds.
    double lastRefreshMs() const { return m_lastRefreshMs; }
    // Of which reading the figures on the worker.
    double lastReadMs() const { return m_lastReadMs; }
    ReportTableModel *dayModel() const { return m_dayModel; }
    ReportTableModel *vendorModel() const { return m_vendorModel; }
    ReportTableModel *agentModel() const { return m_agentModel; }
    QString summaryText() const;
    QString errorText() const;

Q_SIGNALS:
    // The figures of the latest filter are on screen.
    void figuresShown();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void build();
    void scheduleRefresh();
    void ask();
    void takeFigures(quint64 generation, const DashboardFigures &figures);

    Services m_services;
    DashboardFilters *m_filters = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    ReportTableModel *m_dayModel = nullptr;
    ReportTableModel *m_vendorModel = nullptr;
    ReportTableModel *m_agentModel = nullptr;
    QChart *m_dayChart = nullptr;
    QChart *m_vendorChart = nullptr;
    QTimer *m_settle = nullptr;
    DashboardQueryWorker *m_worker = nullptr;
    quint64 m_generation = 0;
    QElapsedTimer m_asked; // since the latest figures were asked for
    int m_staleHours = 24; // the rule of the figures asked for
    bool m_loading = false;
    bool m_stale = true; // the history changed while the tab was hidden
    double m_lastRefreshMs = -1;
    double m_lastReadMs = -1;
};

} // namespace LeadRelay
