// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs a CallbackReceiver inside the app while AppSettings says so, restarting it when the callback settings
// change. Usage:
//   auto *callbacks = new CallbackService(store, settings, this);   // applies the settings at once
//   request.callbackBase = callbacks->callbackBaseFor(account.mode); // empty while not receiving
//   connect(callbacks, &CallbackService::statusChanged, statusBar, &QStatusBar::showMessage) or a label.

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include "vendors/Vendor.h"

namespace LeadRelay
{

class AppSettings;
class CallbackReceiver;
class HistoryStore;

class CallbackService : public QObject
{
    Q_OBJECT

public:
    CallbackService(HistoryStore *store, AppSettings *settings, QObject *parent = nullptr);
    ~CallbackService() override;

    // Starts, stops or restarts the receiver to match the settings. Called at construction and (debounced) on
    // every change of a callback/* setting.
    void apply();

    bool isListening() const;
    quint16 port() const; // the port actually bound; 0 while not listening
    // The base vendors call back on: the public base URL when set, else http://<listen address>:<port>.
    // Empty while not listening, so no submission asks for a callback nobody receives.
    QUrl callbackBase() const;
    // Training accounts always get their final results: the simulator calls back a loopback receiver that runs
    // whenever the app does, so the whole lifecycle can be shown without any setting. Production accounts use
    // callbackBase(). The training receiver starts on first need (or startTrainingReceiver()).
    QUrl callbackBaseFor(AccountMode mode);
    // Not in the constructor: Qt HttpServer 6.4 loads the TLS backend (OpenSSL) as it is made, about a sixth of
    // the app's cold start, and the first screen does not need it. MainWindow starts it after the first paint.
    void startTrainingReceiver();
    // "Receiving final results on 127.0.0.1:8787", "Final results are not received (callback receiver off)",
    // or the listen error.
    QString statusText() const { return m_status; }

Q_SIGNALS:
    void statusChanged(const QString &text);
    void finalised(const QString &submissionId);

private:
    void setStatus(const QString &text);

    HistoryStore *m_store;
    AppSettings *m_settings;
    CallbackReceiver *m_receiver = nullptr;
    CallbackReceiver *m_trainingReceiver = nullptr;
    bool m_trainingFailed = false;
    QHostAddress m_boundAddress;
    quint16 m_requestedPort = 0;
    QString m_status;
    bool m_applyQueued = false;
};

} // namespace LeadRelay
