// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerTls.h"

#include "NetLog.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// A certificate or key file is a few kilobytes (a full chain with intermediates perhaps 10 KB); anything much
// larger is the wrong file, and not worth reading whole.
constexpr qint64 MaxFileBytes = 1024 * 1024;
// The self-check's handshake runs over loopback on this machine: a fraction of a second normally.
constexpr int ProbeMs = 5000;

// Keeps the accepted descriptor for a QSslSocket instead of making a QTcpSocket of it.
class DescriptorServer : public QTcpServer
{
public:
    qintptr descriptor = -1;

protected:
    void incomingConnection(qintptr socketDescriptor) override { descriptor = socketDescriptor; }
};

enum class FileKind
{
    Certificate,
    Key,
};

std::optional<QByteArray> readSmallFile(const QString &path, FileKind kind, QString *problem)
{
    const bool isKey = kind == FileKind::Key;
    const QFileInfo info(path);
    if (!info.exists()) {
        *problem = (isKey ? ServerTls::tr("The private key file %1 does not exist.")
                          : ServerTls::tr("The certificate file %1 does not exist."))
                       .arg(path);
        return std::nullopt;
    }
    if (info.isDir()) {
        *problem = (isKey ? ServerTls::tr("The private key file %1 is a folder, not a file.")
                          : ServerTls::tr("The certificate file %1 is a folder, not a file."))
                       .arg(path);
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = (isKey ? ServerTls::tr("The private key file %1 cannot be read (%2): the receiver's user needs "
                                          "read access to it.")
                          : ServerTls::tr("The certificate file %1 cannot be read (%2): the receiver's user needs "
                                          "read access to it."))
                       .arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray bytes = file.read(MaxFileBytes + 1);
    if (bytes.size() > MaxFileBytes) {
        *problem = (isKey ? ServerTls::tr("The private key file %1 is over 1 MB: it is not a key.")
                          : ServerTls::tr("The certificate file %1 is over 1 MB: it is not a certificate."))
                       .arg(path);
        return std::nullopt;
    }
    return bytes;
}

QSslKey readKey(const QByteArray &bytes)
{
    // PEM first (what CAs and Let's Encrypt hand out), then DER; RSA and EC are what certificates carry.
    for (const QSsl::EncodingFormat format : {QSsl::Pem, QSsl::Der}) {
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            QSslKey key(bytes, algorithm, format, QSsl::PrivateKey);
            if (!key.isNull())
                return key;
        }
    }
    return {};
}

} // namespace

ServerTls::Loaded ServerTls::load(const QString &certificateFile, const QString &keyFile)
{
    Loaded result;
    const std::optional<QByteArray> certificateBytes =
        readSmallFile(certificateFile, FileKind::Certificate, &result.problem);
    if (!certificateBytes)
        return result;
    const std::optional<QByteArray> keyBytes = readSmallFile(keyFile, FileKind::Key, &result.problem);
    if (!keyBytes)
        return result;

    // The leaf first, then any intermediates (a "fullchain.pem"): all of them are sent to the vendor.
    QList<QSslCertificate> chain = QSslCertificate::fromData(*certificateBytes, QSsl::Pem);
    if (chain.isEmpty())
        chain = QSslCertificate::fromData(*certificateBytes, QSsl::Der);
    if (chain.isEmpty() || chain.first().isNull()) {
        result.problem = certificateBytes->contains("PRIVATE KEY")
                             ? tr("%1 holds a private key, not a certificate: are --tls-cert and --tls-key swapped?")
                                   .arg(certificateFile)
                             : tr("%1 holds no certificate (expected a PEM file starting with "
                                  "\"-----BEGIN CERTIFICATE-----\").")
                                   .arg(certificateFile);
        return result;
    }
    if (keyBytes->contains("ENCRYPTED")) {
        // No passphrase prompt: the receiver runs unattended (systemd), and a passphrase on the command line or in
        // the unit file would protect nothing.
        result.problem = tr("The private key in %1 is locked with a passphrase; the receiver needs it unlocked "
                            "(e.g. openssl pkey -in %1 -out plain-key.pem, readable only by the receiver's user).")
                             .arg(keyFile);
        return result;
    }
    const QSslKey key = readKey(*keyBytes);
    if (key.isNull()) {
        result.problem =
            keyBytes->contains("CERTIFICATE")
                ? tr("%1 holds a certificate, not a private key: are --tls-cert and --tls-key swapped?").arg(keyFile)
                : tr("%1 holds no private key that can be read (expected an RSA or EC key in a PEM "
                     "file starting with \"-----BEGIN PRIVATE KEY-----\").")
                      .arg(keyFile);
        return result;
    }

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::SecureProtocols);
    // Vendors do not present client certificates; the token in the path is what identifies a callback.
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (const QString problem = serverProblem(configuration); !problem.isEmpty()) {
        result.problem = tr("The private key %2 and the certificate %1 cannot serve HTTPS together: give the key "
                            "the certificate was issued for (TLS library: %3).")
                             .arg(certificateFile, keyFile, problem);
        return result;
    }

    const QSslCertificate &leaf = chain.first();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (leaf.expiryDate().isValid() && leaf.expiryDate() < now)
        result.warnings << tr("The certificate in %1 expired on %2: vendors will refuse to send final results to "
                              "it until it is renewed.")
                               .arg(certificateFile, leaf.expiryDate().toString(Qt::ISODate));
    else if (leaf.effectiveDate().isValid() && leaf.effectiveDate() > now)
        result.warnings << tr("The certificate in %1 is not valid before %2 (is this computer's clock right?).")
                               .arg(certificateFile, leaf.effectiveDate().toString(Qt::ISODate));
    result.configuration = configuration;
    return result;
}

QString ServerTls::serverProblem(const QSslConfiguration &configuration)
{
    if (!QSslSocket::supportsSsl())
        return tr("this system's TLS library cannot be loaded (%1)").arg(QSslSocket::sslLibraryVersionString());
    // One handshake with ourselves over loopback: OpenSSL checks that the key belongs to the certificate only when
    // it builds a connection's context, so a connection is needed. Blocking waits, once, before the receiver
    // starts (no event loop runs yet), bounded by ProbeMs.
    DescriptorServer listener;
    if (!listener.listen(QHostAddress::LocalHost, 0)) {
        qCWarning(lcNet) << "TLS self-check skipped: cannot listen on loopback:" << listener.errorString();
        return {};
    }
    QSslSocket client;
    QSslConfiguration clientConfiguration = QSslConfiguration::defaultConfiguration();
    clientConfiguration.setPeerVerifyMode(QSslSocket::VerifyNone); // only the server's own half is checked here
    client.setSslConfiguration(clientConfiguration);
    client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
    const QDeadlineTimer deadline(ProbeMs);
    while (listener.descriptor < 0 && !deadline.hasExpired())
        listener.waitForNewConnection(50);
    listener.close();
    if (listener.descriptor < 0) {
        qCWarning(lcNet) << "TLS self-check skipped: the loopback connection did not arrive";
        return {};
    }
    // The server's half runs on a thread of its own: two blocking handshakes cannot share one thread.
    QString serverError;
    bool serverEncrypted = false;
    const qintptr descriptor = listener.descriptor;
    std::unique_ptr<QThread> serverSide(QThread::create([&configuration, descriptor, &serverError, &serverEncrypted] {
        QSslSocket server;
        if (!server.setSocketDescriptor(descriptor)) {
            serverError = server.errorString();
            return;
        }
        server.setSslConfiguration(configuration);
        server.startServerEncryption();
        // A key that does not fit the certificate fails right here, when OpenSSL builds the context; waiting
        // after that would only replace its words with a timeout.
        if (server.error() != QAbstractSocket::UnknownSocketError ||
            server.state() != QAbstractSocket::ConnectedState) {
            serverError = server.errorString();
            return;
        }
        serverEncrypted = server.waitForEncrypted(ProbeMs);
        if (!serverEncrypted)
            serverError = server.errorString();
        server.disconnectFromHost();
    }));
    serverSide->start();
    client.waitForConnected(ProbeMs);
    client.startClientEncryption();
    // The client's half in short slices until the server's is done (it ends within ProbeMs): once encrypted, the
    // client still owes its last handshake message, which only leaves when its socket is flushed.
    while (!serverSide->wait(QDeadlineTimer(10)) && client.state() == QAbstractSocket::ConnectedState) {
        if (client.isEncrypted())
            client.waitForBytesWritten(10);
        else
            client.waitForEncrypted(10);
    }
    serverSide->wait();
    if (serverEncrypted)
        return {};
    QString problem = serverError.isEmpty() ? client.errorString() : serverError;
    // Qt's text can end in an empty detail ("Unable to init SSL Context: ").
    problem = problem.trimmed();
    while (problem.endsWith(u':'))
        problem.chop(1);
    return problem;
}

} // namespace LeadRelay
