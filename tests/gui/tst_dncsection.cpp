// SPDX-License-Identifier: GPL-3.0-or-later
// Compliance at the desk: the calling-window warning the agent must acknowledge (kept for the consent record),
// the do-not-call verdict on the form, and "Customer asked not to be called" from the form and from a history row.
#include "gui/Dialogs.h"
#include "gui/DncSection.h"
#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "store/DncList.h"
#include "store/HistoryStore.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{

Lead texasLead(const QDateTime &consentAt)
{
    Lead lead;
    lead.firstName = u"Ana"_s;
    lead.lastName = u"Diaz"_s;
    lead.phone = u"(214) 555-0134"_s;
    lead.state = u"TX"_s;
    lead.zip = u"75201"_s;
    lead.consentRecordedAt = consentAt;
    return lead;
}

} // namespace

class TestDncSection : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<HistoryStore> m_store;
    // Sunday 2026-12-06, 11:15 in Dallas: outside Texas's Sunday window (noon to 9 p.m.).
    QDateTime m_now = QDateTime(QDate(2026, 12, 6), QTime(11, 15), QTimeZone("America/Chicago")).toUTC();

    DncSection::Services services()
    {
        DncSection::Services s;
        s.store = m_store.get();
        s.clock = [this] { return m_now; };
        s.agent = [] { return u"maria.g"_s; };
        return s;
    }

private Q_SLOTS:
    void init()
    {
        m_store = std::make_unique<HistoryStore>(
            m_dir.filePath(u"h%1.sqlite"_s.arg(QDateTime::currentMSecsSinceEpoch())), [this] { return m_now; });
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    }
    void cleanup() { m_store.reset(); }

    void outsideWindowNeedsAcknowledgment()
    {
        DncSection section(services());
        section.show();
        QApplication::setActiveWindow(&section);
        QVERIFY(QTest::qWaitForWindowActive(&section));
        auto *ack = section.findChild<QCheckBox *>(u"calling_window_ack"_s);
        auto *label = section.findChild<QLabel *>(u"calling_window_status"_s);
        QVERIFY(ack && label);
        // A new, empty form: no warning, only what the check waits for.
        section.refresh(Lead());
        QVERIFY2(!label->text().contains(u"OUTSIDE"_s), qPrintable(label->text()));
        QVERIFY(label->text().contains(u"state and ZIP"_s));
        QVERIFY(!ack->isVisible());
        // A state that is no state: the time cannot be known, and that is a warning.
        Lead nowhere = texasLead(QDateTime());
        nowhere.state = u"ZZ"_s;
        nowhere.zip.clear();
        section.refresh(nowhere);
        QVERIFY2(label->text().contains(u"OUTSIDE"_s), qPrintable(label->text()));
        // Before consent is recorded: the warning shows, nothing to acknowledge yet.
        section.refresh(texasLead(QDateTime()));
        QVERIFY(label->text().contains(u"OUTSIDE"_s));
        QVERIFY(label->text().contains(u"SB 140"_s));
        QVERIFY(!ack->isVisible());
        QVERIFY(section.mayRecordConsent());
        // Consent recorded at 11:15 local: sending waits for the acknowledgment, by keyboard too.
        section.refresh(texasLead(m_now));
        QVERIFY(ack->isVisible());
        QVERIFY(!section.mayRecordConsent());
        section.focusAcknowledgment();
        QTRY_VERIFY(ack->hasFocus());
        QTest::keyClick(ack, Qt::Key_Space);
        QVERIFY(ack->isChecked());
        QVERIFY(section.mayRecordConsent());
        const QJsonObject json = section.callingWindow().toJson();
        QCOMPARE(json.value(u"inside_window"_s).toBool(), false);
        QCOMPARE(json.value(u"acknowledged_outside_window"_s).toBool(), true);
        QCOMPARE(json.value(u"acknowledged_by"_s).toString(), u"maria.g"_s);
        QCOMPARE(json.value(u"consumer_local_time"_s).toString(), u"2026-12-06T11:15:00-06:00"_s);
        // Another consent (recorded later) needs its own acknowledgment.
        section.refresh(texasLead(m_now.addSecs(60)));
        QVERIFY(!ack->isChecked());
        QVERIFY(!section.mayRecordConsent());
        // At noon the window opens.
        section.refresh(texasLead(m_now.addSecs(45 * 60)));
        QVERIFY(section.mayRecordConsent());
        QVERIFY(!ack->isVisible());
        QVERIFY(!label->text().contains(u"OUTSIDE"_s));
    }

    void doNotCallFromTheForm()
    {
        DncSection section(services());
        section.show();
        auto *button = section.findChild<QPushButton *>(u"dnc_add_button"_s);
        auto *label = section.findChild<QLabel *>(u"dnc_status"_s);
        section.refresh(texasLead(QDateTime()));
        QVERIFY(button->isEnabled());
        QVERIFY(!label->isVisible());
        QVERIFY(!section.dncCheck().listed());
        Dialogs::setNextAnswer(true);
        QTest::keyClick(button, Qt::Key_Space);
        QVERIFY(section.dncCheck().company);
        QCOMPARE(section.dncCheck().company->source, u"form"_s);
        QVERIFY(label->isVisible());
        QVERIFY(!button->isEnabled());
        QVERIFY(DncList(m_store.get()).activeEntry(u"2145550134"_s));
        QCOMPARE(section.dncCheck().toJson().value(u"company_list_hit"_s).toBool(), true);
    }

    void doNotCallFromAHistoryRow()
    {
        SubmissionStart start;
        start.lead = texasLead(m_now);
        start.vendorId = u"bhm"_s;
        start.accountMode = u"training"_s;
        const QString id = m_store->begin(start);
        QVERIFY(!id.isEmpty());
        HistoryView view(m_store.get(), nullptr, [this] { return m_now; });
        view.show();
        // The history's rows arrive from its worker thread.
        QVERIFY(QTest::qWaitFor([&] { return view.model()->rowCount() > 0 && !view.model()->isLoading(); }, 30000));
        view.selectId(id);
        QCOMPARE(view.selectedId(), id);
        auto *action = view.findChild<QAction *>(u"action_do_not_call"_s);
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
        Dialogs::setNextAnswer(true);
        action->trigger();
        const auto entry = DncList(m_store.get()).activeEntry(u"2145550134"_s);
        QVERIFY(entry);
        QCOMPARE(entry->source, u"history:"_s + id);
        // The next lead to that phone is refused by the store.
        m_now = m_now.addDays(60);
        QVERIFY(m_store->beginChecked(start).doNotCall);
    }
};

QTEST_MAIN(TestDncSection)
#include "tst_dncsection.moc"
