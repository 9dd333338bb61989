// SPDX-License-Identifier: GPL-3.0-or-later
#include "AppSettings.h"

#include "CredentialStore.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QLoggingCategory>
#include <QSettings>

#include <optional>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
Q_LOGGING_CATEGORY(lcSettings, "leadrelay.gui.settings")

const QString TrainingKey = u"training"_s;
const QString ProductionKey = u"production"_s;

// Hand-edited settings files can hold any number; what is read is kept within what the settings dialog offers
// (its spin boxes have the same ranges), so arithmetic on it cannot overflow and no request waits for days.
constexpr int MinTimeoutSeconds = 1;
constexpr int MaxTimeoutSeconds = 300;
constexpr int MaxDuplicateWindowDays = 365;
constexpr int MaxStaleAfterHours = 720;

// A whole number as written in the file. QVariant::toInt() wraps a larger number around (4294967297 reads as 1),
// so the value is read at 64 bits and bounded by the caller; text that is no number at all is nullopt.
std::optional<qint64> wholeNumber(const QVariant &value)
{
    bool ok = false;
    const qint64 number = value.toLongLong(&ok);
    return ok ? std::optional<qint64>(number) : std::nullopt;
}

// The one table of global keys and their defaults. Per-vendor keys follow in vendorDefault().
const QList<std::pair<QString, QVariant>> &globalDefaults()
{
    static const QList<std::pair<QString, QVariant>> table = {
        {QString::fromLatin1(AppSettings::AgentName), QString()},
        {QString::fromLatin1(AppSettings::LastVendor), u"ntherm"_s},
        {QString::fromLatin1(AppSettings::FirstRunDone), false},
        {QString::fromLatin1(AppSettings::HistoryDbPath), QVariant()}, // HistoryStore::defaultPath(), computed
        {QString::fromLatin1(AppSettings::HistoryKind), u"file"_s},
        {QString::fromLatin1(AppSettings::HistoryServerUri), QString()},
        {QString::fromLatin1(AppSettings::DuplicateWindowDays), 30},
        {QString::fromLatin1(AppSettings::StaleAfterHours), 24},
        {QString::fromLatin1(AppSettings::CallbackEnabled), false},
        {QString::fromLatin1(AppSettings::CallbackListenAddress), u"127.0.0.1"_s},
        {QString::fromLatin1(AppSettings::CallbackPort), 8787},
        {QString::fromLatin1(AppSettings::CallbackPublicBase), QString()},
    };
    return table;
}

const QList<const char *> &vendorKeyNames()
{
    static const QList<const char *> names = {
        AppSettings::VendorMode,          AppSettings::VendorEndpoint,    AppSettings::VendorTimeout,
        AppSettings::VendorCampaign,      AppSettings::VendorSourceUrl,   AppSettings::VendorSub1,
        AppSettings::VendorConsentScript, AppSettings::VendorMailingSame,
    };
    return names;
}

QVariant vendorDefault(const QString &vendorId, const QString &name)
{
    if (name == QLatin1String(AppSettings::VendorMode))
        return TrainingKey; // the first run works at once, against the simulator
    if (name == QLatin1String(AppSettings::VendorEndpoint)) {
        const Vendor *vendor = vendorById(vendorId);
        return vendor ? vendor->productionEndpoint().toString() : QString();
    }
    if (name == QLatin1String(AppSettings::VendorTimeout))
        return 30;
    if (name == QLatin1String(AppSettings::VendorConsentScript))
        return AppSettings::defaultConsentScript();
    if (name == QLatin1String(AppSettings::VendorMailingSame))
        return false; // what the form did before the setting existed; the first-run dialog offers to turn it on
    if (name == QLatin1String(AppSettings::VendorCampaign) || name == QLatin1String(AppSettings::VendorSourceUrl) ||
        name == QLatin1String(AppSettings::VendorSub1))
        return QString();
    return {};
}

} // namespace

AppSettings::AppSettings(QSettings *settings, CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_credentials(credentials)
{}

QStringList AppSettings::vendorIds()
{
    return {u"ntherm"_s, u"bhm"_s};
}

QString AppSettings::vendorKey(const QString &vendorId, const char *name)
{
    return u"vendor/"_s + vendorId + u'/' + QLatin1String(name);
}

QStringList AppSettings::allKeys()
{
    QStringList keys;
    for (const auto &[key, value] : globalDefaults())
        keys << key;
    for (const QString &vendorId : vendorIds()) {
        for (const char *name : vendorKeyNames())
            keys << vendorKey(vendorId, name);
    }
    return keys;
}

QVariant AppSettings::defaultValue(const QString &key)
{
    if (key == QLatin1String(HistoryDbPath))
        return HistoryStore::defaultPath();
    for (const auto &[name, value] : globalDefaults()) {
        if (name == key)
            return value;
    }
    const QStringList parts = key.split(u'/');
    if (parts.size() == 3 && parts[0] == u"vendor"_s && vendorIds().contains(parts[1]))
        return vendorDefault(parts[1], parts[2]);
    return {};
}

QVariant AppSettings::value(const QString &key) const
{
    return m_settings->value(key, defaultValue(key));
}

void AppSettings::setValue(const QString &key, const QVariant &value)
{
    // Only declared keys: this is what keeps a credential (or a typo) out of the settings file.
    if (!allKeys().contains(key)) {
        qCWarning(lcSettings) << "refusing undeclared settings key" << key;
        return;
    }
    // An ini file gives every value back as a string: 8787 and "8787" are the same setting, and a dialog that
    // writes back what it read must not look like a change (that would restart the callback receiver).
    const QVariant before = this->value(key);
    if (before == value || before.toString() == value.toString())
        return;
    m_settings->setValue(key, value);
    Q_EMIT changed(key);
}

void AppSettings::sync()
{
    m_settings->sync();
}

bool AppSettings::firstRunDone() const
{
    return value(QString::fromLatin1(FirstRunDone)).toBool();
}

void AppSettings::setFirstRunDone(bool done)
{
    setValue(QString::fromLatin1(FirstRunDone), done);
}

QString AppSettings::lastVendor() const
{
    return value(QString::fromLatin1(LastVendor)).toString();
}

void AppSettings::setLastVendor(const QString &vendorId)
{
    setValue(QString::fromLatin1(LastVendor), vendorId);
}

QString AppSettings::agentName() const
{
    return value(QString::fromLatin1(AgentName)).toString();
}

void AppSettings::setAgentName(const QString &name)
{
    setValue(QString::fromLatin1(AgentName), name.trimmed());
}

AccountMode AppSettings::mode(const QString &vendorId) const
{
    return value(vendorKey(vendorId, VendorMode)).toString() == ProductionKey ? AccountMode::Production
                                                                              : AccountMode::Training;
}

void AppSettings::setMode(const QString &vendorId, AccountMode mode)
{
    setValue(vendorKey(vendorId, VendorMode), mode == AccountMode::Production ? ProductionKey : TrainingKey);
}

QUrl AppSettings::endpoint(const QString &vendorId) const
{
    return QUrl(value(vendorKey(vendorId, VendorEndpoint)).toString());
}

void AppSettings::setEndpoint(const QString &vendorId, const QUrl &url)
{
    setValue(vendorKey(vendorId, VendorEndpoint), url.toString());
}

int AppSettings::timeoutSeconds(const QString &vendorId) const
{
    const std::optional<qint64> seconds = wholeNumber(value(vendorKey(vendorId, VendorTimeout)));
    if (!seconds || *seconds <= 0)
        return defaultValue(vendorKey(vendorId, VendorTimeout)).toInt();
    return int(qBound(qint64(MinTimeoutSeconds), *seconds, qint64(MaxTimeoutSeconds)));
}

void AppSettings::setTimeoutSeconds(const QString &vendorId, int seconds)
{
    setValue(vendorKey(vendorId, VendorTimeout), seconds);
}

QString AppSettings::campaignDefault(const QString &vendorId) const
{
    return value(vendorKey(vendorId, VendorCampaign)).toString();
}

void AppSettings::setCampaignDefault(const QString &vendorId, const QString &value)
{
    setValue(vendorKey(vendorId, VendorCampaign), value.trimmed());
}

QString AppSettings::sourceUrlDefault(const QString &vendorId) const
{
    return value(vendorKey(vendorId, VendorSourceUrl)).toString();
}

void AppSettings::setSourceUrlDefault(const QString &vendorId, const QString &value)
{
    setValue(vendorKey(vendorId, VendorSourceUrl), value.trimmed());
}

QString AppSettings::sub1Default(const QString &vendorId) const
{
    return value(vendorKey(vendorId, VendorSub1)).toString();
}

void AppSettings::setSub1Default(const QString &vendorId, const QString &value)
{
    setValue(vendorKey(vendorId, VendorSub1), value.trimmed());
}

bool AppSettings::mailingSameDefault(const QString &vendorId) const
{
    return value(vendorKey(vendorId, VendorMailingSame)).toBool();
}

void AppSettings::setMailingSameDefault(const QString &vendorId, bool same)
{
    setValue(vendorKey(vendorId, VendorMailingSame), same);
}

QString AppSettings::defaultConsentScript()
{
    // The consent questions of nTherm's sample request: a call centre starts from them and edits its own. They are
    // translated because the agent reads them aloud in the customer's language, and the lead records the words read.
    return tr("Do you consent to be contacted?") + u'\n' + tr("Do you agree to the terms and conditions?");
}

QString AppSettings::consentScript(const QString &vendorId) const
{
    return value(vendorKey(vendorId, VendorConsentScript)).toString();
}

void AppSettings::setConsentScript(const QString &vendorId, const QString &text)
{
    setValue(vendorKey(vendorId, VendorConsentScript), text);
}

QStringList AppSettings::consentQuestions(const QString &vendorId) const
{
    QStringList questions;
    const QStringList lines = consentScript(vendorId).split(u'\n');
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            questions << line.trimmed();
    }
    return questions;
}

QString AppSettings::historyDbPath() const
{
    const QString path = value(QString::fromLatin1(HistoryDbPath)).toString();
    return path.isEmpty() ? HistoryStore::defaultPath() : path;
}

void AppSettings::setHistoryDbPath(const QString &path)
{
    setValue(QString::fromLatin1(HistoryDbPath), path.trimmed());
}

HistoryLocation AppSettings::historyLocation() const
{
    if (historyOnServer())
        return historyServer();
    // A hand-edited file path holding a postgresql:// address is read as what it says.
    return HistoryLocation::parse(historyDbPath());
}

bool AppSettings::historyOnServer() const
{
    return value(QString::fromLatin1(HistoryKind)).toString() == u"server"_s;
}

void AppSettings::setHistoryOnServer(bool onServer)
{
    setValue(QString::fromLatin1(HistoryKind), onServer ? u"server"_s : u"file"_s);
}

HistoryLocation AppSettings::historyServer() const
{
    const QString uri = value(QString::fromLatin1(HistoryServerUri)).toString();
    // Always a server, even when empty or hand-edited into a path (then invalid, saying why): "Team server"
    // never quietly opens a file.
    HistoryLocation server = HistoryLocation::parse(HistoryLocation::looksLikeServer(uri) ? uri : u"postgresql://"_s);
    // Issue 9: passwords never come from a settings file; one written into it by hand is not used.
    server.setPassword(QString());
    return server;
}

void AppSettings::setHistoryServer(const HistoryLocation &server)
{
    setValue(QString::fromLatin1(HistoryServerUri), server.isServer() ? server.uri() : QString());
}

int AppSettings::duplicateWindowDays() const
{
    // Text that is no number keeps the guard at its default rather than switching it off.
    const std::optional<qint64> days = wholeNumber(value(QString::fromLatin1(DuplicateWindowDays)));
    if (!days)
        return defaultValue(QString::fromLatin1(DuplicateWindowDays)).toInt();
    return int(qBound(qint64(0), *days, qint64(MaxDuplicateWindowDays)));
}

void AppSettings::setDuplicateWindowDays(int days)
{
    setValue(QString::fromLatin1(DuplicateWindowDays), days);
}

int AppSettings::staleAfterHours() const
{
    const std::optional<qint64> hours = wholeNumber(value(QString::fromLatin1(StaleAfterHours)));
    return hours && *hours > 0 ? int(qMin(*hours, qint64(MaxStaleAfterHours))) : 24;
}

void AppSettings::setStaleAfterHours(int hours)
{
    setValue(QString::fromLatin1(StaleAfterHours), hours);
}

bool AppSettings::callbackEnabled() const
{
    return value(QString::fromLatin1(CallbackEnabled)).toBool();
}

void AppSettings::setCallbackEnabled(bool enabled)
{
    setValue(QString::fromLatin1(CallbackEnabled), enabled);
}

QString AppSettings::callbackListenAddress() const
{
    return value(QString::fromLatin1(CallbackListenAddress)).toString();
}

void AppSettings::setCallbackListenAddress(const QString &address)
{
    setValue(QString::fromLatin1(CallbackListenAddress), address.trimmed());
}

quint16 AppSettings::callbackPort() const
{
    const std::optional<qint64> port = wholeNumber(value(QString::fromLatin1(CallbackPort)));
    return port && *port > 0 && *port <= 65535 ? quint16(*port) : quint16(8787);
}

void AppSettings::setCallbackPort(quint16 port)
{
    setValue(QString::fromLatin1(CallbackPort), int(port));
}

QUrl AppSettings::callbackPublicBase() const
{
    return QUrl(value(QString::fromLatin1(CallbackPublicBase)).toString());
}

void AppSettings::setCallbackPublicBase(const QUrl &url)
{
    setValue(QString::fromLatin1(CallbackPublicBase), url.toString());
}

VendorAccount AppSettings::account(const QString &vendorId, const QUrl &simulatorBase) const
{
    VendorAccount account;
    account.vendorId = vendorId;
    account.mode = mode(vendorId);
    account.timeoutMs = timeoutSeconds(vendorId) * 1000; // at most MaxTimeoutSeconds: no overflow
    account.campaign = campaignDefault(vendorId);
    account.sourceUrl = sourceUrlDefault(vendorId);
    account.sub1 = sub1Default(vendorId);
    account.consentScript = consentScript(vendorId);

    if (account.mode == AccountMode::Training) {
        // The simulator serves each vendor on the path of its production endpoint.
        const Vendor *vendor = vendorById(vendorId);
        QUrl url = simulatorBase;
        if (vendor)
            url.setPath(vendor->productionEndpoint().path());
        account.endpoint = url;
        if (vendorId == u"bhm"_s) {
            account.user = QString::number(VendorSimulator::TrainingAffiliateId);
            account.secret = QString::fromLatin1(VendorSimulator::TrainingKey);
        } else {
            account.user = QString::fromLatin1(VendorSimulator::TrainingUser);
            account.secret = QString::fromLatin1(VendorSimulator::TrainingPassword);
        }
        return account;
    }
    account.endpoint = endpoint(vendorId);
    if (m_credentials) {
        account.user = m_credentials->user(vendorId);
        account.secret = m_credentials->secret(vendorId);
    }
    return account;
}

} // namespace LeadRelay
