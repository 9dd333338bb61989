// SPDX-License-Identifier: GPL-3.0-or-later
// The Dashboard tab: built only when first shown, its numbers (those of Report, checked against plain counts in
// tst_report), a table with accessible names behind every chart, Ctrl+C, filters, live updates from this store
// and from another process's connection, keyboard reach, and a fit at 1366x768.
#include "gui/CopyableTableView.h"
#include "gui/Dashboard.h"
#include "gui/ReportTableModel.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

const QDateTime Now(QDate(2026, 11, 22), QTime(17, 0), Qt::UTC);

SubmissionRecord record(int i, OutcomeState state, const QString &agent, const QString &vendor)
{
    SubmissionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.createdAt = Now.addSecs(-3600 * 24 * (i % 5) - 60 * i);
    r.answeredAt = r.createdAt.addSecs(2);
    r.agent = agent;
    r.vendorId = vendor;
    r.accountMode = u"production"_s;
    r.campaign = i % 2 ? u"TEXAS"_s : u"OHIO"_s;
    r.phone = QString::number(2125550000LL + i);
    r.leadJson = "{}";
    r.state = state;
    r.final = state != OutcomeState::Accepted;
    r.billable = state == OutcomeState::Sold;
    return r;
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_path = m_dir->filePath(u"history.sqlite"_s);
        m_store = std::make_unique<HistoryStore>(m_path, [] { return Now; });
        QVERIFY(m_store->open());
        QList<SubmissionRecord> rows;
        for (int i = 0; i < 12; ++i)
            rows.append(record(i, i % 3 ? OutcomeState::Sold : OutcomeState::Rejected, u"maria.g"_s, u"ntherm"_s));
        for (int i = 0; i < 6; ++i)
            rows.append(record(i, i % 2 ? OutcomeState::Accepted : OutcomeState::Invalid, u"bob.k"_s, u"bhm"_s));
        QVERIFY(m_store->importRecords(rows));
        m_dashboard =
            std::make_unique<Dashboard>(Dashboard::Services{m_store.get(), [] { return 24; }, [] { return Now; }});
        m_dashboard->resize(1366, 700);
    }

    void cleanup()
    {
        m_dashboard.reset();
        m_store.reset();
    }

    void builtWhenFirstShown()
    {
        QVERIFY(!m_dashboard->isBuilt());
        QVERIFY(!m_dashboard->findChild<QTabWidget *>(u"dayTabs"_s));
        m_dashboard->show();
        QVERIFY(m_dashboard->isBuilt());
        // Asked for, not read on this thread: the figures arrive from the worker through the event loop.
        QVERIFY(m_dashboard->isLoading());
        QCOMPARE(m_dashboard->lastRefreshMs(), -1.0);
        QVERIFY(QTest::qWaitForWindowExposed(m_dashboard.get()));
        QVERIFY(figuresShown());
        QVERIFY(m_dashboard->lastRefreshMs() >= 0);
        QVERIFY(m_dashboard->errorText().isEmpty());
    }

    void showsTheNumbers()
    {
        QVERIFY(showAndWait());
        ReportTableModel *agents = m_dashboard->agentModel();
        QCOMPARE(agents->rowCount(), 3); // bob.k, maria.g, total
        QCOMPARE(agents->index(0, 0).data().toString(), u"bob.k"_s);
        QCOMPARE(agents->index(1, 0).data().toString(), u"maria.g"_s);
        // Sent, sold or accepted for maria.g: 12 sent, 8 sold.
        QCOMPARE(agents->index(1, 1).data().toLongLong(), 12);
        QCOMPARE(agents->index(1, 2).data().toLongLong(), 8);
        QCOMPARE(agents->index(2, 1).data().toLongLong(), 18);
        QCOMPARE(m_dashboard->vendorModel()->rowCount(), 3);
        // Five days, each a row of the per-day table, and the total of all 18.
        ReportTableModel *days = m_dashboard->dayModel();
        QCOMPARE(days->rowCount(), 6);
        QCOMPARE(days->index(5, days->columnCount() - 1).data().toLongLong(), 18);
        QVERIFY2(m_dashboard->summaryText().contains(u"18 submissions"_s), qPrintable(m_dashboard->summaryText()));
        QVERIFY(m_dashboard->summaryText().contains(u"Awaiting a final result: 3"_s));
    }

    void everyChartHasAnAccessibleCopyableTable()
    {
        QVERIFY(showAndWait());
        for (const QString &name : {u"dayTabs"_s, u"vendorTabs"_s}) {
            auto *tabs = m_dashboard->findChild<QTabWidget *>(name);
            QVERIFY(tabs);
            QCOMPARE(tabs->count(), 2);
            auto *table = qobject_cast<CopyableTableView *>(tabs->widget(1));
            QVERIFY(table);
            QVERIFY(!table->accessibleName().isEmpty());
            QVERIFY(!tabs->widget(0)->accessibleName().isEmpty());
        }
        auto *agentTable = m_dashboard->findChild<CopyableTableView *>(u"agentTable"_s);
        QVERIFY(agentTable && !agentTable->accessibleName().isEmpty());
        agentTable->setFocus();
        QApplication::clipboard()->clear();
        QTest::keyClick(agentTable, Qt::Key_C, Qt::ControlModifier);
        const QStringList lines = QApplication::clipboard()->text().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4); // titles, two agents, total
        QVERIFY(lines.at(0).startsWith(u"Agent\tSent\t"_s));
        QVERIFY(lines.at(2).startsWith(u"maria.g\t12\t8\t"_s));
    }

    void filtersCutTheFigures()
    {
        QVERIFY(showAndWait());
        auto *vendor = m_dashboard->findChild<QComboBox *>(u"dashboardVendor"_s);
        QVERIFY(vendor);
        vendor->setCurrentIndex(vendor->findData(u"bhm"_s));
        QVERIFY(figuresShown());
        QCOMPARE(m_dashboard->agentModel()->rowCount(), 2); // bob.k, total
        QCOMPARE(m_dashboard->agentModel()->index(0, 0).data().toString(), u"bob.k"_s);
        auto *period = m_dashboard->findChild<QComboBox *>(u"dashboardPeriod"_s);
        period->setCurrentIndex(0); // today: rows 0 and 5 of each group
        QVERIFY(figuresShown());
        QCOMPARE(m_dashboard->dayModel()->rowCount(), 2);
        auto *campaign = m_dashboard->findChild<QComboBox *>(u"dashboardCampaign"_s);
        QCOMPARE(campaign->count(), 3); // all, OHIO, TEXAS
    }

    void followsThisStoreAndOtherProcesses()
    {
        QVERIFY(showAndWait());
        const qint64 before = m_dashboard->agentModel()->index(2, 1).data().toLongLong();
        // Another process: its own connection to the same file (PRAGMA data_version changes for us).
        {
            HistoryStore other(m_path, [] { return Now; });
            QVERIFY(other.open());
            QVERIFY(other.importRecords({record(40, OutcomeState::Sold, u"carl"_s, u"ntherm"_s)}));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_dashboard->agentModel()->index(3, 1).data().toLongLong(), before + 1,
                                  Dashboard::PollMs * 3);
        // This store's own write (changed()).
        SubmissionStart start;
        start.lead.firstName = u"Ann"_s;
        start.lead.phone = u"3105550199"_s;
        start.lead.agent = u"carl"_s;
        start.vendorId = u"ntherm"_s;
        start.accountMode = u"production"_s;
        QVERIFY(!m_store->begin(start).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_dashboard->agentModel()->index(3, 0).data().toString(), u"Total"_s, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_dashboard->dayModel()
                ->index(m_dashboard->dayModel()->rowCount() - 1, m_dashboard->dayModel()->columnCount() - 1)
                .data()
                .toLongLong(),
            before + 2, 2000);
    }

    void aNewerFilterSupersedesAnOlder()
    {
        QVERIFY(showAndWait());
        QSignalSpy shown(m_dashboard.get(), &Dashboard::figuresShown);
        auto *vendor = m_dashboard->findChild<QComboBox *>(u"dashboardVendor"_s);
        // Two choices before the event loop runs again: the first one's figures are never shown.
        vendor->setCurrentIndex(vendor->findData(u"bhm"_s));
        vendor->setCurrentIndex(vendor->findData(u"ntherm"_s));
        QVERIFY(figuresShown());
        QTest::qWait(200); // an answer to the older filter would arrive by now
        QCOMPARE(shown.size(), 1);
        QCOMPARE(m_dashboard->agentModel()->rowCount(), 2); // maria.g, total
        QCOMPARE(m_dashboard->agentModel()->index(0, 0).data().toString(), u"maria.g"_s);
    }

    // Issue 10: the dashboard's queries never hold the GUI thread. On a roll-up large enough that reading the
    // figures takes many frames, changing a filter keeps a 16 ms timer ticking.
    void readingTheFiguresKeepsTheEventLoopRunning()
    {
        QVERIFY(showAndWait());
        {
            // 60,000 roll-up rows in the last 30 days (300 agents, 10 campaigns): written by SQL in one statement,
            // as the figures read only the roll-up (tst_report checks it against the submissions).
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fill"_s);
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY2(query.exec(uR"(WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 59999)
                INSERT INTO submission_rollup (day, vendor_id, agent, campaign, account_mode, state, final, returned,
                                               submissions, billable, final_ms, final_timed)
                SELECT date('2026-11-22', '-' || (i % 30) || ' days'), CASE i % 3 WHEN 0 THEN 'bhm' ELSE 'ntherm' END,
                       'agent.' || (i / 30 % 300), 'CAMPAIGN_' || (i / 9000), 'production', 'sold', 1, 0, 2, 2, 0, 0
                FROM n)"_s),
                     qPrintable(query.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"fill"_s);
        QTest::qWait(200); // the first figures' painting (charts) is done before the heartbeat starts

        QTimer heartbeat;
        heartbeat.setInterval(16);
        QElapsedTimer beat;
        qint64 longestGap = 0;
        int ticks = 0;
        // Ticks while the figures are being read; showing them (filling the charts, painting) is widgets' work.
        connect(&heartbeat, &QTimer::timeout, &heartbeat, [&] {
            const qint64 gap = beat.restart();
            if (m_dashboard->isLoading()) {
                longestGap = std::max(longestGap, gap);
                ++ticks;
            }
        });
        beat.start();
        heartbeat.start();
        auto *mode = m_dashboard->findChild<QComboBox *>(u"dashboardMode"_s);
        mode->setCurrentIndex(mode->findData(u"production"_s));
        QVERIFY(QTest::qWaitFor([this] { return !m_dashboard->isLoading(); }, 60000));
        heartbeat.stop();
        QVERIFY2(m_dashboard->errorText().isEmpty(), qPrintable(m_dashboard->errorText()));
        QCOMPARE(m_dashboard->agentModel()->rowCount(), 300 + 2 + 1); // the roll-up's agents, maria.g, bob.k, total
        const double readMs = m_dashboard->lastReadMs();
        qInfo("reading took %.0f ms; the heartbeat ticked %d times meanwhile, longest gap %lld ms", readMs, ticks,
              longestGap);
        // The read itself took many frames (else this proves nothing), and the loop kept turning meanwhile: a 16 ms
        // tick may come late on a busy build machine, never as late as a frozen window. Reading on the GUI thread
        // (before issue 10's fix) let no tick through until the figures were shown.
        QVERIFY2(readMs > 100, qPrintable(u"reading took only %1 ms: not a large enough roll-up"_s.arg(readMs)));
        QVERIFY2(ticks >= int(readMs / 16 / 4), qPrintable(u"only %1 ticks in %2 ms"_s.arg(ticks).arg(readMs)));
        QVERIFY2(longestGap <= 50, qPrintable(u"the GUI thread was blocked for %1 ms"_s.arg(longestGap)));
    }

    void keyboardReachesEveryPart()
    {
        m_dashboard->show();
        m_dashboard->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_dashboard.get()));
        m_dashboard->findChild<QComboBox *>(u"dashboardPeriod"_s)->setFocus();
        // Tab through the page as an agent would, and name what received the focus (a tab bar by its tabs).
        QStringList reached;
        for (int i = 0; i < 30; ++i) {
            QWidget *focus = QApplication::focusWidget();
            QVERIFY(focus);
            const QString name =
                qobject_cast<QTabBar *>(focus) ? focus->parentWidget()->objectName() + u"Bar"_s : focus->objectName();
            reached.append(name);
            QTest::keyClick(focus, Qt::Key_Tab);
        }
        for (const QString &name : {u"dashboardVendor"_s, u"dashboardAgent"_s, u"dashboardCampaign"_s,
                                    u"dashboardMode"_s, u"dayTabsBar"_s, u"vendorTabsBar"_s, u"agentTable"_s})
            QVERIFY2(reached.contains(name), qPrintable(reached.join(u", "_s)));
        // A chart's table: its tab bar, then the right arrow, then Tab into the table.
        auto *tabs = m_dashboard->findChild<QTabWidget *>(u"dayTabs"_s);
        tabs->tabBar()->setFocus();
        QTest::keyClick(tabs->tabBar(), Qt::Key_Right);
        QCOMPARE(tabs->currentIndex(), 1);
        QTest::keyClick(tabs->tabBar(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget()->objectName(), u"dayTable"_s);
    }

    void fitsA1366x768Screen()
    {
        m_dashboard->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_dashboard.get()));
        QVERIFY2(m_dashboard->minimumSizeHint().width() <= 1366 - 20,
                 qPrintable(QString::number(m_dashboard->minimumSizeHint().width())));
        QVERIFY(m_dashboard->minimumSizeHint().height() <= 768 - 160);
    }

private:
    // The figures are read on the dashboard's worker: shown, then on screen a moment later.
    bool showAndWait()
    {
        m_dashboard->show();
        return QTest::qWaitForWindowExposed(m_dashboard.get()) && figuresShown();
    }

    bool figuresShown()
    {
        return QTest::qWaitFor([this] { return !m_dashboard->isLoading(); }, 10000);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<Dashboard> m_dashboard;
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
