// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

#include <optional>

namespace LeadRelay
{

// The receiver's own HTTPS: a certificate (chain) and its private key read from PEM files, as a call centre's CA or
// Let's Encrypt hands them out (fullchain.pem, privkey.pem).
//
// Every way the files can be wrong is found here, at start-up, in plain words: missing, unreadable, not a
// certificate, not a key, a key locked by a passphrase, the two files swapped, a key that does not belong to the
// certificate. Qt itself would only find the last one on the first connection (OpenSSL checks the pair when it
// builds a connection's context), and then every vendor's callback would fail while the receiver looked healthy,
// so load() builds one such context on a loopback connection to itself before the receiver starts.
class ServerTls
{
    Q_DECLARE_TR_FUNCTIONS(ServerTls)

public:
    struct Loaded
    {
        std::optional<QSslConfiguration> configuration; // set when the pair can serve HTTPS
        QString problem;                                // why not, in plain words (file names, never key material)
        QStringList warnings;                           // usable, but worth saying (an expired certificate)
    };

    // Blocks for the self-check (milliseconds; at most 5 s): call it once at start-up, never on the GUI thread.
    static Loaded load(const QString &certificateFile, const QString &keyFile);

    // Empty when OpenSSL accepts the configuration for a server connection; otherwise its complaint.
    static QString serverProblem(const QSslConfiguration &configuration);
};

} // namespace LeadRelay
