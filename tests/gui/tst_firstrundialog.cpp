// SPDX-License-Identifier: GPL-3.0-or-later
// The first-run dialog (issue 11, item 4): the agent's name is required, the defaults are written per account, and
// skipping leaves every account in training. Typed through the dialog's window, as an agent would.
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/FirstRunDialog.h"
#include "gui/LeadForm.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

class TestFirstRunDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_qsettings;
    std::unique_ptr<AppSettings> m_settings;

    static void type(QWidget *window, const QString &text)
    {
        for (const char c : text.toLatin1())
            QTest::keyClick(window->windowHandle(), c);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_qsettings = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
        m_settings = std::make_unique<AppSettings>(m_qsettings.get());
    }

    void cleanup()
    {
        m_settings.reset();
        m_qsettings.reset();
        m_dir.reset();
    }

    void neededOnlyOnTheFirstStart()
    {
        QVERIFY(FirstRunDialog::isNeeded(*m_settings));
        m_settings->setAgentName(u"maria.g"_s); // a desk from before the dialog existed
        QVERIFY(!FirstRunDialog::isNeeded(*m_settings));
        m_settings->setAgentName(QString());
        m_settings->setFirstRunDone(true);
        QVERIFY(!FirstRunDialog::isNeeded(*m_settings));
    }

    void nameIsRequiredAndDefaultsAreWritten()
    {
        FirstRunDialog dialog(m_settings.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QCOMPARE(QApplication::focusWidget(), dialog.findChild<QLineEdit *>(u"agentEdit"_s));
        QVERIFY(!dialog.startButton()->isEnabled());
        QVERIFY(!dialog.problem().isEmpty());
        QTest::keyClick(dialog.windowHandle(), Qt::Key_Return); // Start is off: nothing happens
        QVERIFY(dialog.isVisible());
        type(&dialog, u"  maria.g "_s);
        QVERIFY(dialog.startButton()->isEnabled());
        // The BHM defaults, by Tab from the name: nTherm campaign, source URL, sub1, then BHM's.
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(dialog.windowHandle(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget()->objectName(), u"bhm_campaign"_s);
        QTest::keyClick(dialog.windowHandle(), Qt::Key_Tab);
        type(&dialog, u"not a url"_s);
        QVERIFY(!dialog.startButton()->isEnabled());
        QVERIFY(dialog.findChild<QLabel *>(u"problem"_s)->isVisibleTo(&dialog));
        dialog.findChild<QLineEdit *>(u"bhm_source_url"_s)->clear();
        type(&dialog, u"https://www.example.com/form/"_s);
        QTest::keyClick(dialog.windowHandle(), Qt::Key_Tab);
        type(&dialog, u"desk-7"_s);
        QVERIFY(dialog.startButton()->isEnabled());
        QTest::keyClick(dialog.windowHandle(), Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(m_settings->agentName(), u"maria.g"_s);
        QCOMPARE(m_settings->sourceUrlDefault(u"bhm"_s), u"https://www.example.com/form/"_s);
        QCOMPARE(m_settings->sub1Default(u"bhm"_s), u"desk-7"_s);
        QCOMPARE(m_settings->sourceUrlDefault(u"ntherm"_s), QString());
        QVERIFY(m_settings->mailingSameDefault(u"bhm"_s));
        QVERIFY(m_settings->mailingSameDefault(u"ntherm"_s));
        QVERIFY(m_settings->firstRunDone());
        QVERIFY(!FirstRunDialog::isNeeded(*m_settings));
    }

    void skipLeavesTraining()
    {
        m_settings->setMode(u"bhm"_s, AccountMode::Production);
        FirstRunDialog dialog(m_settings.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        type(&dialog, u"someone"_s);
        QTest::keyClick(dialog.windowHandle(), Qt::Key_Escape);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        for (const QString &id : AppSettings::vendorIds())
            QCOMPARE(m_settings->mode(id), AccountMode::Training);
        QCOMPARE(m_settings->agentName(), QString()); // nothing else written
        QVERIFY(m_settings->firstRunDone());
    }

    // Over the main window, as main.cpp opens it: the lead on screen follows the answers at once.
    void theFormFollowsTheAnswers()
    {
        HistoryStore store(m_dir->filePath(u"history.sqlite"_s));
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QNetworkAccessManager nam;
        MainWindow::Services services;
        services.store = &store;
        services.nam = &nam;
        services.settings = m_settings.get();
        services.draftPath = m_dir->filePath(u"draft.json"_s);
        m_settings->setLastVendor(u"bhm"_s);
        MainWindow window(services);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QPointer<FirstRunDialog> dialog = FirstRunDialog::offer(m_settings.get(), &window);
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        type(dialog, u"maria.g"_s);
        dialog->findChild<QLineEdit *>(u"bhm_sub1"_s)->setFocus();
        type(dialog, u"desk-7"_s);
        QTest::keyClick(dialog->windowHandle(), Qt::Key_Return);
        QTRY_VERIFY(!dialog);                                       // deleted on close
        QVERIFY(!FirstRunDialog::offer(m_settings.get(), &window)); // asked once
        // Back in the window, the cursor is in the first field: the agent's next keys are the customer's name.
        QTRY_COMPARE(QApplication::focusWidget(), window.leadPage()->findChild<QLineEdit *>(u"first_name"_s));
        QCOMPARE(window.leadPage()->findChild<QLineEdit *>(u"sub1"_s)->text(), u"desk-7"_s);
        QVERIFY(window.leadPage()->findChild<QCheckBox *>(u"mailing_same_as_service"_s)->isChecked());
        QVERIFY(!window.leadPage()->form()->hasUnsentInput());
        QCOMPARE(window.leadPage()->agentOrFallback(), u"maria.g"_s);
    }
};

QTEST_MAIN(TestFirstRunDialog)
#include "tst_firstrundialog.moc"
