// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history view's database work, off the GUI thread (issue 10): pages and counts of the current filter run on
// a thread of their own with a HistoryStore of their own (the same history, opened a second time by location), so
// a search over millions of rows never freezes the window.
//
// Each request carries a generation. A newer request supersedes every older one: the worker skips those still
// queued, stops between the steps of one already running, and the model drops any answer that arrives late. A
// reload answers in steps, as each is ready: the page first, then the count (for a search the index narrows, "about
// N" first, then the exact N).
//
// Other processes' writes: on SQLite the worker checks PRAGMA data_version (microseconds) every few seconds and
// reports externalChange() when another connection committed; a team server pushes its changes instead
// (HistoryStore::changed), so nothing polls there. Nothing re-runs a count to find out whether something changed.

#include "store/HistoryLocation.h"
#include "store/SubmissionRecord.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace LeadRelay
{

class HistoryStore;

struct HistoryPageRequest
{
    quint64 generation = 0;
    HistoryFilter filter;
    HistorySort sort = HistorySort::CreatedAt;
    Qt::SortOrder order = Qt::DescendingOrder;
    int rows = 0;                          // how many rows, from the top (a reload) or after `after` (more rows)
    std::optional<SubmissionRecord> after; // set: the rows that follow it (keyset), and no count
};

class HistoryQueryWorker : public QObject
{
    Q_OBJECT

public:
    // Starts the thread; the store is opened there on first use. location: HistoryStore::location() of the view's
    // store (with its password).
    explicit HistoryQueryWorker(const HistoryLocation &location, QObject *parent = nullptr);
    ~HistoryQueryWorker() override;

    // Queues a request; any older one still queued or running is abandoned.
    void request(const HistoryPageRequest &request);
    // Abandons everything queued or running (results of older generations are dropped).
    void supersede(quint64 generation);
    // SQLite: check for other connections' commits every intervalMs while on (0: off).
    void setChangeCheckMs(int intervalMs);

Q_SIGNALS:
    // In the GUI thread (queued), for the generation asked.
    void pageReady(quint64 generation, const QList<SubmissionRecord> &rows, bool appended);
    void countReady(quint64 generation, qint64 count, bool exact);
    void failed(quint64 generation, const QString &error);
    void externalChange();

private:
    class Runner;
    QThread *m_thread;
    Runner *m_runner; // lives in m_thread
    std::shared_ptr<std::atomic<quint64>> m_latest;
};

} // namespace LeadRelay
