// SPDX-License-Identifier: GPL-3.0-or-later
#include "CredentialStore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
Q_LOGGING_CATEGORY(lcCredentials, "leadrelay.gui.credentials")
}

CredentialStore::CredentialStore(std::unique_ptr<CredentialBackend> backend, QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
{}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::userKey(const QString &vendorId)
{
    return vendorId + u"/user"_s;
}

QString CredentialStore::secretKey(const QString &vendorId)
{
    return vendorId + u"/secret"_s;
}

QString CredentialStore::fallbackNotice()
{
    return QCoreApplication::translate(
        "LeadRelay::CredentialStore",
        "No system keychain available: credentials are kept only until LeadRelay closes.");
}

void CredentialStore::load(const QStringList &vendorIds)
{
    QStringList keys;
    for (const QString &vendorId : vendorIds)
        keys << userKey(vendorId) << secretKey(vendorId);
    if (m_fallback || keys.isEmpty()) {
        // Nothing more to learn from a backend that already failed; the cache is all there is.
        QTimer::singleShot(0, this, [this] {
            m_loaded = true;
            Q_EMIT loaded();
        });
        return;
    }
    m_pendingReads += int(keys.size());
    for (const QString &key : std::as_const(keys)) {
        m_backend->read(key, this, [this, key](const CredentialResult &result) {
            if (result.status == CredentialResult::Ok && !m_cache.contains(key))
                m_cache.insert(key, result.value);
            else if (result.status == CredentialResult::Failed)
                fallBack(result.error);
            if (--m_pendingReads == 0) {
                m_loaded = true;
                Q_EMIT loaded();
            }
        });
    }
}

bool CredentialStore::isLoaded() const
{
    return m_loaded;
}

QString CredentialStore::user(const QString &vendorId) const
{
    return m_cache.value(userKey(vendorId));
}

QString CredentialStore::secret(const QString &vendorId) const
{
    return m_cache.value(secretKey(vendorId));
}

bool CredentialStore::hasCredentials(const QString &vendorId) const
{
    return !user(vendorId).isEmpty() && !secret(vendorId).isEmpty();
}

void CredentialStore::setCredentials(const QString &vendorId, const QString &user, const QString &secret)
{
    m_pendingWrites[vendorId] += 2;
    storeValue(userKey(vendorId), user, vendorId);
    storeValue(secretKey(vendorId), secret, vendorId);
}

void CredentialStore::storeValue(const QString &key, const QString &value, const QString &vendorId)
{
    // The cache first: a submission right after OK must see the new values whatever the backend does.
    if (value.isEmpty())
        m_cache.remove(key);
    else
        m_cache.insert(key, value);

    if (m_fallback) {
        QTimer::singleShot(0, this, [this, vendorId] { finishOneWrite(vendorId); });
        return;
    }
    auto done = [this, vendorId](const CredentialResult &result) {
        if (result.status == CredentialResult::Failed)
            fallBack(result.error);
        finishOneWrite(vendorId);
    };
    if (value.isEmpty())
        m_backend->remove(key, this, done);
    else
        m_backend->write(key, value, this, done);
}

void CredentialStore::finishOneWrite(const QString &vendorId)
{
    if (--m_pendingWrites[vendorId] > 0)
        return;
    m_pendingWrites.remove(vendorId);
    Q_EMIT saved(vendorId);
}

QString CredentialStore::teamPasswordKey(const HistoryLocation &server)
{
    return u"team/"_s + server.localKey() + u"/password"_s;
}

void CredentialStore::readTeamPassword(const HistoryLocation &server, QObject *context,
                                       std::function<void(const QString &password)> done)
{
    const QString key = teamPasswordKey(server);
    if (m_fallback || m_cache.contains(key)) {
        QTimer::singleShot(0, context, [this, key, done] { done(m_cache.value(key)); });
        return;
    }
    // The context guards the caller; this guards the cache the answer is written to.
    QPointer<CredentialStore> self(this);
    m_backend->read(key, context, [self, key, done](const CredentialResult &result) {
        if (self) {
            if (result.status == CredentialResult::Ok && !self->m_cache.contains(key))
                self->m_cache.insert(key, result.value);
            else if (result.status == CredentialResult::Failed)
                self->fallBack(result.error);
        }
        done(self ? self->m_cache.value(key) : QString());
    });
}

QString CredentialStore::teamPassword(const HistoryLocation &server) const
{
    return m_cache.value(teamPasswordKey(server));
}

void CredentialStore::setTeamPassword(const HistoryLocation &server, const QString &password)
{
    const QString key = teamPasswordKey(server);
    m_pendingWrites[key] += 1;
    storeValue(key, password, key);
}

bool CredentialStore::usingMemoryFallback() const
{
    return m_fallback;
}

QString CredentialStore::lastBackendError() const
{
    return m_lastError;
}

void CredentialStore::fallBack(const QString &error)
{
    m_lastError = error;
    if (m_fallback)
        return;
    m_fallback = true;
    // The backend's message names the keychain problem, never a value.
    qCWarning(lcCredentials) << "system keychain unavailable, credentials kept in memory only:" << error;
    Q_EMIT memoryFallbackChanged(true);
}

} // namespace LeadRelay
