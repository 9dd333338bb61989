// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryQueryWorker.h"

#include "WorkerConnection.h"
#include "store/HistoryStore.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

// The part that lives in the worker thread: its own store, opened on first use, and the change check.
class HistoryQueryWorker::Runner : public QObject
{
    Q_OBJECT

public:
    Runner(const HistoryLocation &location, std::shared_ptr<std::atomic<quint64>> latest)
        : m_latest(std::move(latest))
        , m_connection(new WorkerConnection(location, WorkerConnection::Reading::Mapped, this))
    {
        connect(m_connection, &WorkerConnection::externalChange, this, &Runner::externalChange);
        connect(m_connection, &WorkerConnection::failed, this,
                [this](const QString &error) { Q_EMIT failed(m_latest->load(), error); });
    }

    void run(const HistoryPageRequest &request)
    {
        if (stale(request.generation) || !ready(request.generation))
            return;
        // The table shows none of the bodies (the detail pane reads the full record by id): not read at all.
        if (request.after) {
            const QList<SubmissionRecord> rows = m_store->queryAfter(
                request.filter, request.sort, request.order, *request.after, request.rows, HistoryStore::Bodies::Skip);
            if (!stale(request.generation))
                Q_EMIT pageReady(request.generation, rows, true);
            return;
        }
        const QList<SubmissionRecord> rows =
            m_store->query(request.filter, request.sort, request.order, 0, request.rows, HistoryStore::Bodies::Skip);
        if (stale(request.generation))
            return;
        Q_EMIT pageReady(request.generation, rows, false);
        // A whole page short of what was asked is the whole result: its size is the exact count.
        if (rows.size() < request.rows) {
            Q_EMIT countReady(request.generation, rows.size(), true);
            return;
        }
        bool aboutIsExact = true;
        const qint64 about = m_store->approximateCount(request.filter, &aboutIsExact);
        if (stale(request.generation))
            return;
        if (about < 0) {
            Q_EMIT failed(request.generation, m_store->lastError());
            return;
        }
        Q_EMIT countReady(request.generation, about, aboutIsExact);
        if (aboutIsExact)
            return;
        const qint64 exact = m_store->count(request.filter);
        if (stale(request.generation))
            return;
        if (exact < 0)
            Q_EMIT failed(request.generation, m_store->lastError());
        else
            Q_EMIT countReady(request.generation, exact, true);
    }

    void setChangeCheckMs(int intervalMs) { m_connection->setChangeCheckMs(intervalMs); }

Q_SIGNALS:
    void pageReady(quint64 generation, const QList<SubmissionRecord> &rows, bool appended);
    void countReady(quint64 generation, qint64 count, bool exact);
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

HistoryQueryWorker::HistoryQueryWorker(const HistoryLocation &location, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    m_thread->setObjectName(u"HistoryQueryWorker"_s);
    m_runner = new Runner(location, m_latest);
    m_runner->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_runner, &QObject::deleteLater);
    // Queued into this (GUI) thread; the model checks the generation again, as a newer one may be asked meanwhile.
    connect(m_runner, &Runner::pageReady, this, &HistoryQueryWorker::pageReady);
    connect(m_runner, &Runner::countReady, this, &HistoryQueryWorker::countReady);
    connect(m_runner, &Runner::failed, this, &HistoryQueryWorker::failed);
    connect(m_runner, &Runner::externalChange, this, &HistoryQueryWorker::externalChange);
    m_thread->start();
}

HistoryQueryWorker::~HistoryQueryWorker()
{
    // Whatever runs now is abandoned at its next step; the store closes in its own thread.
    m_latest->store(~quint64(0));
    m_thread->quit();
    m_thread->wait();
}

void HistoryQueryWorker::request(const HistoryPageRequest &request)
{
    supersede(request.generation);
    QMetaObject::invokeMethod(
        m_runner, [runner = m_runner, request] { runner->run(request); }, Qt::QueuedConnection);
}

void HistoryQueryWorker::supersede(quint64 generation)
{
    m_latest->store(generation);
}

void HistoryQueryWorker::setChangeCheckMs(int intervalMs)
{
    QMetaObject::invokeMethod(
        m_runner, [runner = m_runner, intervalMs] { runner->setChangeCheckMs(intervalMs); }, Qt::QueuedConnection);
}

} // namespace LeadRelay

#include "HistoryQueryWorker.moc"
