// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Usage (MainWindow / main.cpp):
//   auto *credentials = new CredentialStore(std::make_unique<KeychainCredentialBackend>(), this);
//   credentials->load({u"ntherm"_s, u"bhm"_s});          // asynchronous; loaded() when done
//   credentials->user(u"ntherm"_s); credentials->secret(u"ntherm"_s);   // cached values, synchronous
//   credentials->setCredentials(u"bhm"_s, affiliateId, key);           // cache at once, keychain write async
//   if (credentials->usingMemoryFallback()) show CredentialStore::fallbackNotice();
//   credentials->readTeamPassword(server, this, [](const QString &password) { ... });   // before opening it
// Keys in the keychain: "<vendor>/user", "<vendor>/secret" and "team/<server key>/password". When the keychain fails
// (no Secret Service, access denied, ...) values are kept in memory for this session only and
// memoryFallbackChanged(true) is emitted. Secrets are never written to disk and never logged.

#include "CredentialBackend.h"
#include "store/HistoryLocation.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

namespace LeadRelay
{

class CredentialStore : public QObject
{
    Q_OBJECT

public:
    explicit CredentialStore(std::unique_ptr<CredentialBackend> backend, QObject *parent = nullptr);
    ~CredentialStore() override;

    static QString userKey(const QString &vendorId);   // "<vendor>/user"
    static QString secretKey(const QString &vendorId); // "<vendor>/secret"
    // "No system keychain available: credentials are kept only until LeadRelay closes."
    static QString fallbackNotice();

    // Reads both keys of every vendor; loaded() once all answered (also when the keychain failed).
    void load(const QStringList &vendorIds);
    bool isLoaded() const;

    QString user(const QString &vendorId) const;
    QString secret(const QString &vendorId) const;
    bool hasCredentials(const QString &vendorId) const; // both user and secret non-empty

    // Updates the cache immediately (so account() sees it) and writes to the backend; saved() or, on failure,
    // the memory fallback. Empty values remove the entry.
    void setCredentials(const QString &vendorId, const QString &user, const QString &secret);

    // The team server's password (Settings → History), one per server, database and user, so a password typed
    // for one server is never offered to another: "team/<HistoryLocation::localKey()>/password".
    static QString teamPasswordKey(const HistoryLocation &server);
    // done(password) exactly once, later, unless context dies; empty when none is stored or the keychain failed.
    void readTeamPassword(const HistoryLocation &server, QObject *context,
                          std::function<void(const QString &password)> done);
    QString teamPassword(const HistoryLocation &server) const; // cached: what was read or set this session
    // Like setCredentials(): cache at once, keychain write after; saved(teamPasswordKey(server)). Empty removes.
    void setTeamPassword(const HistoryLocation &server, const QString &password);

    bool usingMemoryFallback() const;
    QString lastBackendError() const; // for the log/tooltip; never contains a secret

Q_SIGNALS:
    void loaded();
    // The backend (or the memory fallback) holds the new values; vendorId, or teamPasswordKey() for a team password.
    void saved(const QString &vendorId);
    void memoryFallbackChanged(bool active);

private:
    void fallBack(const QString &error);
    void storeValue(const QString &key, const QString &value, const QString &vendorId);
    void finishOneWrite(const QString &vendorId);

    std::unique_ptr<CredentialBackend> m_backend;
    QHash<QString, QString> m_cache;     // key -> value; memory only
    QHash<QString, int> m_pendingWrites; // vendorId -> writes outstanding
    int m_pendingReads = 0;
    bool m_loaded = false;
    bool m_fallback = false;
    QString m_lastError;
};

} // namespace LeadRelay
