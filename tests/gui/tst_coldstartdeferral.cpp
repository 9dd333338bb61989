// SPDX-License-Identifier: GPL-3.0-or-later
// What the first screen no longer loads (issue 13, cold start), checked in this process's own memory map: no image
// format plugin (PngIconStyle, warmStylePixmaps) and no SQL driver until the window is painted, because the app
// opens this computer's history after the first paint (HistoryStartup::setDeferFileOpen); nor libphonenumber's
// metadata (main.cpp loads it on a worker thread after the paint). And what that must not cost: what the agent typed
// in the meantime stays (a phone number included), and an unusable history still says so.
// One process for the whole class: a plugin, once loaded, stays mapped, so the order of the checks matters.
#include "core/LeadValidator.h"
#include "gui/AppSettings.h"
#include "gui/CredentialBackend.h"
#include "gui/CredentialStore.h"
#include "gui/HistoryStartup.h"
#include "gui/LeadForm.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "gui/PngIcons.h"
#include "store/HistoryStore.h"

#include "MappedLibraries.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <future>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using LeadRelay::Test::mapped;

class TestColdStartDeferral : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<AppSettings> m_settings;
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // As main.cpp does, before any window.
        QApplication::setStyle(new PngIconStyle(QApplication::style()));
        warmStylePixmaps();
        m_qsettings = std::make_unique<QSettings>(m_dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        m_credentials = std::make_unique<CredentialStore>(std::make_unique<MemoryCredentialBackend>());
        m_settings = std::make_unique<AppSettings>(m_qsettings.get(), m_credentials.get());
    }

    void firstScreenLoadsNeitherImagePluginsNorSqlDriver()
    {
        // Nothing has opened a history in this process yet (opening one loads the driver for good).
        QVERIFY(mapped(u"/sqldrivers/"_s).isEmpty());
        const QString path = m_dir.filePath(u"desk.sqlite"_s);
        m_settings->setHistoryDbPath(path);

        HistoryStartup startup(m_settings.get(), m_credentials.get());
        startup.setDeferFileOpen(true);
        QSignalSpy opened(&startup, &HistoryStartup::opened);
        startup.start();
        QTRY_COMPARE(opened.size(), 1);
        std::unique_ptr<HistoryStore> store = startup.takeStore();
        QVERIFY(store);
        QVERIFY(!store->isOpen());

        MainWindow::Services services;
        services.store = store.get();
        services.nam = &m_nam;
        services.settings = m_settings.get();
        services.credentials = m_credentials.get();
        services.draftPath = m_dir.filePath(u"draft.json"_s);
        MainWindow window(services);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.grab(); // every widget of the first screen painted, group box frames and clear buttons included

        QCOMPARE(mapped(u"/imageformats/"_s), QStringList());
        QCOMPARE(mapped(u"/sqldrivers/"_s), QStringList());
        // libphonenumber's metadata for every region (~10 ms) is read after the paint (main.cpp), not for it.
        QVERIFY2(!phoneRulesLoaded(), "the phone-number library was initialised before the first paint");

        // The agent starts typing before the history is open: the form takes the keys.
        auto *firstName = window.findChild<QLineEdit *>(u"first_name"_s);
        QVERIFY(firstName);
        QTRY_COMPARE(QApplication::focusWidget(), firstName);
        QTest::keyClicks(QApplication::focusWidget(), u"Ann"_s);

        QString why;
        QVERIFY2(HistoryStartup::openHandedOver(store.get(), &why), qPrintable(why));
        window.historyOpened();
        QVERIFY(store->isOpen());
        QCOMPARE(store->path(), path);
        QVERIFY(!mapped(u"/sqldrivers/"_s).isEmpty());
        QCOMPARE(firstName->text(), u"Ann"_s);
        QTest::keyClicks(QApplication::focusWidget(), u"a"_s);
        QCOMPARE(firstName->text(), u"Anna"_s);

        // As main.cpp does after the paint: the phone rules load on a worker thread while the agent types on. A
        // phone digit typed before they are ready waits for them and is kept, formatted and validated.
        std::future<void> loading = std::async(std::launch::async, loadPhoneRules);
        auto *phone = window.findChild<QLineEdit *>(u"phone"_s);
        QVERIFY(phone);
        phone->setFocus();
        QTest::keyClicks(phone, u"2127360147"_s);
        QCOMPARE(phone->text(), u"(212) 736-0147"_s);
        loading.get();
        QVERIFY(phoneRulesLoaded());
        QCOMPARE(firstName->text(), u"Anna"_s);
        QCOMPARE(window.findChild<QLabel *>(u"phone_message"_s)->text(), QString());
        QTest::keyClicks(phone, u"9"_s); // an eleventh digit: kept as typed, and now an error under the field
        QCOMPARE(phone->text(), u"(212) 736-01479"_s);
        QVERIFY(!window.findChild<QLabel *>(u"phone_message"_s)->text().isEmpty());
    }

    void unusableHistorySaysSoWhenOpenedLate()
    {
        // A folder where the file should be: SQLite cannot open it.
        const QString path = m_dir.filePath(u"folder.sqlite"_s);
        QVERIFY(QDir().mkpath(path));
        HistoryStore store(path);
        QVERIFY(!store.isOpen());
        QString why;
        QVERIFY(!HistoryStartup::openHandedOver(&store, &why));
        QVERIFY2(why.contains(u"could not be opened"_s), qPrintable(why));
        QVERIFY2(why.contains(path), qPrintable(why));
    }
};

QTEST_MAIN(TestColdStartDeferral)
#include "tst_coldstartdeferral.moc"
