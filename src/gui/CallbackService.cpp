// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallbackService.h"

#include "AppSettings.h"
#include "net/CallbackReceiver.h"
#include "net/OpenFileLimit.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
Q_LOGGING_CATEGORY(lcCallbackService, "leadrelay.gui.callbacks")
}

CallbackService::CallbackService(HistoryStore *store, AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_settings(settings)
{
    // Every connection to a receiver is an open file: take all the system allows (see OpenFileLimit.h).
    raiseOpenFileLimit();
    connect(m_settings, &AppSettings::changed, this, [this](const QString &key) {
        // The dialog writes several callback keys in a row: restart once, after the last.
        if (!key.startsWith(u"callback/"_s) || m_applyQueued)
            return;
        m_applyQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_applyQueued = false;
            apply();
        });
    });
    apply();
}

void CallbackService::startTrainingReceiver()
{
    if (m_trainingReceiver || m_trainingFailed)
        return;
    auto *training = new CallbackReceiver(m_store, this);
    if (training->listen(QHostAddress::LocalHost, 0)) {
        m_trainingReceiver = training;
        connect(m_trainingReceiver, &CallbackReceiver::finalised, this, &CallbackService::finalised);
    } else {
        delete training;
        m_trainingFailed = true;
        qCWarning(lcCallbackService) << "training callback receiver could not listen on loopback";
    }
}

CallbackService::~CallbackService() = default;

void CallbackService::apply()
{
    const bool enabled = m_settings->callbackEnabled();
    const QHostAddress address(m_settings->callbackListenAddress());
    const quint16 port = m_settings->callbackPort();
    if (m_receiver && enabled && address == m_boundAddress && port == m_requestedPort)
        return; // only the public base changed (or nothing): keep the socket

    delete m_receiver; // frees the port before listening again on it
    m_receiver = nullptr;
    m_boundAddress = QHostAddress();
    m_requestedPort = 0;

    if (!enabled) {
        setStatus(tr("Final results are not received (callback receiver off)"));
        return;
    }
    if (address.isNull()) {
        setStatus(tr("Callback receiver off: \"%1\" is not an IP address").arg(m_settings->callbackListenAddress()));
        return;
    }
    auto *receiver = new CallbackReceiver(m_store, this);
    if (!receiver->listen(address, port)) {
        delete receiver;
        setStatus(tr("Cannot receive final results on %1:%2: the port is in use or the address is not available")
                      .arg(address.toString())
                      .arg(port));
        return;
    }
    m_receiver = receiver;
    m_boundAddress = address;
    m_requestedPort = port;
    connect(m_receiver, &CallbackReceiver::finalised, this, &CallbackService::finalised);
    connect(m_receiver, &CallbackReceiver::logLine, this,
            [](const QString &line) { qCInfo(lcCallbackService).noquote() << line; });
    setStatus(tr("Receiving final results on %1:%2").arg(address.toString()).arg(m_receiver->port()));
}

bool CallbackService::isListening() const
{
    return m_receiver != nullptr;
}

quint16 CallbackService::port() const
{
    return m_receiver ? m_receiver->port() : quint16(0);
}

QUrl CallbackService::callbackBase() const
{
    if (!m_receiver)
        return {};
    const QUrl publicBase = m_settings->callbackPublicBase();
    if (publicBase.isValid() && !publicBase.isEmpty())
        return publicBase;
    // Without a public base only a caller on this machine (the training simulator) can reach us.
    QHostAddress host = m_boundAddress;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(host.toString());
    url.setPort(m_receiver->port());
    return url;
}

QUrl CallbackService::callbackBaseFor(AccountMode mode)
{
    if (mode == AccountMode::Production)
        return callbackBase();
    startTrainingReceiver();
    if (!m_trainingReceiver)
        return {};
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(QHostAddress(QHostAddress::LocalHost).toString());
    url.setPort(m_trainingReceiver->port());
    return url;
}

void CallbackService::setStatus(const QString &text)
{
    if (text == m_status)
        return;
    m_status = text;
    Q_EMIT statusChanged(text);
}

} // namespace LeadRelay
