// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A worker thread's own connection to the history (HistoryQueryWorker, DashboardQueryWorker): opened on first use
// and opened again after a failure, and, on SQLite, a check for other connections' commits every so often (PRAGMA
// data_version: microseconds, where re-reading would cost queries). Lives in the worker's thread.
#include "store/HistoryLocation.h"

#include <QObject>

#include <memory>

class QTimer;

namespace LeadRelay
{

class HistoryStore;

class WorkerConnection : public QObject
{
    Q_OBJECT

public:
    enum class Reading
    {
        Plain,
        Mapped
    };
    // Mapped: this connection only reads, scattered rows through a memory map (HistoryStore::mapForReading).
    WorkerConnection(const HistoryLocation &location, Reading reading, QObject *parent = nullptr);
    ~WorkerConnection() override;

    // The open store, or nullptr with *error set.
    HistoryStore *store(QString *error);
    // SQLite: check for other connections' commits every intervalMs while on (0: off).
    void setChangeCheckMs(int intervalMs);

Q_SIGNALS:
    void externalChange();
    // The change check could not open the history.
    void failed(const QString &error);

private:
    void checkForChanges();

    HistoryLocation m_location;
    Reading m_reading;
    std::unique_ptr<HistoryStore> m_store;
    QTimer *m_timer = nullptr;
    qint64 m_dataVersion = -1;
};

} // namespace LeadRelay
