// SPDX-License-Identifier: GPL-3.0-or-later
// Team mode in the app against a real PostgreSQL server (the "postgres" CTest fixture): Settings → History's
// "Test connection" (right and wrong password, a stopped server, a database never initialised), the history
// opened at start with the keychain's password, the title, and what an agent and a supervisor see.
#include "../store/StoreTestSupport.h"

#include "gui/AgentFilter.h"
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/Dashboard.h"
#include "gui/HistoryLocationPage.h"
#include "gui/HistoryStartup.h"
#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "gui/MainWindow.h"
#include "gui/ReportTableModel.h"
#include "store/TeamAdmin.h"

#include <QComboBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{
const QString Password = u"floor-pa55-7d1e"_s;
// Logins are cluster-wide: names of this test's own.
const QString Ann = u"gui.ann"_s;
const QString Bob = u"gui.bob"_s;
const QString Sue = u"gui.sue"_s;
} // namespace

class TestTeamGuiPostgres : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_database;
    HistoryLocation m_cluster; // the superuser's location: its host is the socket folder

    HistoryLocation serverAs(const QString &user, const QString &database = QString()) const
    {
        return HistoryLocation::server(m_cluster.host(), m_cluster.port(), database.isEmpty() ? m_database : database,
                                       user, u"require"_s);
    }
    std::unique_ptr<HistoryStore> storeAs(const QString &user)
    {
        auto store = std::make_unique<HistoryStore>(serverAs(user).uri());
        store->setPassword(Password);
        if (!store->open())
            qWarning() << "open as" << user << "failed:" << store->lastError();
        return store;
    }
    QString testOnPage(const HistoryLocation &server, const QString &password)
    {
        HistoryLocationPage page;
        page.findChild<QRadioButton *>(u"teamServerRadio"_s)->click();
        page.findChild<QLineEdit *>(u"serverHostEdit"_s)->setText(server.host());
        page.findChild<QSpinBox *>(u"serverPortSpin"_s)->setValue(server.port());
        page.findChild<QLineEdit *>(u"serverDatabaseEdit"_s)->setText(server.database());
        page.findChild<QLineEdit *>(u"serverUserEdit"_s)->setText(server.user());
        QTest::keyClicks(page.findChild<QLineEdit *>(u"serverPasswordEdit"_s), password);
        QSignalSpy finished(&page, &HistoryLocationPage::testFinished);
        page.testConnection();
        if (!QTest::qWaitFor([&finished] { return finished.size() == 1; }, 20000))
            return u"(no answer)"_s;
        return finished.at(0).at(0).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!onPostgres())
            QSKIP("Needs the PostgreSQL test cluster (LEADRELAY_TEST_BACKEND=postgresql)");
        QStandardPaths::setTestModeEnabled(true);
        const QString owner = location(m_dir.filePath(u"teamgui"_s));
        m_cluster = HistoryLocation::parse(owner);
        m_database = m_cluster.database();
        HistoryStore init(owner); // the owner's open() lays down the schema, roles and policies
        QVERIFY2(init.open(), qPrintable(init.lastError()));
        TeamAdmin admin(m_cluster);
        QVERIFY2(admin.connect(), qPrintable(admin.lastError()));
        for (const auto &[name, role] :
             {std::pair{Ann, u"agent"_s}, std::pair{Bob, u"agent"_s}, std::pair{Sue, u"supervisor"_s}}) {
            adminExec(u"postgres"_s, u"DROP ROLE IF EXISTS \"%1\""_s.arg(name));
            QVERIFY2(admin.addUser(name, role, Password), qPrintable(admin.lastError()));
        }
        auto ann = storeAs(Ann);
        auto bob = storeAs(Bob);
        QVERIFY(ann->isOpen() && bob->isOpen());
        QVERIFY2(!ann->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"2127365200"_s))).isEmpty(),
                 qPrintable(ann->lastError()));
        QVERIFY2(!bob->begin(makeStart(makeLead(u"Bob"_s, u"Ray"_s, u"2127365201"_s))).isEmpty(),
                 qPrintable(bob->lastError()));
        QVERIFY2(!bob->begin(makeStart(makeLead(u"Bea"_s, u"Ray"_s, u"2127365202"_s))).isEmpty(),
                 qPrintable(bob->lastError()));
    }

    void testConnectionAnswers()
    {
        const QString ready = testOnPage(serverAs(Ann), Password);
        QCOMPARE(ready, u"Connected: team history ready."_s);

        const QString wrong = testOnPage(serverAs(Ann), u"not-the-password"_s);
        QVERIFY2(wrong.startsWith(u"Not connected: "_s) && wrong.contains(u"password"_s), qPrintable(wrong));
        QVERIFY2(!wrong.contains(u"not-the-password"_s), qPrintable(wrong));
        qInfo("wrong password: %s", qPrintable(wrong));

        // A stopped server: a socket folder where nothing listens.
        QTemporaryDir stopped;
        const QString down = testOnPage(
            HistoryLocation::server(stopped.path(), m_cluster.port(), m_database, Ann, u"require"_s), Password);
        QVERIFY2(down.startsWith(u"Not connected: "_s) && down.contains(u"cannot be reached"_s), qPrintable(down));
        qInfo("stopped server: %s", qPrintable(down));

        // A database nobody initialised (as the superuser, whom the test cluster trusts on its socket).
        adminExec(u"postgres"_s, u"DROP DATABASE IF EXISTS teamgui_empty"_s);
        QVERIFY(adminExec(u"postgres"_s, u"CREATE DATABASE teamgui_empty"_s));
        const QString empty = testOnPage(serverAs(m_cluster.user(), u"teamgui_empty"_s), QString());
        QVERIFY2(empty.startsWith(u"Not connected: "_s) && empty.contains(u"not initialised"_s), qPrintable(empty));
    }

    void startupUsesTheKeychainPassword()
    {
        QSettings conf(m_dir.filePath(u"startup.conf"_s), QSettings::IniFormat);
        CredentialStore credentials(std::make_unique<MemoryCredentialBackend>());
        AppSettings settings(&conf, &credentials);
        settings.setHistoryOnServer(true);
        settings.setHistoryServer(serverAs(Sue));
        credentials.setTeamPassword(serverAs(Sue), Password);
        HistoryStartup startup(&settings, &credentials);
        int asked = 0;
        startup.setAsk([&asked](const QString &problem) {
            qWarning("asked: %s", qPrintable(problem));
            ++asked;
            return HistoryStartup::Choice::Quit;
        });
        QSignalSpy opened(&startup, &HistoryStartup::opened);
        startup.start();
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 20000);
        QCOMPARE(asked, 0);
        auto store = startup.takeStore();
        QCOMPARE(store->role(), HistoryStore::Role::Supervisor);

        // The title names the team history, never the password.
        QNetworkAccessManager nam;
        MainWindow::Services services;
        services.store = store.get();
        services.nam = &nam;
        services.settings = &settings;
        services.credentials = &credentials;
        services.draftPath = m_dir.filePath(u"draft.json"_s);
        MainWindow window(services);
        const QString title = window.windowTitle();
        QVERIFY2(title.endsWith(u" — team: gui.sue@localhost:%1/%2"_s.arg(m_cluster.port()).arg(m_database)),
                 qPrintable(title));
        QVERIFY(!title.contains(Password));
    }

    void agentSeesOnlyOwnRowsAndNoFilter()
    {
        auto ann = storeAs(Ann);
        QCOMPARE(ann->role(), HistoryStore::Role::Agent);
        HistoryView view(ann.get());
        QTRY_VERIFY_WITH_TIMEOUT(!view.model()->isLoading(), 30000); // its queries run on a worker
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *combo = view.findChild<AgentFilter *>(u"agentCombo"_s);
        QVERIFY(combo);
        QVERIFY(!combo->isVisible());
        HistoryTableModel *model = view.model();
        QCOMPARE(model->totalCount(), 1);
        QCOMPARE(model->data(model->index(0, HistoryTableModel::AgentColumn)).toString(), Ann);
    }

    void supervisorFiltersByAgent()
    {
        auto sue = storeAs(Sue);
        QCOMPARE(sue->role(), HistoryStore::Role::Supervisor);
        HistoryView view(sue.get());
        QTRY_VERIFY_WITH_TIMEOUT(!view.model()->isLoading(), 30000); // its queries run on a worker
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *combo = view.findChild<AgentFilter *>(u"agentCombo"_s);
        QVERIFY(combo && combo->isVisible());
        QCOMPARE(combo->count(), 3); // All agents, gui.ann, gui.bob
        HistoryTableModel *model = view.model();
        QCOMPARE(model->totalCount(), 3);
        combo->setCurrentIndex(combo->findData(Bob));
        QTRY_COMPARE(model->totalCount(), 2);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->data(model->index(row, HistoryTableModel::AgentColumn)).toString(), Bob);
    }

    // The dashboard on a team server: its figures are read on its worker's own login, and another login's write
    // reaches it by the server's notification (no polling), as on the history view. Last: it adds a row.
    void dashboardFollowsAnotherLogin()
    {
        auto sue = storeAs(Sue);
        Dashboard dashboard({sue.get()});
        dashboard.resize(1366, 700);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        QTRY_VERIFY_WITH_TIMEOUT(!dashboard.isLoading(), 30000);
        QVERIFY2(dashboard.errorText().isEmpty(), qPrintable(dashboard.errorText()));
        ReportTableModel *days = dashboard.dayModel();
        const auto total = [days] {
            return days->index(days->rowCount() - 1, days->columnCount() - 1).data().toLongLong();
        };
        const qint64 before = total();
        QVERIFY(before >= 3);
        auto ann = storeAs(Ann);
        QVERIFY2(!ann->begin(makeStart(makeLead(u"Ann"_s, u"Day"_s, u"2127365203"_s))).isEmpty(),
                 qPrintable(ann->lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(total(), before + 1, 20000);
    }
};

QTEST_MAIN(TestTeamGuiPostgres)
#include "tst_teamgui_postgres.moc"
