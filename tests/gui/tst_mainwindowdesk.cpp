// SPDX-License-Identifier: GPL-3.0-or-later
// The agent's desk (issue 11) by keyboard: where the cursor is at start, after Ctrl+N and after a send, that no Tab
// stop is invisible, and the words a training answer, the side panel and the problem list use. Keys go through the
// window (QTest on the QWindow), as a real keyboard's do, so they land wherever the focus really is.
#include "DeskFixture.h"
#include "gui/AppSettings.h"
#include "gui/CredentialStore.h"
#include "gui/Dialogs.h"
#include "gui/FieldFeedback.h"
#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "gui/LeadForm.h"
#include "gui/LeadPage.h"
#include "gui/MainWindow.h"
#include "gui/OutcomeBanner.h"
#include "gui/ValidationSummary.h"
#include "gui/VendorPicker.h"
#include "net/VendorSimulator.h"
#include "store/HistoryStore.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using DeskTest::validLead;

class TestMainWindowDesk : public QObject
{
    Q_OBJECT

private:
    DeskTest::Desk m_desk;

    LeadPage *page() const { return m_desk.window->leadPage(); }
    QPushButton *submitButton() const { return page()->findChild<QPushButton *>(u"submit"_s); }
    QLineEdit *edit(const QString &name) const { return page()->findChild<QLineEdit *>(name); }
    // Typed as on a keyboard: to the window, which hands the keys to its focus widget.
    void type(const QString &text)
    {
        for (const char key : text.toLatin1())
            QTest::keyClick(m_desk.window->windowHandle(), key);
    }

    static QString describe(const QWidget *widget)
    {
        return widget ? u"%1 (%2)"_s.arg(widget->objectName(), QString::fromLatin1(widget->metaObject()->className()))
                      : u"nothing"_s;
    }

    // Visible, enabled and something that takes keys for itself: not a container that only scrolls.
    static bool isUsefulFocus(const QWidget *widget)
    {
        if (!widget || !widget->isVisible() || !widget->isEnabled())
            return false;
        const bool bareScrollArea =
            qobject_cast<const QAbstractScrollArea *>(widget) && !qobject_cast<const QAbstractItemView *>(widget);
        return !bareScrollArea && widget->objectName() != u"qt_scrollarea_viewport"_s;
    }

    void sendAndWait()
    {
        QVERIFY2(submitButton()->isEnabled(), qPrintable(page()->banner()->title()));
        submitButton()->setFocus(); // as after Tab to it; the click is the agent's Space
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), 20000);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        const QString problem = m_desk.setUp(60000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_desk.openWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_desk.window.get()));
    }

    void cleanup()
    {
        m_desk.tearDown();
        QCOMPARE(Dialogs::pendingAnswers(), 0);
    }

    // Item 1: the agent opens LeadRelay and types the customer's name at once.
    void typingAtStartLandsInFirstName()
    {
        QVERIFY2(QApplication::focusWidget() == edit(u"first_name"_s),
                 qPrintable(describe(QApplication::focusWidget())));
        type(u"Ann"_s);
        QCOMPARE(edit(u"first_name"_s)->text(), u"Ann"_s);
        // The next Tab stop is the next field, not something invisible that swallows the keys.
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Tab);
        type(u"Lee"_s);
        QCOMPARE(edit(u"last_name"_s)->text(), u"Lee"_s);
    }

    // Item 1: every Tab stop of the lead page, all the way round, is one the agent can see and type into.
    void noInvisibleTabStops()
    {
        QWidget *start = QApplication::focusWidget();
        QVERIFY(start);
        QStringList visited;
        for (int i = 0; i < 80; ++i) {
            QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Tab);
            QWidget *now = QApplication::focusWidget();
            visited << describe(now);
            QVERIFY2(isUsefulFocus(now),
                     qPrintable(u"Tab stop %1: %2 after %3"_s.arg(i + 1).arg(describe(now), visited.join(u", "_s))));
            if (now == start)
                break;
        }
        QVERIFY2(QApplication::focusWidget() == start, qPrintable(visited.join(u", "_s)));
        QVERIFY(visited.size() > 20); // every field of the form, the send button, the vendor picker...
    }

    // Item 1: Ctrl+N (after answering "discard") puts the cursor in the first field again.
    void ctrlNPutsTheCursorInFirstName()
    {
        edit(u"last_name"_s)->setFocus();
        type(u"Doe"_s);
        QCOMPARE(edit(u"last_name"_s)->text(), u"Doe"_s);
        Dialogs::setNextAnswer(true);
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_N, Qt::ControlModifier);
        QCOMPARE(edit(u"last_name"_s)->text(), QString());
        type(u"Ann"_s);
        QCOMPARE(edit(u"first_name"_s)->text(), u"Ann"_s);
        // From the History tab too: Ctrl+N comes back to the form with the cursor in place.
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_2, Qt::ControlModifier);
        QVERIFY(!page()->isVisible());
        Dialogs::setNextAnswer(true);
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_N, Qt::ControlModifier);
        type(u"Bo"_s);
        QCOMPARE(edit(u"first_name"_s)->text(), u"Bo"_s);
    }

    // Item 1: after a send the focus is visible and useful; what the agent types next is never lost.
    void keysAfterASoldLeadStartTheNextLead()
    {
        page()->vendorPicker()->setCurrentVendor(u"bhm"_s);
        page()->form()->setLead(validLead());
        sendAndWait();
        QCOMPARE(page()->banner()->stateKey(), u"sold"_s);
        QWidget *focus = QApplication::focusWidget();
        QVERIFY2(isUsefulFocus(focus), qPrintable(describe(focus)));
        QCOMPARE(focus->objectName(), u"outcome_new_lead"_s);
        // The next customer's name: a new lead starts and not a letter is lost.
        type(u"Ann"_s);
        QCOMPARE(edit(u"first_name"_s)->text(), u"Ann"_s);
        QCOMPARE(edit(u"last_name"_s)->text(), QString());
        QCOMPARE(page()->banner()->stateKey(), QString());
    }

    void keysAfterARejectedLeadAreNotLost()
    {
        page()->vendorPicker()->setCurrentVendor(u"bhm"_s);
        Lead lead = validLead();
        lead.lastName = u"Reject"_s;
        page()->form()->setLead(lead);
        sendAndWait();
        QCOMPARE(page()->banner()->stateKey(), u"rejected"_s);
        QWidget *focus = QApplication::focusWidget();
        QVERIFY2(isUsefulFocus(focus), qPrintable(describe(focus)));
        // Back where the agent was (the send button), or on a field to correct: not on the page tab.
        QVERIFY2(focus == submitButton() || page()->form()->isAncestorOf(focus), qPrintable(describe(focus)));
    }

    // Item 5: a simulator's sale says nothing is billed, in the banner and in the history; the side panel does not
    // say "ready to send" while Send is off after the send.
    void trainingSaleIsNotBillable()
    {
        page()->vendorPicker()->setCurrentVendor(u"bhm"_s);
        page()->form()->setLead(validLead());
        sendAndWait();
        QCOMPARE(page()->banner()->stateKey(), u"sold"_s);
        const QString title = page()->banner()->title();
        QVERIFY2(title.startsWith(u"SOLD (training: nothing billed)"_s), qPrintable(title));
        QVERIFY2(!title.contains(u"billable"_s, Qt::CaseInsensitive), qPrintable(title));
    }

    // The store records what the simulator answered (billable); the history view must not show it as billed.
    void trainingRowHasNoBillableMark()
    {
        page()->vendorPicker()->setCurrentVendor(u"bhm"_s);
        page()->form()->setLead(validLead());
        sendAndWait();
        HistoryTableModel *model = m_desk.window->historyView()->model();
        QTRY_COMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, HistoryTableModel::BillableColumn).data().toString(), u"No (training)"_s);
    }

    void sidePanelIsNotReadyAfterASend()
    {
        page()->vendorPicker()->setCurrentVendor(u"bhm"_s);
        page()->form()->setLead(validLead());
        QVERIFY(page()->summary()->headline().startsWith(u"✔ Ready to send"_s));
        sendAndWait();
        QCOMPARE(page()->banner()->stateKey(), u"sold"_s);
        QVERIFY(!submitButton()->isEnabled());
        const QString headline = page()->summary()->headline();
        QVERIFY2(!headline.contains(u"Ready to send"_s), qPrintable(headline));
        QVERIFY2(headline.contains(u"Sent to Bright Horizons Media"_s), qPrintable(headline));
        // Once the agent changes the lead, Send is on again and so is the usual headline.
        page()->findChild<QLineEdit *>(u"sub1"_s)->setFocus();
        type(u"x"_s);
        QVERIFY(submitButton()->isEnabled());
        QVERIFY(page()->summary()->headline().startsWith(u"✔ Ready to send"_s));
    }

    // Item 5: while the lead is in flight Send is off; the panel says so instead of "ready to send".
    void sidePanelIsNotReadyWhileSending()
    {
        page()->vendorPicker()->setCurrentVendor(u"bhm"_s);
        page()->form()->setLead(validLead());
        submitButton()->setFocus();
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Space);
        QVERIFY(page()->isBusy());
        QVERIFY(!submitButton()->isEnabled());
        const QString headline = page()->summary()->headline();
        QVERIFY2(!headline.contains(u"Ready to send"_s), qPrintable(headline));
        QVERIFY2(headline.contains(u"Sending to Bright Horizons Media"_s), qPrintable(headline));
        QTRY_VERIFY_WITH_TIMEOUT(!page()->isBusy(), 20000);
    }

    // Item 5: the duplicate question is asked over a banner that says nothing was sent (not "Sending…, the form is
    // locked"), and names the earlier outcome in ordinary words. The real dialog is shown and answered by keyboard.
    void duplicateQuestionIsNotAskedOverSending()
    {
        page()->vendorPicker()->setCurrentVendor(u"bhm"_s);
        page()->form()->setLead(validLead());
        sendAndWait();
        QCOMPARE(page()->banner()->stateKey(), u"sold"_s);
        type(u"A"_s); // a new lead starts on the first key
        page()->form()->setLead(validLead());
        QString bannerKey, bannerTitle, question;
        bool bannerBusy = true;
        bool asked = false;
        std::function<void()> answer = [&] {
            QWidget *box = QApplication::activeModalWidget();
            if (!box) {
                QTimer::singleShot(10, this, answer);
                return;
            }
            asked = true;
            bannerKey = page()->banner()->stateKey();
            bannerTitle = page()->banner()->title();
            bannerBusy = page()->banner()->isBusy();
            question = Dialogs::lastQuestion();
            QTest::keyClick(box, Qt::Key_Escape); // "Do not send"
        };
        QTimer::singleShot(10, this, answer);
        sendAndWait();
        QVERIFY(asked);
        QVERIFY2(!bannerBusy && bannerKey != u"sending"_s, qPrintable(bannerTitle));
        QVERIFY2(!bannerTitle.contains(u"Sending"_s), qPrintable(bannerTitle));
        QVERIFY2(question.contains(u"(outcome: sold)"_s), qPrintable(question));
        QVERIFY2(!question.contains(u"SOLD"_s), qPrintable(question));
        QCOMPARE(page()->banner()->stateKey(), u"duplicate"_s);
        QCOMPARE(m_desk.store->count({}), 1);
    }

    // Item 5: Tab from question 1 to question 2 says nothing about question 2; leaving the group does.
    void consentGroupReportsWhenLeft()
    {
        auto *first = page()->findChild<QRadioButton *>(u"consent_1_yes"_s);
        auto *second = page()->findChild<QRadioButton *>(u"consent_2_yes"_s);
        FieldFeedback *consent = page()->form()->feedback(Key::Consent);
        first->setFocus();
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Space);
        QVERIFY(first->isChecked());
        QVERIFY2(consent->messageText().isEmpty(), qPrintable(consent->messageText()));
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Tab);
        QVERIFY2(QApplication::focusWidget() == second, qPrintable(describe(QApplication::focusWidget())));
        QVERIFY2(consent->messageText().isEmpty(), qPrintable(consent->messageText()));
        // Out of the group with question 2 unanswered: now it is reported.
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Tab);
        QVERIFY(
            !page()->form()->findChild<QWidget *>(u"consent_questions"_s)->isAncestorOf(QApplication::focusWidget()));
        QVERIFY2(!consent->messageText().isEmpty(), "leaving the group with an unanswered question says so");
    }

    // Consent by keyboard: Y answers yes and moves to the next question, N answers no; Left/Right never answer.
    void consentAnsweredWithYAndN()
    {
        auto *first = page()->findChild<QRadioButton *>(u"consent_1_yes"_s);
        first->setFocus();
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Right);
        QVERIFY(!first->isChecked());
        QCOMPARE(QApplication::focusWidget()->objectName(), u"consent_1_no"_s);
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_Y);
        QVERIFY(first->isChecked());
        QCOMPARE(QApplication::focusWidget()->objectName(), u"consent_2_yes"_s);
        QTest::keyClick(m_desk.window->windowHandle(), Qt::Key_N);
        QVERIFY(page()->findChild<QRadioButton *>(u"consent_2_no"_s)->isChecked());
        QVERIFY(
            !page()->form()->findChild<QWidget *>(u"consent_questions"_s)->isAncestorOf(QApplication::focusWidget()));
        const Lead lead = page()->form()->lead();
        QCOMPARE(lead.consent.size(), 2);
        QCOMPARE(lead.consent.at(0).answer, u"Yes"_s);
        QCOMPARE(lead.consent.at(1).answer, u"No"_s);
        QCOMPARE(lead.agent, u"maria.g"_s);
    }

    // Item 5: a leading 1 is a country code only in a complete 11-digit number.
    void phoneLeadingOneIsNotACountryCode_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("shown");
        QTest::newRow("incomplete") << u"12345"_s << u"12345"_s;
        QTest::newRow("ten digits") << u"1310555121"_s << u"1310555121"_s;
        QTest::newRow("complete with country code") << u"13105551212"_s << u"1 (310) 555-1212"_s;
        QTest::newRow("plain") << u"3105551212"_s << u"(310) 555-1212"_s;
    }

    void phoneLeadingOneIsNotACountryCode()
    {
        QFETCH(QString, typed);
        QFETCH(QString, shown);
        edit(u"phone"_s)->setFocus();
        type(typed);
        QCOMPARE(edit(u"phone"_s)->text(), shown);
    }

    // Item 5: the problem list names a mailing field as a mailing field, not with the service address's caption.
    void mailingProblemsSayMailing()
    {
        page()->vendorPicker()->setCurrentVendor(u"bhm"_s);
        Lead lead = validLead();
        lead.mailingSameAsService = false;
        lead.mailingState = u"C"_s;
        lead.mailingZip = u"123"_s;
        page()->form()->setLead(lead);
        page()->form()->revealAll();
        const QStringList entries = page()->summary()->entryTexts();
        const QString all = entries.join(u'\n');
        QVERIFY2(all.contains(u"Mailing state: "_s), qPrintable(all));
        QVERIFY2(all.contains(u"Mailing ZIP: "_s), qPrintable(all));
        for (const QString &entry : entries)
            QVERIFY2(!entry.startsWith(u"State: "_s) && !entry.startsWith(u"ZIP: "_s), qPrintable(entry));
    }
};

QTEST_MAIN(TestMainWindowDesk)
#include "tst_mainwindowdesk.moc"
