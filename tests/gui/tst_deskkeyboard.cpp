// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's desk by keyboard only (issue 11, items 4 and 9): with the account defaults set, a whole nTherm lead and
// a whole BHM lead are typed and sent to the simulator through the window's keyboard (QTest::keyClick only, no
// mouse, no setFocus, no setText), and the keys beyond the customer's own data are counted: at most 20 per lead.
// Also: the defaults fill every new lead, the vendor shortcut, the Agent is never empty, Settings edits the defaults.
#include "DeskFixture.h"
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/Dialogs.h"
#include "gui/LeadForm.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "gui/OutcomeBanner.h"
#include "gui/SettingsDialog.h"
#include "gui/VendorAccountEditor.h"
#include "gui/VendorPicker.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{
// One step of what the agent does: customer data typed, or a key that is overhead (Tab, a shortcut, an answer key).
struct Step
{
    QString data;
    int key = 0;
    Qt::KeyboardModifiers modifiers = Qt::NoModifier;
};
using Script = QList<Step>;
Step data(const QString &text)
{
    return Step{text};
}
Step key(int k, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    return Step{QString(), k, modifiers};
}
const Step Tab = key(Qt::Key_Tab);
const Step Send = key(Qt::Key_Return, Qt::ControlModifier);

const QString Campaign = u"OHIO_GENERAL_RESIDENTIAL"_s;
const QString SourceUrl = u"https://www.example.com/form/"_s;
const QString Sub1 = u"agent-desk-7"_s;
} // namespace

class TestDeskKeyboard : public QObject
{
    Q_OBJECT

private:
    DeskTest::Desk m_desk;

    LeadPage *page() const { return m_desk.window->leadPage(); }
    QLineEdit *edit(const QString &name) const { return page()->findChild<QLineEdit *>(name); }

    void openWindow()
    {
        m_desk.openWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_desk.window.get()));
    }

    // Runs a script through the window; returns the number of overhead keys.
    int run(const Script &script)
    {
        int overhead = 0;
        for (const Step &step : script) {
            if (step.key) {
                QTest::keyClick(m_desk.window->windowHandle(), Qt::Key(step.key), step.modifiers);
                ++overhead;
                continue;
            }
            for (const char c : step.data.toLatin1())
                QTest::keyClick(m_desk.window->windowHandle(), c);
        }
        return overhead;
    }

    static Script customerStart()
    {
        // From the first field: name, phone, e-mail, no date of birth, the service address.
        return {data(u"John"_s),
                Tab,
                data(u"Doe"_s),
                Tab,
                data(u"3105551212"_s),
                Tab,
                data(u"john.doe@example.com"_s),
                Tab,
                Tab,
                data(u"123 Main St"_s),
                Tab,
                data(u"Los Angeles"_s),
                Tab,
                data(u"ca"_s),
                Tab,
                data(u"90001"_s)};
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        const QString problem = m_desk.setUp(60000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // The defaults as the first-run dialog or Settings would write them.
        for (const QString &id : AppSettings::vendorIds()) {
            m_desk.settings->setCampaignDefault(id, Campaign);
            m_desk.settings->setSourceUrlDefault(id, SourceUrl);
            m_desk.settings->setSub1Default(id, Sub1);
            m_desk.settings->setMailingSameDefault(id, true);
        }
    }

    void cleanup()
    {
        m_desk.tearDown();
        QCOMPARE(Dialogs::pendingAnswers(), 0);
    }

    // Done-when of issue 11: both vendors' leads by keyboard, at most 20 keys each beyond the customer's data.
    void wholeLeadsByKeyboardOnly()
    {
        m_desk.settings->setLastVendor(u"ntherm"_s);
        openWindow();
        // nTherm: the address, the decision maker and utility, then the two consent answers (Y, Y) instead of a
        // certificate; campaign and mailing address come from the defaults.
        Script ntherm = customerStart();
        ntherm << Tab /* same as service */ << Tab << data(u"Jane Doe"_s) << Tab << data(u"Utility Provider"_s)
               << Tab /* campaign: default */ << Tab << key(Qt::Key_Y) << key(Qt::Key_Y) << Send;
        const int nthermKeys = run(ntherm);
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), 20000);
        QVERIFY2(page()->banner()->stateKey() == u"accepted"_s || page()->banner()->stateKey() == u"sold"_s,
                 qPrintable(page()->banner()->title() + u" | "_s + page()->banner()->detail()));
        qInfo("nTherm lead: %d keys beyond the customer's data", nthermKeys);
        QVERIFY2(nthermKeys <= 20, qPrintable(QString::number(nthermKeys)));

        // BHM: Alt+2, then the next customer's first letter starts the new lead (no Ctrl+N). Certificate and IP are
        // the lead's own; source URL and sub1 come from the defaults.
        Script bhm{key(Qt::Key_2, Qt::AltModifier)};
        bhm << customerStart();
        for (int i = 0; i < 6; ++i) // same as service, decision maker, utility, campaign, two consent questions
            bhm << Tab;
        bhm << Tab << data(u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s)
            << Tab /* Jornaya */ << Tab /* source URL: default */ << Tab << data(u"184.248.249.118"_s) << Send;
        const int bhmKeys = run(bhm);
        QCOMPARE(page()->vendorPicker()->currentVendor()->id(), u"bhm"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), 20000);
        QVERIFY2(page()->banner()->stateKey() == u"sold"_s,
                 qPrintable(page()->banner()->title() + u" | "_s + page()->banner()->detail()));
        qInfo("BHM lead: %d keys beyond the customer's data", bhmKeys);
        QVERIFY2(bhmKeys <= 20, qPrintable(QString::number(bhmKeys)));

        QCOMPARE(m_desk.store->count({}), 2);
        const QList<SubmissionRecord> rows = m_desk.store->query({}, HistorySort::CreatedAt, Qt::AscendingOrder, 0, 10);
        for (const SubmissionRecord &row : rows) {
            QCOMPARE(row.agent, u"maria.g"_s);
            QCOMPARE(row.customerName, u"John Doe"_s);
            QCOMPARE(row.phone, u"3105551212"_s);
            QCOMPARE(row.campaign, Campaign);
            QVERIFY2(row.leadJson.contains("\"mailing_same_as_service\":true") ||
                         row.leadJson.contains("\"mailing_same_as_service\": true"),
                     row.leadJson.constData());
        }
    }

    // Item 4: every new lead starts with the account's defaults, at start and after Ctrl+N, and they are not
    // "unsent input" (no question on Ctrl+N, no draft).
    void defaultsFillEveryNewLead()
    {
        m_desk.settings->setLastVendor(u"bhm"_s);
        openWindow();
        auto check = [this] {
            QCOMPARE(edit(u"campaign"_s)->text(), Campaign);
            QCOMPARE(edit(u"source_url"_s)->text(), SourceUrl);
            QCOMPARE(edit(u"sub1"_s)->text(), Sub1);
            QVERIFY(page()->findChild<QCheckBox *>(u"mailing_same_as_service"_s)->isChecked());
            QVERIFY(!page()->form()->hasUnsentInput());
        };
        check();
        if (QTest::currentTestFailed())
            return;
        run({data(u"Ann"_s)});
        QVERIFY(page()->form()->hasUnsentInput());
        Dialogs::setNextAnswer(true);
        run({key(Qt::Key_N, Qt::ControlModifier)});
        QCOMPARE(edit(u"first_name"_s)->text(), QString());
        check();
        if (QTest::currentTestFailed())
            return;
        // Nothing typed: Ctrl+N asks nothing.
        run({key(Qt::Key_N, Qt::ControlModifier)});
        check();
    }

    // Item 4: the vendor by keyboard, from any field, shown in the picker's tooltip as the platform writes it.
    void vendorShortcut()
    {
        m_desk.settings->setLastVendor(u"ntherm"_s);
        openWindow();
        run({data(u"Ann"_s), key(Qt::Key_2, Qt::AltModifier)});
        QCOMPARE(page()->vendorPicker()->currentVendor()->id(), u"bhm"_s);
        QCOMPARE(edit(u"first_name"_s)->text(), u"Ann"_s); // the key did not reach the field
        QCOMPARE(QApplication::focusWidget(), edit(u"first_name"_s));
        run({key(Qt::Key_1, Qt::AltModifier)});
        QCOMPARE(page()->vendorPicker()->currentVendor()->id(), u"ntherm"_s);
        const QString tip = page()->vendorPicker()->toolTip();
        QVERIFY2(tip.contains(LeadPage::vendorShortcut(0).toString(QKeySequence::NativeText)), qPrintable(tip));
        QVERIFY2(tip.contains(LeadPage::vendorShortcut(1).toString(QKeySequence::NativeText)), qPrintable(tip));
    }

    // Item 4: no agent configured and no login name: the row still says who (this computer).
    void agentIsNeverEmpty()
    {
        const QByteArray user = qgetenv("USER"), username = qgetenv("USERNAME");
        qunsetenv("USER");
        qunsetenv("USERNAME");
        m_desk.settings->setAgentName(QString());
        m_desk.settings->setLastVendor(u"bhm"_s);
        openWindow();
        // Straight to the certificate field is not a keyboard path; the count is not the point here.
        page()->form()->focusField(u"trustedform_cert_url"_s);
        run({data(u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s)});
        page()->form()->focusField(u"ip"_s);
        run({data(u"184.248.249.118"_s)});
        page()->form()->focusField(u"first_name"_s);
        run(customerStart());
        run({Send});
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), 20000);
        qputenv("USER", user);
        qputenv("USERNAME", username);
        QCOMPARE(m_desk.store->count({}), 1);
        const QString agent = m_desk.store->query({}, HistorySort::CreatedAt, Qt::AscendingOrder, 0, 1).value(0).agent;
        QVERIFY2(!agent.trimmed().isEmpty(), "the Agent column is empty");
        QCOMPARE(agent, page()->agentOrFallback());
    }

    // Item 4: Settings edits the per-account defaults, "same as service address" among them.
    void settingsEditsTheDefaults()
    {
        openWindow();
        SettingsDialog dialog(m_desk.settings.get(), m_desk.credentials.get());
        VendorAccountEditor *editor = dialog.accountEditor(u"ntherm"_s);
        QVERIFY(editor);
        auto *same = editor->findChild<QCheckBox *>(u"mailingSameCheck"_s);
        QVERIFY(same);
        QVERIFY(same->isChecked());
        same->setChecked(false);
        editor->findChild<QLineEdit *>(u"campaignEdit"_s)->setText(u"NEW_CAMPAIGN"_s);
        dialog.accept();
        QVERIFY(!m_desk.settings->mailingSameDefault(u"ntherm"_s));
        QVERIFY(m_desk.settings->mailingSameDefault(u"bhm"_s));
        QCOMPARE(m_desk.settings->campaignDefault(u"ntherm"_s), u"NEW_CAMPAIGN"_s);
    }
};

QTEST_MAIN(TestDeskKeyboard)
#include "tst_deskkeyboard.moc"
