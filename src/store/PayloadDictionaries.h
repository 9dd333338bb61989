// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PayloadCodec.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>

namespace LeadRelay
{

// The compression dictionaries of one history (table payload_dictionaries), read once each and kept. A dictionary
// is never changed once written, so a cached one never goes stale; a newer one is picked up by current().
class PayloadDictionaries
{
public:
    // Trained once the history holds this many payloads: enough for zstd to learn the shape of the documents
    // (it wants a few hundred samples), and few enough that a new desk stops writing uncompressed rows early.
    static constexpr int TrainAfterRows = 1000;
    // zstd's advice is about 100x smaller than the samples; leads are a form's worth of JSON, so 32 KiB holds every
    // key and the common values of a call centre's leads. Stored once per history.
    static constexpr int Capacity = 32 * 1024;
    static constexpr int TrainingSamples = 2000;

    // The newest dictionary, or nullptr when the history has none yet. Reads MAX(id) (one index lookup).
    std::shared_ptr<const PayloadCodec::Dictionary> current(const QSqlDatabase &db, QString *error);
    // Dictionary `id`, read on first use; nullptr when missing or unreadable.
    std::shared_ptr<const PayloadCodec::Dictionary> byId(const QSqlDatabase &db, int id);
    // For reading rows: loads every dictionary not yet loaded, then looks up only those (no query while the caller
    // reads its rows). Call it before running the query whose rows it decodes.
    PayloadCodec::DictionaryLookup lookup(const QSqlDatabase &db);

    // When the history has no dictionary yet and holds TrainAfterRows payloads: trains one from a sample of them
    // (leads, requests, answers) in its own transaction. Returns false with error set on a database error; a login
    // not allowed to add one (a team server's supervisor) or a race with another desk just leaves none made.
    bool trainIfDue(const QSqlDatabase &db, QString *error);
    // Trains and stores a new dictionary from the newest rows, whatever exists. Returns its id, 0 when zstd could
    // not make one, -1 with error set.
    int trainNew(const QSqlDatabase &db, QString *error);

private:
    QMutex m_mutex;
    QHash<int, std::shared_ptr<const PayloadCodec::Dictionary>> m_loaded;
};

} // namespace LeadRelay
