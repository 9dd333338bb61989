// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkerConnection.h"

#include "store/HistoryStore.h"

#include <QTimer>

namespace LeadRelay
{

WorkerConnection::WorkerConnection(const HistoryLocation &location, Reading reading, QObject *parent)
    : QObject(parent)
    , m_location(location)
    , m_reading(reading)
{}

WorkerConnection::~WorkerConnection() = default;

HistoryStore *WorkerConnection::store(QString *error)
{
    if (m_store && m_store->isOpen())
        return m_store.get();
    m_store = std::make_unique<HistoryStore>(m_location.isServer() ? m_location.uri() : m_location.path());
    m_store->setPassword(m_location.password());
    if (!m_store->open() || (m_reading == Reading::Mapped && !m_store->mapForReading())) {
        *error = m_store->lastError();
        m_store.reset();
        return nullptr;
    }
    m_dataVersion = m_store->dataVersion();
    return m_store.get();
}

void WorkerConnection::setChangeCheckMs(int intervalMs)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &WorkerConnection::checkForChanges);
    }
    if (intervalMs <= 0) {
        m_timer->stop();
        return;
    }
    m_timer->start(intervalMs);
    checkForChanges(); // catch up with what happened while off
}

void WorkerConnection::checkForChanges()
{
    // Another connection's commit (the CLI, the callback receiver, this app's own store) changes SQLite's
    // data_version as seen from this one.
    QString error;
    HistoryStore *history = store(&error);
    if (!history) {
        Q_EMIT failed(error);
        return;
    }
    const qint64 version = history->dataVersion();
    if (version >= 0 && version != m_dataVersion) {
        m_dataVersion = version;
        Q_EMIT externalChange();
    }
}

} // namespace LeadRelay
