// SPDX-License-Identifier: GPL-3.0-or-later
// What the main window does at start (issue 13, cold start): the history page is built only when first shown,
// the training simulator's address can arrive after the window, and Help → About opens without blocking.
#include "gui/AboutDialog.h"
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "gui/MainWindow.h"
#include "store/HistoryStore.h"

#include <QAction>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

class TestMainWindowStartup : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<HistoryStore> m_store;
    QNetworkAccessManager m_nam;
    std::unique_ptr<MainWindow> m_window;

    QAction *action(const QString &name) const { return m_window->findChild<QAction *>(name); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_qsettings = std::make_unique<QSettings>(m_dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        m_credentials = std::make_unique<CredentialStore>(std::make_unique<MemoryCredentialBackend>());
        m_settings = std::make_unique<AppSettings>(m_qsettings.get(), m_credentials.get());
        m_store = std::make_unique<HistoryStore>(m_dir.filePath(u"history.sqlite"_s));
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
        MainWindow::Services services;
        services.store = m_store.get();
        services.nam = &m_nam;
        services.settings = m_settings.get();
        services.credentials = m_credentials.get();
        services.draftPath = m_dir.filePath(u"draft.json"_s);
        m_window = std::make_unique<MainWindow>(services); // no simulator yet, as in main.cpp
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_store.reset();
        m_settings.reset();
        m_credentials.reset();
        m_qsettings.reset();
    }

    void historyIsBuiltWhenFirstShown()
    {
        // The first screen is the lead form: no history model has queried or counted anything.
        QCOMPARE(m_window->findChildren<HistoryView *>().size(), 0);
        QCOMPARE(m_window->findChildren<HistoryTableModel *>().size(), 0);

        action(u"action_show_history"_s)->trigger();
        QTRY_COMPARE(m_window->findChildren<HistoryView *>().size(), 1);
        HistoryView *history = m_window->findChildren<HistoryView *>().constFirst();
        QTRY_VERIFY(history->isVisible());
        QCOMPARE(m_window->historyView(), history);

        // Shown again later: the same page, not a second one.
        action(u"action_show_form"_s)->trigger();
        action(u"action_show_history"_s)->trigger();
        QCOMPARE(m_window->findChildren<HistoryView *>().size(), 1);
    }

    void clickingTheHistoryTabBuildsIt()
    {
        auto *pages = m_window->findChild<QTabWidget *>(u"pages"_s);
        QVERIFY(pages);
        pages->setCurrentIndex(1);
        QCOMPARE(m_window->findChildren<HistoryView *>().size(), 1);
        QVERIFY(m_window->findChildren<HistoryView *>().constFirst()->isVisible());
    }

    void aboutOpensWithoutBlocking()
    {
        QAction *about = action(u"action_about"_s);
        QVERIFY(about);
        about->trigger(); // returns at once: the dialog is not modal
        auto *dialog = m_window->findChild<AboutDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->close();
        QTRY_VERIFY(!m_window->findChild<AboutDialog *>()); // deleted on close
    }
};

QTEST_MAIN(TestMainWindowStartup)
#include "tst_mainwindowstartup.moc"
