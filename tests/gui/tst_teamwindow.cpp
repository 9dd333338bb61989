// SPDX-License-Identifier: GPL-3.0-or-later
// Team mode in the window (issue 9, "In the app"): which history opens at start and what happens when the team
// server cannot be reached, the history named in the title, and the filter by agent by role.
#include "HistoryFixture.h"

#include "gui/AgentFilter.h"
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/HistoryStartup.h"
#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "store/HistoryStore.h"

#include <QComboBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

namespace
{
const QDateTime Now(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
Clock fixedClock()
{
    return [] { return Now; };
}

// A loopback port with nothing listening: connecting is refused at once.
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}
} // namespace

class TestTeamWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<AppSettings> m_settings;
    QNetworkAccessManager m_nam;

    std::unique_ptr<MainWindow> makeWindow(HistoryStore *store, bool instead = false)
    {
        MainWindow::Services services;
        services.store = store;
        services.nam = &m_nam;
        services.settings = m_settings.get();
        services.credentials = m_credentials.get();
        services.draftPath = m_dir->filePath(u"draft.json"_s);
        services.historyInstead = instead;
        return std::make_unique<MainWindow>(services);
    }

    void chooseUnreachableServer(quint16 port)
    {
        m_settings->setHistoryOnServer(true);
        m_settings->setHistoryServer(
            HistoryLocation::server(u"127.0.0.1"_s, port, u"leadrelay"_s, u"maria"_s, u"disable"_s));
        m_settings->setHistoryDbPath(m_dir->filePath(u"desk.sqlite"_s));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_qsettings = std::make_unique<QSettings>(m_dir->filePath(u"settings.conf"_s), QSettings::IniFormat);
        m_credentials = std::make_unique<CredentialStore>(std::make_unique<MemoryCredentialBackend>());
        m_settings = std::make_unique<AppSettings>(m_qsettings.get(), m_credentials.get());
    }

    void cleanup()
    {
        m_settings.reset();
        m_credentials.reset();
        m_qsettings.reset();
        m_dir.reset();
    }

    void titleNamesThisComputersHistory()
    {
        HistoryStore store(m_dir->filePath(u"history.sqlite"_s));
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        auto window = makeWindow(&store);
        const QString title = window->windowTitle();
        QVERIFY2(title.endsWith(u" — history: this computer"_s), qPrintable(title));
        QVERIFY2(title.contains(u"TRAINING"_s), qPrintable(title));  // the mode stays in the title
        QVERIFY2(!title.contains(m_dir->path()), qPrintable(title)); // a file's path is no news to the agent

        // Switching the vendor's mode rebuilds the title; the history stays in it.
        window->leadPage()->refreshAccount();
        QVERIFY(window->windowTitle().endsWith(u" — history: this computer"_s));
    }

    void titleSaysWhenTheTeamServerWasNotReached()
    {
        HistoryStore store(m_dir->filePath(u"history.sqlite"_s));
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        auto window = makeWindow(&store, true);
        QVERIFY2(window->windowTitle().endsWith(u" — history: this computer (team server not reached)"_s),
                 qPrintable(window->windowTitle()));
    }

    void agentFilterByRole_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("offered");
        QTest::newRow("desk (this computer)") << int(HistoryStore::Role::Desk) << true;
        QTest::newRow("supervisor") << int(HistoryStore::Role::Supervisor) << true;
        QTest::newRow("owner") << int(HistoryStore::Role::Owner) << true;
        QTest::newRow("agent") << int(HistoryStore::Role::Agent) << false;
        QTest::newRow("receiver") << int(HistoryStore::Role::Receiver) << false;
    }

    void agentFilterByRole()
    {
        QFETCH(int, role);
        QFETCH(bool, offered);
        QCOMPARE(AgentFilter::offeredFor(HistoryStore::Role(role)), offered);
    }

    void deskSeesTheAgentColumnAndFilter()
    {
        // A SQLite history is a desk's own: it sees every row it holds, so the filter is offered.
        HistoryStore store(m_dir->filePath(u"history.sqlite"_s), fixedClock());
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        const QList<SubmissionRecord> records = Fixture::makeRecords(300, Now);
        QVERIFY2(store.importRecords(records), qPrintable(store.lastError()));
        QCOMPARE(store.role(), HistoryStore::Role::Desk);

        HistoryView view(&store, nullptr, fixedClock());
        QTRY_VERIFY_WITH_TIMEOUT(!view.model()->isLoading(), 30000); // its queries run on a worker
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        HistoryTableModel *model = view.model();
        QCOMPARE(model->headerData(HistoryTableModel::AgentColumn, Qt::Horizontal).toString(), u"Agent"_s);

        auto *combo = view.findChild<AgentFilter *>(u"agentCombo"_s);
        QVERIFY(combo);
        QVERIFY(combo->isVisible());
        QSet<QString> agents;
        for (const SubmissionRecord &r : records)
            agents.insert(r.agent);
        QCOMPARE(combo->count(), agents.size() + 1); // "All agents" first
        QCOMPARE(combo->currentData().toString(), QString());

        const QString tom = u"tom.b"_s;
        const qint64 toms =
            std::count_if(records.cbegin(), records.cend(), [&](const auto &r) { return r.agent == tom; });
        QVERIFY(toms > 0 && toms < records.size());
        combo->setCurrentIndex(combo->findData(tom));
        QCOMPARE(model->filter().agent, tom);
        QTRY_COMPARE(model->totalCount(), toms);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->data(model->index(row, HistoryTableModel::AgentColumn)).toString(), tom);

        // "Clear filters" shows everyone again.
        view.findChild<QToolButton *>(u"clearFiltersButton"_s)->click();
        QCOMPARE(combo->currentData().toString(), QString());
        QTRY_COMPARE(model->totalCount(), records.size());

        // A new agent appears in the list when it is opened again, the choice kept.
        combo->setCurrentIndex(combo->findData(tom));
        SubmissionRecord newcomer = records.first();
        newcomer.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        newcomer.agent = u"zoe.new"_s;
        newcomer.callbackToken.clear();
        QVERIFY2(store.importRecords({newcomer}), qPrintable(store.lastError()));
        combo->refresh();
        QVERIFY(combo->findData(u"zoe.new"_s) > 0);
        QCOMPARE(combo->currentData().toString(), tom);
    }

    void startupOpensThisComputersHistory()
    {
        m_settings->setHistoryDbPath(m_dir->filePath(u"desk.sqlite"_s));
        HistoryStartup startup(m_settings.get(), m_credentials.get());
        int asked = 0;
        startup.setAsk([&asked](const QString &) {
            ++asked;
            return HistoryStartup::Choice::Quit;
        });
        QSignalSpy opened(&startup, &HistoryStartup::opened);
        startup.start();
        QTRY_COMPARE(opened.size(), 1);
        std::unique_ptr<HistoryStore> store = startup.takeStore();
        QVERIFY(store && store->isOpen());
        QCOMPARE(store->path(), m_dir->filePath(u"desk.sqlite"_s));
        QVERIFY(!startup.usingThisComputerInstead());
        QCOMPARE(asked, 0);
    }

    void unreachableServer_data()
    {
        QTest::addColumn<QList<int>>("choices");
        QTest::addColumn<int>("expectedAsks");
        QTest::addColumn<int>("settingsOpened");
        QTest::addColumn<bool>("opensThisComputer");
        using C = HistoryStartup::Choice;
        QTest::newRow("this computer for now") << QList<int>{int(C::UseThisComputer)} << 1 << 0 << true;
        QTest::newRow("retry, then this computer")
            << QList<int>{int(C::Retry), int(C::UseThisComputer)} << 2 << 0 << true;
        QTest::newRow("settings, then quit") << QList<int>{int(C::OpenSettings), int(C::Quit)} << 2 << 1 << false;
        QTest::newRow("quit") << QList<int>{int(C::Quit)} << 1 << 0 << false;
    }

    void unreachableServer()
    {
        QFETCH(QList<int>, choices);
        QFETCH(int, expectedAsks);
        QFETCH(int, settingsOpened);
        QFETCH(bool, opensThisComputer);
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        chooseUnreachableServer(port);
        qputenv(HistoryStartup::PasswordVariable, "not-this-one");
        HistoryStartup startup(m_settings.get(), m_credentials.get());
        QStringList problems;
        startup.setAsk([&](const QString &problem) {
            problems << problem;
            return HistoryStartup::Choice(choices.value(problems.size() - 1, int(HistoryStartup::Choice::Quit)));
        });
        int edits = 0;
        startup.setEditSettings([&edits] { ++edits; });
        QSignalSpy opened(&startup, &HistoryStartup::opened);
        QSignalSpy failed(&startup, &HistoryStartup::failed);
        startup.start();
        QTRY_VERIFY_WITH_TIMEOUT(opened.size() + failed.size() == 1, 20000);
        qunsetenv(HistoryStartup::PasswordVariable);

        QCOMPARE(problems.size(), expectedAsks);
        QCOMPARE(edits, settingsOpened);
        for (const QString &problem : std::as_const(problems)) {
            QVERIFY2(problem.contains(u"maria@127.0.0.1:%1/leadrelay"_s.arg(port)), qPrintable(problem));
            QVERIFY2(!problem.contains(u"not-this-one"_s), qPrintable(problem));
        }
        // Never a silent switch: the setting still names the team server for the next start.
        QVERIFY(m_settings->historyOnServer());
        if (opensThisComputer) {
            QCOMPARE(opened.size(), 1);
            QVERIFY(startup.usingThisComputerInstead());
            std::unique_ptr<HistoryStore> store = startup.takeStore();
            QVERIFY(store && store->isOpen());
            QVERIFY(!store->location().isServer());
            QCOMPARE(store->path(), m_dir->filePath(u"desk.sqlite"_s));
            auto window = makeWindow(store.get(), startup.usingThisComputerInstead());
            QVERIFY2(window->windowTitle().contains(u"team server not reached"_s), qPrintable(window->windowTitle()));
        } else {
            QCOMPARE(failed.size(), 1);
            QCOMPARE(failed.at(0).at(0).toString(), QString()); // the user's choice: nothing more to say
            QVERIFY(!startup.takeStore());
        }
    }

    void incompleteServerSettingsAreAskedAbout()
    {
        m_settings->setHistoryOnServer(true); // but no server was ever entered
        HistoryStartup startup(m_settings.get(), m_credentials.get());
        QString asked;
        startup.setAsk([&asked](const QString &problem) {
            asked = problem;
            return HistoryStartup::Choice::Quit;
        });
        QSignalSpy failed(&startup, &HistoryStartup::failed);
        startup.start();
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(asked.contains(u"not complete"_s), qPrintable(asked));
    }
};

QTEST_MAIN(TestTeamWindow)
#include "tst_teamwindow.moc"
