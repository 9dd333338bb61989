// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The submission history as a table, paged from the HistoryStore: never more rows in memory than the user has
// scrolled to (pages of PageSize through fetchMore(), keyset paging via HistoryStore::queryAfter), sorting and
// filtering re-query the store (server-side, never in memory).
// Usage:
//   auto *model = new HistoryTableModel(store, systemClock(), this);
//   model->setStaleAfterHours(settings->staleAfterHours());
//   view->setModel(model);                       // QTableView calls fetchMore() as it scrolls
//   model->setFilter(filter);                    // re-queries; the rows, then totalCountChanged(n)
//   model->recordId(row); model->record(row);    // the row's id / the light record (no bodies: use store->record)
// Every page and count runs on a worker thread with its own connection (HistoryQueryWorker), so the GUI thread
// never waits for a search: setFilter(), sort(), refresh() and fetchMore() return at once and the rows arrive
// later; a newer question supersedes an older one, whose answers are dropped. The count follows the rows, for a
// search first as "about" (totalIsExact() false), then exact.
// Live updates: HistoryStore::changed (this process) is debounced, then updates the changed rows in place when
// they cannot move (else a refresh() of the loaded rows, keeping the selection by id). setPolling(true) has the
// worker look at SQLite's data_version every PollIntervalMs (microseconds, no count) for commits by other
// processes sharing the file (the CLI's callback receiver), and refresh when it moved; a team server pushes its
// changes instead.

#include "core/Clock.h"
#include "store/HistoryStore.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>

class QTimer;

namespace LeadRelay
{
class HistoryQueryWorker;
}

namespace LeadRelay
{

class HistoryTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        AgentColumn,
        VendorColumn,
        CustomerColumn,
        PhoneColumn,
        CampaignColumn,
        OutcomeColumn,
        BillableColumn,
        FinalColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1, // QString
        StateKeyRole,              // outcomeStateKey()
        StaleRole,                 // bool
    };
    // Pseudo outcome filter key: preliminary acceptances without a final result.
    static constexpr auto AwaitingFinalKey = "awaiting_final";
    static constexpr int PageSize = 200;
    static constexpr int RefreshDelayMs = 150;
    // The data_version check costs microseconds, so it can be frequent.
    static constexpr int PollIntervalMs = 1000;

    explicit HistoryTableModel(HistoryStore *store, Clock clock = systemClock(), QObject *parent = nullptr);

    void setFilter(const HistoryFilter &filter);
    HistoryFilter filter() const { return m_filter; }
    void setStaleAfterHours(int hours);
    qint64 totalCount() const { return m_total; }
    // False while totalCount() is the search index's "about" figure and the exact count is still coming.
    bool totalIsExact() const { return m_totalExact; }
    // True while the worker still owes answers to the newest question (its rows, its exact count, more rows).
    bool isLoading() const { return m_pagePending || m_countPending || m_fetching; }

    QString recordId(int row) const;
    SubmissionRecord record(int row) const; // without request/answer bodies
    int rowOfId(const QString &id) const;   // -1 when not loaded
    bool isStale(const SubmissionRecord &record) const;

    // "Accepted (preliminary)", "Accepted (final)", "Accepted — awaiting final (stale)", "Sold", ...
    QString outcomeText(const SubmissionRecord &record) const;
    static QString outcomeTextForState(OutcomeState state);
    static QString formatPhone(const QString &digits); // "(310) 555-1212"

    // Re-reads the rows loaded so far (at least one page) and the count, on the worker. Keeps the number of loaded
    // rows.
    void refresh();
    // Watch for other processes' writes while true (the view turns it on while visible).
    void setPolling(bool on);
    bool isPolling() const;
    void setPollIntervalMs(int ms); // default PollIntervalMs; tests shorten it

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void totalCountChanged(qint64 total);
    // Around a refresh that replaced the rows, so a view can keep its selection by id.
    void refreshStarting();
    void refreshFinished();

private:
    static HistorySort sortForColumn(int column);
    static QList<SubmissionRecord> strip(QList<SubmissionRecord> rows);
    void reload(int rows);
    void request(int rows);
    void takePage(quint64 generation, const QList<SubmissionRecord> &rows, bool appended);
    void takeCount(quint64 generation, qint64 count, bool exact);
    void applyChanges();
    bool updateRowsInPlace(const QSet<QString> &ids);

    HistoryStore *m_store;
    Clock m_clock;
    HistoryQueryWorker *m_worker;
    HistoryFilter m_filter;
    HistorySort m_sort = HistorySort::CreatedAt;
    Qt::SortOrder m_order = Qt::DescendingOrder;
    int m_staleHours = 24;
    QList<SubmissionRecord> m_rows;
    qint64 m_total = 0;
    bool m_totalKnown = false;
    bool m_totalExact = true;
    quint64 m_generation = 0; // of the newest question asked of the worker
    bool m_pagePending = false;
    bool m_countPending = false;
    bool m_fetching = false;
    bool m_polling = false;
    int m_pollIntervalMs = PollIntervalMs;
    QTimer *m_refreshTimer;
    QSet<QString> m_changedIds; // from HistoryStore::changed, applied after RefreshDelayMs
    bool m_externalChange = false;
};

} // namespace LeadRelay
