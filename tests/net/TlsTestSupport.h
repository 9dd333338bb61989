// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// Throwaway certificates for the TLS tests, made at test time by the openssl command (Qt cannot generate keys):
// nothing secret is kept in the repository, and nothing expires in it.
namespace LeadRelay::Test
{

struct TlsPair
{
    QString certificate; // PEM, CN and subjectAltName 127.0.0.1
    QString key;         // PEM, unencrypted
};

// A self-signed certificate for 127.0.0.1 and its key, as files in dir named <name>-cert.pem and <name>-key.pem.
// Empty paths when openssl is missing or fails.
inline TlsPair makeTlsPair(const QTemporaryDir &dir, const QString &name = QStringLiteral("receiver"),
                           const QString &keyType = QStringLiteral("rsa:2048"))
{
    TlsPair pair{dir.filePath(name + QStringLiteral("-cert.pem")), dir.filePath(name + QStringLiteral("-key.pem"))};
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), keyType,
                   QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"), pair.key,
                   QStringLiteral("-out"), pair.certificate});
    if (!openssl.waitForFinished(60000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0 ||
        !QFile::exists(pair.certificate) || !QFile::exists(pair.key))
        return {};
    return pair;
}

inline QList<QSslCertificate> certificatesIn(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QSslCertificate::fromData(file.readAll(), QSsl::Pem);
}

} // namespace LeadRelay::Test
