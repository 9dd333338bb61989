// SPDX-License-Identifier: GPL-3.0-or-later
#include "CredentialBackend.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

namespace LeadRelay
{

namespace
{

// Results are delivered from the event loop even for the memory backend, so callers see one behaviour.
void deliverLater(QObject *context, CredentialDone done, CredentialResult result)
{
    QTimer::singleShot(0, context, [done = std::move(done), result = std::move(result)] { done(result); });
}

CredentialResult resultOf(const QKeychain::Job *job, const QString &value = {})
{
    CredentialResult result;
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = CredentialResult::Ok;
        result.value = value;
        break;
    case QKeychain::EntryNotFound:
        result.status = CredentialResult::NotFound;
        break;
    default:
        result.status = CredentialResult::Failed;
        result.error = job->errorString();
        break;
    }
    return result;
}

template <typename Job> Job *newJob(const QString &key)
{
    auto *job = new Job(QString::fromLatin1(KeychainCredentialBackend::Service));
    job->setAutoDelete(true);
    // QtKeychain's fallback writes plain text to a file: never for secrets.
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

void MemoryCredentialBackend::read(const QString &key, QObject *context, CredentialDone done)
{
    CredentialResult result;
    const auto it = m_values.constFind(key);
    result.status = it == m_values.cend() ? CredentialResult::NotFound : CredentialResult::Ok;
    if (it != m_values.cend())
        result.value = *it;
    deliverLater(context, std::move(done), result);
}

void MemoryCredentialBackend::write(const QString &key, const QString &value, QObject *context, CredentialDone done)
{
    m_values.insert(key, value);
    deliverLater(context, std::move(done), CredentialResult{CredentialResult::Ok, {}, {}});
}

void MemoryCredentialBackend::remove(const QString &key, QObject *context, CredentialDone done)
{
    m_values.remove(key);
    deliverLater(context, std::move(done), CredentialResult{CredentialResult::Ok, {}, {}});
}

void KeychainCredentialBackend::read(const QString &key, QObject *context, CredentialDone done)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *finished) {
        const auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(finished);
        done(resultOf(readJob, readJob->textData()));
    });
    job->start();
}

void KeychainCredentialBackend::write(const QString &key, const QString &value, QObject *context, CredentialDone done)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(key);
    job->setTextData(value);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [done = std::move(done)](QKeychain::Job *finished) { done(resultOf(finished)); });
    job->start();
}

void KeychainCredentialBackend::remove(const QString &key, QObject *context, CredentialDone done)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job *finished) {
        CredentialResult result = resultOf(finished);
        if (result.status == CredentialResult::NotFound)
            result.status = CredentialResult::Ok; // already gone is what we wanted
        done(result);
    });
    job->start();
}

} // namespace LeadRelay
