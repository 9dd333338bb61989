// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/AppSettings.h"
#include "gui/CallbackService.h"
#include "gui/CredentialStore.h"
#include "gui/SettingsDialog.h"
#include "gui/VendorAccountEditor.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

namespace
{

// A keychain that is not there: every call fails the way QtKeychain does without a Secret Service.
class FailingBackend : public CredentialBackend
{
public:
    bool failReads = true;
    int calls = 0;
    void read(const QString &, QObject *context, CredentialDone done) override
    {
        ++calls;
        CredentialResult result{
            failReads ? CredentialResult::Failed : CredentialResult::NotFound, {}, u"No keychain service available"_s};
        QTimer::singleShot(0, context, [done, result] { done(result); });
    }
    void write(const QString &, const QString &, QObject *context, CredentialDone done) override
    {
        ++calls;
        QTimer::singleShot(0, context, [done] {
            done(CredentialResult{CredentialResult::Failed, {}, u"No keychain service available"_s});
        });
    }
    void remove(const QString &key, QObject *context, CredentialDone done) override { write(key, {}, context, done); }
};

const QString Secret = u"s3cr3t-Pa55-word-7f1d"_s;
const QString BhmKey = u"9a1c2e3f-4b5d-4c6e-8f70-123456789abc"_s;

} // namespace

class TestSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString iniPath(const QString &name) const { return m_dir.filePath(name + u".ini"_s); }

private Q_SLOTS:
    void defaultsOnFirstRun()
    {
        QSettings ini(iniPath(u"defaults"_s), QSettings::IniFormat);
        AppSettings settings(&ini);
        QCOMPARE(settings.agentName(), QString());
        QVERIFY(!settings.firstRunDone());
        for (const QString &vendorId : AppSettings::vendorIds()) {
            QCOMPARE(settings.mode(vendorId), AccountMode::Training);
            QCOMPARE(settings.endpoint(vendorId), vendorById(vendorId)->productionEndpoint());
            QCOMPARE(settings.timeoutSeconds(vendorId), 30);
            QCOMPARE(settings.campaignDefault(vendorId), QString());
            QVERIFY(!settings.mailingSameDefault(vendorId));
            QCOMPARE(
                settings.consentQuestions(vendorId),
                QStringList({u"Do you consent to be contacted?"_s, u"Do you agree to the terms and conditions?"_s}));
        }
        QCOMPARE(settings.historyDbPath(), HistoryStore::defaultPath());
        QCOMPARE(settings.duplicateWindowDays(), 30);
        QCOMPARE(settings.staleAfterHours(), 24);
        QCOMPARE(settings.callbackEnabled(), false);
        QCOMPARE(settings.callbackListenAddress(), u"127.0.0.1"_s);
        QCOMPARE(settings.callbackPort(), quint16(8787));
        QVERIFY(settings.callbackPublicBase().isEmpty());
        // Every declared key has a default.
        for (const QString &key : AppSettings::allKeys())
            QVERIFY2(AppSettings::defaultValue(key).isValid() || key == QLatin1String(AppSettings::AgentName) ||
                         !AppSettings::defaultValue(key).isNull(),
                     qPrintable(key));
        QVERIFY(ini.allKeys().isEmpty()); // reading writes nothing
    }

    void roundTripOfEveryKey()
    {
        const QString path = iniPath(u"roundtrip"_s);
        {
            QSettings ini(path, QSettings::IniFormat);
            AppSettings settings(&ini);
            QSignalSpy changed(&settings, &AppSettings::changed);
            settings.setAgentName(u"maria.g"_s);
            settings.setLastVendor(u"bhm"_s);
            settings.setFirstRunDone(true);
            for (const QString &id : AppSettings::vendorIds()) {
                settings.setMode(id, AccountMode::Production);
                settings.setEndpoint(id, QUrl(u"https://api.example.com/"_s + id));
                settings.setTimeoutSeconds(id, 45);
                settings.setCampaignDefault(id, u"CAMP_"_s + id);
                settings.setSourceUrlDefault(id, u"https://intake.example.com/"_s + id + u'/');
                settings.setSub1Default(id, u"desk-"_s + id);
                settings.setConsentScript(id, u"Question one?\n\nQuestion two?\n"_s);
                settings.setMailingSameDefault(id, true);
            }
            settings.setHistoryDbPath(m_dir.filePath(u"elsewhere.sqlite"_s));
            settings.setHistoryOnServer(true);
            settings.setHistoryServer(HistoryLocation::parse(u"postgresql://maria@floor.example.com/lr"_s));
            settings.setDuplicateWindowDays(7);
            settings.setStaleAfterHours(6);
            settings.setCallbackEnabled(true);
            settings.setCallbackListenAddress(u"0.0.0.0"_s);
            settings.setCallbackPort(9999);
            settings.setCallbackPublicBase(QUrl(u"https://callbacks.example.com/lr"_s));
            QCOMPARE(changed.size(), AppSettings::allKeys().size()); // each key set once, each a real change
            settings.setAgentName(u"maria.g"_s);
            QCOMPARE(changed.size(), AppSettings::allKeys().size()); // no change, no signal
            settings.sync();
        }
        QSettings ini(path, QSettings::IniFormat);
        {
            // Writing back what was read from the file (strings there) is not a change.
            AppSettings reread(&ini);
            QSignalSpy changed(&reread, &AppSettings::changed);
            reread.setCallbackPort(reread.callbackPort());
            reread.setCallbackEnabled(reread.callbackEnabled());
            reread.setTimeoutSeconds(u"bhm"_s, reread.timeoutSeconds(u"bhm"_s));
            QCOMPARE(changed.size(), 0);
        }
        const QStringList written = ini.allKeys(), declared = AppSettings::allKeys();
        QCOMPARE(QSet<QString>(written.cbegin(), written.cend()), QSet<QString>(declared.cbegin(), declared.cend()));
        AppSettings settings(&ini);
        QCOMPARE(settings.agentName(), u"maria.g"_s);
        QCOMPARE(settings.lastVendor(), u"bhm"_s);
        QVERIFY(settings.firstRunDone());
        for (const QString &id : AppSettings::vendorIds()) {
            QCOMPARE(settings.mode(id), AccountMode::Production);
            QCOMPARE(settings.endpoint(id), QUrl(u"https://api.example.com/"_s + id));
            QCOMPARE(settings.timeoutSeconds(id), 45);
            QCOMPARE(settings.campaignDefault(id), u"CAMP_"_s + id);
            QCOMPARE(settings.sourceUrlDefault(id), u"https://intake.example.com/"_s + id + u'/');
            QCOMPARE(settings.sub1Default(id), u"desk-"_s + id);
            QCOMPARE(settings.consentQuestions(id), QStringList({u"Question one?"_s, u"Question two?"_s}));
            QVERIFY(settings.mailingSameDefault(id));
        }
        QCOMPARE(settings.historyDbPath(), m_dir.filePath(u"elsewhere.sqlite"_s));
        QVERIFY(settings.historyOnServer());
        QCOMPARE(settings.historyLocation().uri(), u"postgresql://maria@floor.example.com/lr"_s);
        QCOMPARE(settings.duplicateWindowDays(), 7);
        QCOMPARE(settings.staleAfterHours(), 6);
        QCOMPARE(settings.callbackEnabled(), true);
        QCOMPARE(settings.callbackListenAddress(), u"0.0.0.0"_s);
        QCOMPARE(settings.callbackPort(), quint16(9999));
        QCOMPARE(settings.callbackPublicBase(), QUrl(u"https://callbacks.example.com/lr"_s));
    }

    void undeclaredKeysAreRefused()
    {
        QSettings ini(iniPath(u"refused"_s), QSettings::IniFormat);
        AppSettings settings(&ini);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"undeclared settings key"_s));
        settings.setValue(u"vendor/ntherm/password"_s, Secret);
        QVERIFY(!ini.contains(u"vendor/ntherm/password"_s));
    }

    void accountForTrainingUsesSimulatorCredentials()
    {
        QSettings ini(iniPath(u"training"_s), QSettings::IniFormat);
        CredentialStore credentials(std::make_unique<MemoryCredentialBackend>());
        credentials.setCredentials(u"ntherm"_s, u"real-user"_s, Secret);
        AppSettings settings(&ini, &credentials);
        settings.setCampaignDefault(u"ntherm"_s, u"OHIO_GENERAL_RESIDENTIAL"_s);
        const QUrl simulator(u"http://127.0.0.1:4567"_s);

        const VendorAccount ntherm = settings.account(u"ntherm"_s, simulator);
        QCOMPARE(ntherm.mode, AccountMode::Training);
        QCOMPARE(ntherm.endpoint, QUrl(u"http://127.0.0.1:4567/v1/postLead"_s));
        QCOMPARE(ntherm.user, QString::fromLatin1(VendorSimulator::TrainingUser));
        QCOMPARE(ntherm.secret, QString::fromLatin1(VendorSimulator::TrainingPassword));
        QCOMPARE(ntherm.timeoutMs, 30000);
        QCOMPARE(ntherm.campaign, u"OHIO_GENERAL_RESIDENTIAL"_s);

        const VendorAccount bhm = settings.account(u"bhm"_s, simulator);
        QCOMPARE(bhm.endpoint, QUrl(u"http://127.0.0.1:4567/post/energy/"_s));
        QCOMPARE(bhm.user, QString::number(VendorSimulator::TrainingAffiliateId));
        QCOMPARE(bhm.secret, QString::fromLatin1(VendorSimulator::TrainingKey));

        // Production: the configured endpoint and the keychain's credentials.
        settings.setMode(u"ntherm"_s, AccountMode::Production);
        const VendorAccount production = settings.account(u"ntherm"_s, simulator);
        QCOMPARE(production.endpoint, vendorById(u"ntherm"_s)->productionEndpoint());
        QCOMPARE(production.user, u"real-user"_s);
        QCOMPARE(production.secret, Secret);
    }

    void credentialsNeverReachTheIniFile()
    {
        const QString path = iniPath(u"nocredentials"_s);
        {
            QSettings ini(path, QSettings::IniFormat);
            CredentialStore credentials(std::make_unique<MemoryCredentialBackend>());
            AppSettings settings(&ini, &credentials);
            SettingsDialog dialog(&settings, &credentials);
            for (const QString &id : AppSettings::vendorIds()) {
                VendorAccountEditor *editor = dialog.accountEditor(id);
                QVERIFY(editor);
                SettingsDialog::setNextConfirmAnswer(QMessageBox::Yes);
                editor->findChild<QRadioButton *>(u"productionRadio"_s)->click();
                QVERIFY(editor->isProduction());
                editor->findChild<QLineEdit *>(u"userEdit"_s)->setText(id == u"bhm"_s ? u"654321"_s : u"cc-user"_s);
                editor->findChild<QLineEdit *>(u"secretEdit"_s)->setText(id == u"bhm"_s ? BhmKey : Secret);
            }
            QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
            QSignalSpy saved(&credentials, &CredentialStore::saved);
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
            QTRY_COMPARE(saved.size(), 2);
            QCOMPARE(credentials.secret(u"ntherm"_s), Secret);
            QCOMPARE(credentials.user(u"bhm"_s), u"654321"_s);
            QCOMPARE(settings.mode(u"bhm"_s), AccountMode::Production);
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains("production"));
        QVERIFY2(!bytes.contains(Secret.toUtf8()), "the nTherm password is in the settings file");
        QVERIFY2(!bytes.contains(BhmKey.toUtf8()), "the BHM key is in the settings file");
        QVERIFY(!bytes.contains("cc-user"));
        QVERIFY(!bytes.contains("654321"));
    }

    void dialogHasOneTabPerVendor()
    {
        QSettings ini(iniPath(u"tabs"_s), QSettings::IniFormat);
        CredentialStore credentials(std::make_unique<MemoryCredentialBackend>());
        AppSettings settings(&ini, &credentials);
        SettingsDialog dialog(&settings, &credentials);
        auto *tabs = dialog.findChild<QTabWidget *>(u"tabs"_s);
        QCOMPARE(tabs->count(), 3 + int(AppSettings::vendorIds().size())); // General, vendors, History, Final results
        QCOMPARE(tabs->tabText(1), vendorById(u"ntherm"_s)->displayName());
        QVERIFY(dialog.findChild<QLabel *>(u"fallbackNotice"_s)->isHidden()); // the keychain works here
        QVERIFY(dialog.findChild<QLabel *>(u"historyPathNote"_s)->text().contains(u"restart"_s));
        // For looking at the layout: LEADRELAY_GRAB_DIR=/some/dir saves each tab as a PNG.
        const QString grabDir = qEnvironmentVariable("LEADRELAY_GRAB_DIR");
        if (!grabDir.isEmpty()) {
            dialog.resize(700, 680);
            dialog.show();
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                QVERIFY(dialog.grab().save(grabDir + u"/settings-%1.png"_s.arg(i)));
            }
        }
    }

    void lateKeychainAnswerKeepsWhatWasTyped()
    {
        // The dialog opens before the keychain answered; what the agent types meanwhile wins.
        auto backend = std::make_unique<MemoryCredentialBackend>();
        QSettings ini(iniPath(u"late"_s), QSettings::IniFormat);
        CredentialStore credentials(std::move(backend));
        QSignalSpy saved(&credentials, &CredentialStore::saved);
        credentials.setCredentials(u"ntherm"_s, u"stored-user"_s, Secret);
        credentials.setCredentials(u"bhm"_s, u"111111"_s, BhmKey);
        QTRY_COMPARE(saved.size(), 2);
        AppSettings settings(&ini, &credentials);
        SettingsDialog dialog(&settings, &credentials);
        auto *nthermUser = dialog.accountEditor(u"ntherm"_s)->findChild<QLineEdit *>(u"userEdit"_s);
        auto *bhmUser = dialog.accountEditor(u"bhm"_s)->findChild<QLineEdit *>(u"userEdit"_s);
        QCOMPARE(nthermUser->text(), u"stored-user"_s);
        nthermUser->setText(u"typed-user"_s);
        QSignalSpy loaded(&credentials, &CredentialStore::loaded);
        credentials.load(AppSettings::vendorIds());
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(nthermUser->text(), u"typed-user"_s);
        QCOMPARE(bhmUser->text(), u"111111"_s);
    }

    void productionNeedsConfirmation()
    {
        QSettings ini(iniPath(u"confirm"_s), QSettings::IniFormat);
        AppSettings settings(&ini);
        SettingsDialog dialog(&settings, nullptr);
        VendorAccountEditor *editor = dialog.accountEditor(u"ntherm"_s);
        SettingsDialog::setNextConfirmAnswer(QMessageBox::No);
        editor->findChild<QRadioButton *>(u"productionRadio"_s)->click();
        QVERIFY(!editor->isProduction());
        QVERIFY(editor->findChild<QRadioButton *>(u"trainingRadio"_s)->isChecked());
    }

    void inlineValidation_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("publicBase");
        QTest::addColumn<QString>("listen");
        QTest::addColumn<bool>("valid");
        QTest::newRow("https") << u"https://api.ntherm.com/v1/postLead"_s << QString() << u"127.0.0.1"_s << true;
        QTest::newRow("plain http") << u"http://api.ntherm.com/v1/postLead"_s << QString() << u"127.0.0.1"_s << false;
        QTest::newRow("http loopback") << u"http://127.0.0.1:9000/v1/postLead"_s << QString() << u"::1"_s << true;
        QTest::newRow("not a url") << u"api ntherm"_s << QString() << u"127.0.0.1"_s << false;
        QTest::newRow("public base ok") << u"https://a.example/x"_s << u"https://cb.example.com"_s << u"0.0.0.0"_s
                                        << true;
        QTest::newRow("public base bad") << u"https://a.example/x"_s << u"cb.example.com"_s << u"0.0.0.0"_s << false;
        // The callback address carries a secret token: https://, or http:// to this computer only (core/CallbackBase).
        QTest::newRow("public base http")
            << u"https://a.example/x"_s << u"http://cb.example.com"_s << u"0.0.0.0"_s << false;
        QTest::newRow("public base http loopback")
            << u"https://a.example/x"_s << u"http://127.0.0.1:8787"_s << u"127.0.0.1"_s << true;
        QTest::newRow("listen not ip") << u"https://a.example/x"_s << QString() << u"localhost"_s << false;
    }

    void inlineValidation()
    {
        QFETCH(QString, endpoint);
        QFETCH(QString, publicBase);
        QFETCH(QString, listen);
        QFETCH(bool, valid);
        QSettings ini(iniPath(u"validation-"_s + QString::fromLatin1(QTest::currentDataTag())), QSettings::IniFormat);
        AppSettings settings(&ini);
        SettingsDialog dialog(&settings, nullptr);
        VendorAccountEditor *editor = dialog.accountEditor(u"ntherm"_s);
        SettingsDialog::setNextConfirmAnswer(QMessageBox::Yes);
        editor->findChild<QRadioButton *>(u"productionRadio"_s)->click();
        editor->findChild<QLineEdit *>(u"userEdit"_s)->setText(u"user"_s);
        editor->findChild<QLineEdit *>(u"secretEdit"_s)->setText(u"pass"_s);
        editor->findChild<QLineEdit *>(u"endpointEdit"_s)->setText(endpoint);
        dialog.findChild<QCheckBox *>(u"callbackEnabledCheck"_s)->setChecked(true);
        dialog.findChild<QLineEdit *>(u"publicBaseEdit"_s)->setText(publicBase);
        dialog.findChild<QLineEdit *>(u"listenEdit"_s)->setText(listen);
        QCOMPARE(dialog.validationError().isEmpty(), valid);
        auto *ok = dialog.findChild<QDialogButtonBox *>(u"buttonBox"_s)->button(QDialogButtonBox::Ok);
        QCOMPARE(ok->isEnabled(), valid);
        dialog.accept(); // refused while invalid
        QCOMPARE(settings.mode(u"ntherm"_s) == AccountMode::Production, valid);
    }

    void receiverFieldsOnlyCountWhenEnabled()
    {
        QSettings ini(iniPath(u"receiver-off"_s), QSettings::IniFormat);
        AppSettings settings(&ini);
        SettingsDialog dialog(&settings, nullptr);
        auto *enabled = dialog.findChild<QCheckBox *>(u"callbackEnabledCheck"_s);
        auto *listen = dialog.findChild<QLineEdit *>(u"listenEdit"_s);
        listen->setText(u"not an address"_s);
        QVERIFY(!enabled->isChecked());
        QVERIFY(!listen->isEnabled());
        QVERIFY(dialog.validationError().isEmpty());
        enabled->setChecked(true);
        QVERIFY(listen->isEnabled());
        QVERIFY(!dialog.validationError().isEmpty());
    }

    void memoryFallbackWhenKeychainFails()
    {
        auto backend = std::make_unique<FailingBackend>();
        FailingBackend *fake = backend.get();
        CredentialStore credentials(std::move(backend));
        QSignalSpy fallback(&credentials, &CredentialStore::memoryFallbackChanged);
        QSignalSpy loaded(&credentials, &CredentialStore::loaded);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"keychain unavailable"_s));
        credentials.load(AppSettings::vendorIds());
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(credentials.usingMemoryFallback());
        QCOMPARE(fallback.size(), 1);
        QCOMPARE(fallback.at(0).at(0).toBool(), true);

        // The values live for this session only, and the broken keychain is not asked again.
        const int callsBefore = fake->calls;
        QSignalSpy saved(&credentials, &CredentialStore::saved);
        credentials.setCredentials(u"ntherm"_s, u"user"_s, Secret);
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(fake->calls, callsBefore);
        QCOMPARE(credentials.secret(u"ntherm"_s), Secret);
        QVERIFY(credentials.hasCredentials(u"ntherm"_s));
        QVERIFY(!credentials.lastBackendError().contains(Secret));

        // The dialog says so, visibly.
        QSettings ini(iniPath(u"fallback"_s), QSettings::IniFormat);
        AppSettings settings(&ini, &credentials);
        SettingsDialog dialog(&settings, &credentials);
        auto *notice = dialog.findChild<QLabel *>(u"fallbackNotice"_s);
        QVERIFY(!notice->isHidden());
        QCOMPARE(notice->text(), u"No system keychain available: credentials are kept only until LeadRelay closes."_s);
    }

    void memoryFallbackWhenOnlyWritesFail()
    {
        auto backend = std::make_unique<FailingBackend>();
        backend->failReads = false; // reads say "not found", the keychain seems fine until we write
        CredentialStore credentials(std::move(backend));
        QSignalSpy loaded(&credentials, &CredentialStore::loaded);
        credentials.load({u"bhm"_s});
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(!credentials.usingMemoryFallback());
        QSignalSpy fallback(&credentials, &CredentialStore::memoryFallbackChanged);
        QSignalSpy saved(&credentials, &CredentialStore::saved);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"keychain unavailable"_s));
        credentials.setCredentials(u"bhm"_s, u"654321"_s, BhmKey);
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(fallback.size(), 1);
        QVERIFY(credentials.usingMemoryFallback());
        QCOMPARE(credentials.secret(u"bhm"_s), BhmKey);
    }

    void memoryBackendWorksWithoutFallback()
    {
        CredentialStore credentials(std::make_unique<MemoryCredentialBackend>());
        QSignalSpy saved(&credentials, &CredentialStore::saved);
        credentials.setCredentials(u"ntherm"_s, u"u"_s, u"p"_s);
        QTRY_COMPARE(saved.size(), 1);
        QVERIFY(!credentials.usingMemoryFallback());
        credentials.setCredentials(u"ntherm"_s, QString(), QString()); // removal
        QTRY_COMPARE(saved.size(), 2);
        QVERIFY(!credentials.hasCredentials(u"ntherm"_s));
    }

    void callbackServiceFollowsSettings()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(u"h.sqlite"_s));
        QVERIFY(store.open());
        QSettings ini(iniPath(u"callbacks"_s), QSettings::IniFormat);
        AppSettings settings(&ini);

        CallbackService service(&store, &settings);
        QVERIFY(!service.isListening());
        QVERIFY(service.callbackBase().isEmpty());
        QVERIFY(service.statusText().contains(u"off"_s));

        // A free port, found by asking the system for one.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();

        QSignalSpy status(&service, &CallbackService::statusChanged);
        settings.setCallbackPort(port);
        settings.setCallbackEnabled(true);
        QTRY_VERIFY(service.isListening());
        QCOMPARE(service.statusText(), u"Receiving final results on 127.0.0.1:%1"_s.arg(port));
        QCOMPARE(status.size(), 1); // two keys changed, one restart
        QCOMPARE(service.callbackBase(), QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
        settings.setCallbackPublicBase(QUrl(u"https://cb.example.com"_s));
        QCOMPARE(service.callbackBase(), QUrl(u"https://cb.example.com"_s));

        // A port somebody else holds: a plain error in the status, no receiver.
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        settings.setCallbackPort(holder.serverPort());
        QTRY_VERIFY(!service.isListening());
        QVERIFY(service.statusText().startsWith(u"Cannot receive final results"_s));
        QVERIFY(service.callbackBase().isEmpty());

        settings.setCallbackEnabled(false);
        QTRY_VERIFY(service.statusText().contains(u"off"_s));
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
