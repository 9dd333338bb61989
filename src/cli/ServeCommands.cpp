// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServeCommands.h"

#include "CliSupport.h"
#include "SignalQuitter.h"
#include "net/CallbackReceiver.h"
#include "net/OpenFileLimit.h"
#include "net/ServerTls.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QHostAddress>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

std::optional<quint16> parsePort(const QString &text)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    if (!ok || port > 65535) {
        return std::nullopt;
    }
    return quint16(port);
}

// "127.0.0.1:8080", "[::1]:8080", "localhost:8080"
bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0) {
        return false;
    }
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']')) {
        host = host.mid(1, host.size() - 2);
    }
    const auto number = parsePort(text.mid(colon + 1));
    if (!number) {
        return false;
    }
    if (host == u"localhost"_s) {
        *address = QHostAddress(QHostAddress::LocalHost);
    } else if (!address->setAddress(host)) {
        return false;
    }
    *port = *number;
    return true;
}

QString urlHost(const QHostAddress &address)
{
    const QString text = address.toString();
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + text + u']' : text;
}

} // namespace

int ServeCommands::simulate(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption portOption(u"port"_s, tr("Port on 127.0.0.1 (default: any free port)."), tr("N"), u"0"_s);
    parser.addOption(portOption);
    int exitCode = ExitOk;
    const QString description =
        tr("Runs the training simulator of both vendors on 127.0.0.1 until interrupted (Ctrl+C).\n"
           "nTherm: POST /v1/postLead   BHM: POST /post/energy/\n"
           "Training credentials: nTherm user and password \"training\"; BHM affiliate id %1, key %2.")
            .arg(VendorSimulator::TrainingAffiliateId)
            .arg(QString::fromLatin1(VendorSimulator::TrainingKey));
    if (!CliSupport::parse(parser, u"simulate"_s, description, arguments, &exitCode)) {
        return exitCode;
    }
    const auto port = parsePort(parser.value(portOption));
    if (!port) {
        CliSupport::err(tr("--port must be a number from 0 to 65535 (0 picks a free port)."));
        return ExitUsage;
    }

    SignalQuitter quitter;
    VendorSimulator simulator;
    if (!simulator.listen(QHostAddress::LocalHost, *port)) {
        CliSupport::err(
            tr("Cannot listen on 127.0.0.1:%1: is the port in use? Choose another with --port N.").arg(*port));
        return ExitUsage;
    }
    // Scripts wait for this line: it comes first and is flushed at once.
    CliSupport::out(u"listening on %1"_s.arg(simulator.baseUrl().toString()));
    QObject::connect(
        &simulator, &VendorSimulator::requestHandled, &simulator,
        [](const QString &vendorId, int httpStatus) { CliSupport::out(u"%1 %2"_s.arg(vendorId).arg(httpStatus)); });
    QObject::connect(&simulator, &VendorSimulator::callbackSent, &simulator, [](const QUrl &, int httpStatus) {
        // The URL carries the callback token: not printed.
        CliSupport::out(tr("callback sent, answer %1").arg(httpStatus));
    });
    QCoreApplication::exec();
    return ExitOk;
}

int ServeCommands::callbacks(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption listenOption(
        u"listen"_s, tr("Address and port to listen on, e.g. 0.0.0.0:8443 (required)."), tr("HOST:PORT"));
    const QCommandLineOption certOption(
        u"tls-cert"_s,
        tr("Serve HTTPS with this certificate (PEM; a full chain such as Let's Encrypt's fullchain.pem)."), tr("FILE"));
    const QCommandLineOption keyOption(
        u"tls-key"_s, tr("The certificate's private key (PEM, not locked by a passphrase; e.g. privkey.pem)."),
        tr("FILE"));
    parser.addOptions({listenOption, certOption, keyOption, CliSupport::dbOption()});
    int exitCode = ExitOk;
    const QString description =
        tr("Receives vendors' final results (POST /callback/<vendor>/<token>) and records them in the history,\n"
           "until interrupted (Ctrl+C). Prints one line per callback, without personal data.\n"
           "Give submissions the matching --callback-base. Each callback address carries a secret token: when\n"
           "vendors reach the receiver over a network, serve HTTPS with --tls-cert and --tls-key (or put a\n"
           "TLS-terminating proxy in front of it, listening on 127.0.0.1).");
    if (!CliSupport::parse(parser, u"callbacks"_s, description, arguments, &exitCode)) {
        return exitCode;
    }
    if (!parser.isSet(listenOption)) {
        CliSupport::err(tr("--listen is required: e.g. --listen 127.0.0.1:8080."));
        return ExitUsage;
    }
    QHostAddress address;
    quint16 port = 0;
    if (!parseListen(parser.value(listenOption), &address, &port)) {
        CliSupport::err(tr("--listen '%1' is not HOST:PORT: use e.g. --listen 127.0.0.1:8080 or --listen [::1]:8080.")
                            .arg(parser.value(listenOption)));
        return ExitUsage;
    }
    if (parser.isSet(certOption) != parser.isSet(keyOption)) {
        CliSupport::err(tr("--tls-cert and --tls-key go together: give both to serve HTTPS, or neither."));
        return ExitUsage;
    }
    std::optional<QSslConfiguration> tls;
    if (parser.isSet(certOption)) {
        const ServerTls::Loaded loaded = ServerTls::load(parser.value(certOption), parser.value(keyOption));
        if (!loaded.configuration) {
            CliSupport::err(loaded.problem);
            return ExitUsage;
        }
        for (const QString &warning : loaded.warnings) {
            CliSupport::err(tr("Warning: %1").arg(warning));
        }
        tls = loaded.configuration;
    } else if (!address.isLoopback()) {
        CliSupport::err(tr("Note: without --tls-cert and --tls-key the callbacks, and the secret tokens in their "
                           "addresses, cross the network in clear; desks accept only an https:// callback base."));
    }

    SignalQuitter quitter;
    const std::unique_ptr<HistoryStore> store = CliSupport::openStore(parser);
    if (!store) {
        return ExitUsage;
    }
    // Every connection is an open file: take all the system allows before the first one (see OpenFileLimit.h).
    raiseOpenFileLimit();
    CallbackReceiver receiver(store.get());
    if (tls) {
        receiver.setTlsConfiguration(*tls);
    }
    if (!receiver.listen(address, port)) {
        CliSupport::err(tr("Cannot listen on %1:%2: is the port in use or the address not this machine's?")
                            .arg(urlHost(address))
                            .arg(port));
        return ExitUsage;
    }
    CliSupport::out(
        u"listening on %1://%2:%3"_s.arg(tls ? u"https"_s : u"http"_s, urlHost(address)).arg(receiver.port()));
    QObject::connect(&receiver, &CallbackReceiver::logLine, &receiver,
                     [](const QString &line) { CliSupport::out(CliSupport::printable(line)); });
    QCoreApplication::exec();
    return ExitOk;
}

} // namespace LeadRelay
