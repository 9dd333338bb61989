// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Usage (MainWindow / main.cpp):
//   auto *credentials = new CredentialStore(std::make_unique<KeychainCredentialBackend>(), this);
//   credentials->load({u"ntherm"_s, u"bhm"_s});          // asynchronous; loaded() when done
//   credentials->user(u"ntherm"_s); credentials->secret(u"ntherm"_s);   // cached values, synchronous
//   credentials->setCredentials(u"bhm"_s, affiliateId, key);           // cache at once, keychain write async
//   if (credentials->usingMemoryFallback()) show CredentialStore::fallbackNotice();
// Keys in the keychain: "<vendor>/user" and "<vendor>/secret". When the keychain fails (no Secret Service, access
// denied, ...) values are kept in memory for this session only and memoryFallbackChanged(true) is emitted.
// Secrets are never written to disk and never logged.

#include "CredentialBackend.h"

#include <QHash>
#include <QObject>
#include <QStringList>

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

    bool usingMemoryFallback() const;
    QString lastBackendError() const; // for the log/tooltip; never contains a secret

Q_SIGNALS:
    void loaded();
    void saved(const QString &vendorId); // the backend (or the memory fallback) holds the new values
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
