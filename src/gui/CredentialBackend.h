// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where CredentialStore keeps secrets. Production uses KeychainCredentialBackend (the system keychain through
// QtKeychain); tests use MemoryCredentialBackend or a failing fake, so no test depends on a keychain.
// Every call is asynchronous: done is called exactly once, later, on the caller's thread, unless context dies.

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace LeadRelay
{

struct CredentialResult
{
    enum Status
    {
        Ok,
        NotFound, // nothing stored under the key: not a failure
        Failed,   // the backend cannot be used (no keychain, access denied, ...)
    };
    Status status = Failed;
    QString value; // Ok on read
    QString error; // Failed: the backend's own text, never containing the secret
};

using CredentialDone = std::function<void(const CredentialResult &)>;

class CredentialBackend
{
public:
    virtual ~CredentialBackend() = default;
    virtual void read(const QString &key, QObject *context, CredentialDone done) = 0;
    virtual void write(const QString &key, const QString &value, QObject *context, CredentialDone done) = 0;
    virtual void remove(const QString &key, QObject *context, CredentialDone done) = 0;
};

// Keeps values in this process only. Also what CredentialStore falls back to.
class MemoryCredentialBackend : public CredentialBackend
{
public:
    void read(const QString &key, QObject *context, CredentialDone done) override;
    void write(const QString &key, const QString &value, QObject *context, CredentialDone done) override;
    void remove(const QString &key, QObject *context, CredentialDone done) override;

private:
    QHash<QString, QString> m_values;
};

// The system keychain (Secret Service, macOS Keychain, Windows Credential Manager), service "LeadRelay".
// QtKeychain's insecure plain-text fallback stays off: a secret never lands in a file.
class KeychainCredentialBackend : public CredentialBackend
{
public:
    static constexpr auto Service = "LeadRelay";
    void read(const QString &key, QObject *context, CredentialDone done) override;
    void write(const QString &key, const QString &value, QObject *context, CredentialDone done) override;
    void remove(const QString &key, QObject *context, CredentialDone done) override;
};

} // namespace LeadRelay
