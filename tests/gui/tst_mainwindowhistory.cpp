// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's desk and its history (issue 11, items 2, 3 and 6): the History tab by keyboard only, a faithful
// "Load into form", "Send to the other buyer", and the question before quitting while a final result is still to
// come. Real SQLite file, the real simulator over loopback; keys go through the window, as a keyboard's do.
#include "DeskFixture.h"
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/Dashboard.h"
#include "gui/Dialogs.h"
#include "gui/FieldFeedback.h"
#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "gui/LeadForm.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "gui/OutcomeBanner.h"
#include "gui/SubmissionDetail.h"
#include "gui/ValidationSummary.h"
#include "gui/VendorPicker.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{
// When the customer consented on the first call: a fixed moment, inside the calling window of the lead's
// California (11:02 there).
const QDateTime ConsentedAt(QDate(2026, 11, 30), QTime(19, 2), Qt::UTC);

// Sent before by maria.g, with her consent record.
Lead validLead()
{
    Lead lead = DeskTest::validLead();
    lead.consent = {{u"Do you consent to be contacted?"_s, u"Yes"_s},
                    {u"Do you agree to the terms and conditions?"_s, u"Yes"_s}};
    lead.consentRecordedAt = ConsentedAt.toUTC();
    lead.agent = u"maria.g"_s;
    return lead;
}
} // namespace

class TestMainWindowHistory : public QObject
{
    Q_OBJECT

private:
    DeskTest::Desk m_desk;

    LeadPage *page() const { return m_desk.window->leadPage(); }
    QPushButton *submitButton() const { return page()->findChild<QPushButton *>(u"submit"_s); }
    QLineEdit *edit(const QString &name) const { return page()->findChild<QLineEdit *>(name); }
    void key(Qt::Key key, Qt::KeyboardModifiers modifiers = {})
    {
        QTest::keyClick(m_desk.window->windowHandle(), key, modifiers);
    }
    static QString focusName()
    {
        const QWidget *focus = QApplication::focusWidget();
        return focus ? focus->objectName() : u"nothing"_s;
    }

    // A lead sent the way the agent would (setup, not the part under test); returns its history id.
    QString sendLead(const QString &vendorId, const Lead &lead)
    {
        page()->vendorPicker()->setCurrentVendor(vendorId);
        page()->form()->setLead(lead);
        if (!submitButton()->isEnabled())
            return {};
        QSignalSpy submitted(page(), &LeadPage::submitted);
        submitButton()->click();
        if (!QTest::qWaitFor([this] { return !page()->isBusy(); }, 20000) || submitted.isEmpty())
            return {};
        return submitted.first().first().toString();
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        const QString problem = m_desk.setUp(60000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_desk.settings->setAgentName(u"tom.b"_s); // not the agent who recorded the consent on the first call
        m_desk.openWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_desk.window.get()));
    }

    void cleanup()
    {
        m_desk.tearDown();
        // Answers a failed test left queued would answer the next test's questions: drop them, then complain.
        const qsizetype pending = Dialogs::pendingAnswers();
        while (Dialogs::pendingAnswers() > 0)
            Dialogs::confirm(nullptr, {}, {}, {}, {});
        QCOMPARE(pending, 0);
    }

    // Item 2 and the "done when": from the form to the History tab, the first row, loaded, and sent to
    // the other buyer, with keys only.
    void keyboardOnlyResendToTheOtherBuyer()
    {
        Lead lead = validLead();
        lead.lastName = u"Reject"_s; // BHM's simulator refuses it
        const QString firstId = sendLead(u"bhm"_s, lead);
        QVERIFY(!firstId.isEmpty());
        QCOMPARE(page()->banner()->stateKey(), u"rejected"_s);

        key(Qt::Key_2, Qt::ControlModifier);
        HistoryView *history = m_desk.window->historyView();
        QVERIFY(history->isVisible());
        QCOMPARE(focusName(), u"searchEdit"_s);
        // Search, vendor, outcome, agent (a desk's own history offers it), from, to, clear filters: the table is the
        // eighth stop (Export… and Import returns… sit under the detail, read last).
        for (int i = 0; i < 7; ++i)
            key(Qt::Key_Tab);
        auto *table = history->findChild<QTableView *>(u"table"_s);
        QCOMPARE(QApplication::focusWidget(), table);
        QCOMPARE(history->selectedId(), firstId);
        QVERIFY(table->selectionModel()->isRowSelected(table->currentIndex().row(), {}));

        // Enter loads the row as it was: back on the form, BHM chosen, where it came from said. The refused lead
        // still on the form was not taken: the agent is asked before it is replaced.
        Dialogs::setNextAnswer(true);
        key(Qt::Key_Return);
        QVERIFY(Dialogs::lastQuestion().contains(u"has not been sent"_s));
        QVERIFY(page()->isVisible());
        QCOMPARE(page()->vendorPicker()->currentVendor()->id(), u"bhm"_s);
        QVERIFY2(page()->loadedFromText().startsWith(u"Loaded from the submission of "_s),
                 qPrintable(page()->loadedFromText()));
        QCOMPARE(edit(u"last_name"_s)->text(), u"Reject"_s);

        // Back to the row (the focus returns to the table) and to the other buyer. The loaded lead is in the
        // history already: replacing it asks nothing.
        // Ctrl+3 is the Dashboard, as the View menu says; Ctrl+2 comes back to the row (the focus returns to the
        // table).
        key(Qt::Key_3, Qt::ControlModifier);
        QVERIFY(m_desk.window->findChild<Dashboard *>()->isVisible());
        QVERIFY(!history->isVisible());
        key(Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), table);
        auto *other = history->findChild<QPushButton *>(u"otherBuyerButton"_s);
        QVERIFY2(other->isEnabled(), qPrintable(other->toolTip()));
        key(Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(page()->isVisible());
        QCOMPARE(page()->vendorPicker()->currentVendor()->id(), u"ntherm"_s);
        QVERIFY2(page()->loadedFromText().contains(u"now for nTherm"_s), qPrintable(page()->loadedFromText()));
        QVERIFY(submitButton()->isEnabled());
        QCOMPARE(QApplication::focusWidget(), submitButton());
        key(Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), 20000);
        QCOMPARE(m_desk.store->count({}), 2);
        const QList<SubmissionRecord> rows = m_desk.store->query({}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 2);
        QCOMPARE(rows.first().vendorId, u"ntherm"_s);
        QCOMPARE(rows.last().vendorId, u"bhm"_s);
    }

    // Item 3: "Load into form" gives back the lead as the agent sent it.
    void loadIntoFormIsFaithful()
    {
        const QString id = sendLead(u"bhm"_s, validLead());
        QVERIFY(!id.isEmpty());
        QCOMPARE(page()->banner()->stateKey(), u"sold"_s);
        // The agent moves on to the other buyer's campaign and a new lead.
        page()->vendorPicker()->setCurrentVendor(u"ntherm"_s);
        QVERIFY(page()->newLead());

        HistoryView *history = m_desk.window->historyView();
        m_desk.window->showHistory();
        QTRY_COMPARE(history->model()->rowCount(), 1);
        history->selectId(id);
        history->findChild<QPushButton *>(u"loadButton"_s)->click();

        QVERIFY(page()->isVisible());
        QCOMPARE(edit(u"phone"_s)->text(), u"(310) 555-1212"_s); // as the form shows it, not "3105551212"
        QCOMPARE(page()->vendorPicker()->currentVendor()->id(), u"bhm"_s);
        const SubmissionRecord record = *m_desk.store->record(id);
        const QString when = QLocale().toString(record.createdAt.toLocalTime(), u"yyyy-MM-dd HH:mm"_s);
        QCOMPARE(page()->loadedFromText(), u"Loaded from the submission of %1 to Bright Horizons Media."_s.arg(when));
        // The consent answers and their record stay, said to be the earlier call's.
        QVERIFY(page()->findChild<QRadioButton *>(u"consent_1_yes"_s)->isChecked());
        QVERIFY(page()->findChild<QRadioButton *>(u"consent_2_yes"_s)->isChecked());
        auto *recorded = page()->findChild<QLabel *>(u"consent_recorded"_s);
        const QString consented = QLocale().toString(ConsentedAt.toLocalTime(), u"yyyy-MM-dd HH:mm"_s);
        QCOMPARE(recorded->text(), u"Consent recorded %1 by maria.g (from the earlier submission)"_s.arg(consented));
        const Lead loaded = page()->form()->lead();
        QCOMPARE(loaded.consentRecordedAt, ConsentedAt.toUTC());
        QCOMPARE(loaded.agent, u"maria.g"_s);
        QCOMPARE(loaded.consent, validLead().consent);
        // The agent may ask again: that is a new record, by this agent.
        page()->findChild<QRadioButton *>(u"consent_1_yes"_s)->click();
        QVERIFY2(!recorded->text().contains(u"earlier"_s), qPrintable(recorded->text()));
        QVERIFY2(recorded->text().contains(u"tom.b"_s), qPrintable(recorded->text()));
        // A new lead forgets where the last one came from.
        Dialogs::setNextAnswer(true);
        QVERIFY(page()->newLead());
        QCOMPARE(page()->loadedFromText(), QString());
    }

    // Item 3: the other buyer only where the buyer said no; its problems at once.
    void otherBuyerShowsItsProblemsAtOnce()
    {
        Lead lead = validLead();
        lead.lastName = u"Reject"_s;
        lead.trustedFormCertUrl.clear(); // nTherm needs it (or consent answers it has): still fine
        lead.utility.clear();            // nTherm needs the utility, BHM does not
        const QString id = sendLead(u"bhm"_s, lead);
        QVERIFY(!id.isEmpty());
        QCOMPARE(page()->banner()->stateKey(), u"rejected"_s);
        HistoryView *history = m_desk.window->historyView();
        m_desk.window->showHistory();
        QTRY_COMPARE(history->model()->rowCount(), 1);
        history->selectId(id);
        Dialogs::setNextAnswer(true); // the refused lead is still on the form
        history->detail()->sendToOtherBuyer();
        QCOMPARE(page()->vendorPicker()->currentVendor()->id(), u"ntherm"_s);
        // Nothing was sent; what nTherm needs is listed and the list has the focus.
        QCOMPARE(m_desk.store->count({}), 1);
        QVERIFY(!page()->form()->isValid());
        const QString entries = page()->summary()->entryTexts().join(u'\n');
        QVERIFY2(entries.contains(u"Utility"_s), qPrintable(entries));
        // Under the field itself too, though the agent has not touched it.
        QVERIFY(!page()->form()->feedback(Key::Utility)->messageText().isEmpty());
        QVERIFY(page()->summary()->isAncestorOf(QApplication::focusWidget()));
    }

    // A training row offered to a buyer whose account is in production: the page says so.
    void trainingRowToAProductionBuyerIsSaid()
    {
        Lead lead = validLead();
        lead.lastName = u"Reject"_s;
        const QString id = sendLead(u"bhm"_s, lead);
        QVERIFY(!id.isEmpty());
        m_desk.settings->setMode(u"ntherm"_s, AccountMode::Production);
        HistoryView *history = m_desk.window->historyView();
        m_desk.window->showHistory();
        QTRY_COMPARE(history->model()->rowCount(), 1);
        history->selectId(id);
        Dialogs::setNextAnswer(true); // the refused lead is still on the form
        history->detail()->sendToOtherBuyer();
        QCOMPARE(page()->vendorPicker()->badgeText(), u"PRODUCTION"_s);
        QVERIFY2(page()->loadedFromText().contains(u"That submission was training; nTherm is set to PRODUCTION."_s),
                 qPrintable(page()->loadedFromText()));
    }

    // Item 6: a final result still to come to this desk's receiver: the agent is asked before quitting.
    void quittingWhileAFinalResultIsAwaitedAsks()
    {
        const QString id = sendLead(u"ntherm"_s, validLead());
        QVERIFY(!id.isEmpty());
        QCOMPARE(page()->banner()->stateKey(), u"accepted"_s); // preliminary: the simulator calls back in a minute
        Dialogs::setNextAnswer(false);
        QVERIFY(!m_desk.window->close());
        QVERIFY(m_desk.window->isVisible());
        QVERIFY2(Dialogs::lastQuestion().contains(u"arrives only while LeadRelay runs"_s),
                 qPrintable(Dialogs::lastQuestion()));
        Dialogs::setNextAnswer(true);
        QVERIFY(m_desk.window->close());
    }

    void quittingWithNothingAwaitedDoesNotAsk()
    {
        const QString id = sendLead(u"bhm"_s, validLead()); // sold, final at once
        QVERIFY(!id.isEmpty());
        QCOMPARE(page()->banner()->stateKey(), u"sold"_s);
        QVERIFY(m_desk.window->close());
    }
};

QTEST_MAIN(TestMainWindowHistory)
#include "tst_mainwindowhistory.moc"
