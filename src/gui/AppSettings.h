// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Typed settings over an injected QSettings (the app passes QSettings(org, app); tests a QSettings on a temp
// ini file). Every key and its default is declared in one table (AppSettings.cpp). Credentials are never
// stored here: they live in the CredentialStore (keychain).
// Usage:
//   AppSettings settings(&qsettings, credentials);     // credentials may be null (then production has none)
//   settings.agentName(); settings.setMode(u"ntherm"_s, AccountMode::Production);
//   VendorAccount account = settings.account(u"ntherm"_s, simulator->baseUrl());   // ready for SubmissionService
//   connect(&settings, &AppSettings::changed, this, [](const QString &key) { ... });

#include "store/HistoryLocation.h"
#include "vendors/Vendor.h"

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QVariant>

class QSettings;

namespace LeadRelay
{

class CredentialStore;

class AppSettings : public QObject
{
    Q_OBJECT

public:
    // Setting keys. Per-vendor keys are "vendor/<id>/<name>", built by vendorKey().
    static constexpr auto AgentName = "agent/name";
    static constexpr auto LastVendor = "agent/lastVendor";     // the vendor picked last, offered again at start
    static constexpr auto FirstRunDone = "agent/firstRunDone"; // the first-run dialog was answered or skipped
    static constexpr auto HistoryDbPath = "history/dbPath";
    static constexpr auto HistoryKind = "history/kind";           // "file" (this computer) | "server" (team)
    static constexpr auto HistoryServerUri = "history/serverUri"; // postgresql:// without the password
    static constexpr auto DuplicateWindowDays = "history/duplicateWindowDays";
    static constexpr auto StaleAfterHours = "history/staleAfterHours";
    static constexpr auto CallbackEnabled = "callback/enabled";
    static constexpr auto CallbackListenAddress = "callback/listenAddress";
    static constexpr auto CallbackPort = "callback/port";
    static constexpr auto CallbackPublicBase = "callback/publicBaseUrl";
    static constexpr auto VendorMode = "mode"; // "training" | "production"
    static constexpr auto VendorEndpoint = "endpoint";
    static constexpr auto VendorTimeout = "timeoutSeconds";
    static constexpr auto VendorCampaign = "campaign";
    static constexpr auto VendorSourceUrl = "sourceUrl";
    static constexpr auto VendorSub1 = "sub1";
    static constexpr auto VendorConsentScript = "consentScript";
    static constexpr auto VendorMailingSame = "mailingSameAsService"; // new leads start with "same as service"

    explicit AppSettings(QSettings *settings, CredentialStore *credentials = nullptr, QObject *parent = nullptr);

    static QStringList vendorIds(); // "ntherm", "bhm"
    static QString vendorKey(const QString &vendorId, const char *name);
    // Every key the table declares (global ones plus each vendor's), for tests and export.
    static QStringList allKeys();
    static QVariant defaultValue(const QString &key); // invalid for an unknown key

    // Generic access; value() returns the default when unset. setValue() emits changed(key) on a real change.
    QVariant value(const QString &key) const;
    void setValue(const QString &key, const QVariant &value);

    QString agentName() const;
    void setAgentName(const QString &name);
    bool firstRunDone() const;
    void setFirstRunDone(bool done);
    QString lastVendor() const;
    void setLastVendor(const QString &vendorId);

    AccountMode mode(const QString &vendorId) const;
    void setMode(const QString &vendorId, AccountMode mode);
    QUrl endpoint(const QString &vendorId) const; // production endpoint; default the vendor's documented one
    void setEndpoint(const QString &vendorId, const QUrl &url);
    int timeoutSeconds(const QString &vendorId) const;
    void setTimeoutSeconds(const QString &vendorId, int seconds);
    QString campaignDefault(const QString &vendorId) const;
    void setCampaignDefault(const QString &vendorId, const QString &value);
    QString sourceUrlDefault(const QString &vendorId) const;
    void setSourceUrlDefault(const QString &vendorId, const QString &value);
    QString sub1Default(const QString &vendorId) const;
    void setSub1Default(const QString &vendorId, const QString &value);
    bool mailingSameDefault(const QString &vendorId) const;
    void setMailingSameDefault(const QString &vendorId, bool same);
    // The nTherm document's two questions, in the agent's language: what is read aloud is what is recorded.
    static QString defaultConsentScript();
    QString consentScript(const QString &vendorId) const; // one question per line
    void setConsentScript(const QString &vendorId, const QString &text);
    QStringList consentQuestions(const QString &vendorId) const; // non-empty trimmed lines

    QString historyDbPath() const; // takes effect at the next start
    void setHistoryDbPath(const QString &path);
    // Which history main.cpp opens at the next start: the team server when chosen, else the file. Its password
    // is not here: CredentialStore::teamPassword().
    HistoryLocation historyLocation() const;
    bool historyOnServer() const;
    void setHistoryOnServer(bool onServer);
    HistoryLocation historyServer() const; // the server last entered (kept while "This computer" is chosen)
    void setHistoryServer(const HistoryLocation &server); // stores uri(): a typed password never reaches the file
    int duplicateWindowDays() const;
    void setDuplicateWindowDays(int days);
    int staleAfterHours() const;
    void setStaleAfterHours(int hours);

    bool callbackEnabled() const;
    void setCallbackEnabled(bool enabled);
    QString callbackListenAddress() const;
    void setCallbackListenAddress(const QString &address);
    quint16 callbackPort() const;
    void setCallbackPort(quint16 port);
    QUrl callbackPublicBase() const; // empty: http://<listen address>:<port>
    void setCallbackPublicBase(const QUrl &url);

    // The account SubmissionService needs. Training: the simulator's endpoint (simulatorBase + vendor path) and
    // the simulator's training credentials. Production: endpoint() and the CredentialStore's credentials.
    VendorAccount account(const QString &vendorId, const QUrl &simulatorBase) const;

    CredentialStore *credentials() const { return m_credentials; }
    void sync();

Q_SIGNALS:
    void changed(const QString &key);

private:
    QSettings *m_settings;
    CredentialStore *m_credentials;
};

} // namespace LeadRelay
