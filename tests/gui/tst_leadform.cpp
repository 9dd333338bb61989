// SPDX-License-Identifier: GPL-3.0-or-later
// The lead form as an agent meets it: typing field by field, live problems appearing and clearing, required
// marks per vendor, the send button, "same as service address", consent recording.
#include "gui/Dialogs.h"
#include "gui/DraftStore.h"
#include "gui/LeadForm.h"
#include "gui/LeadPage.h"
#include "gui/ValidationSummary.h"
#include "gui/VendorPicker.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{
ino_t inodeOf(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_ino : 0;
}

const QDateTime Now = QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5), Qt::UTC);

using Fields = QList<QPair<QString, QString>>;

// What an agent types for a lead both vendors accept, in tab order.
Fields fullLead(const QString &vendorId)
{
    Fields fields{
        {u"first_name"_s, u"John"_s},  {u"last_name"_s, u"Doe"_s},
        {u"phone"_s, u"3105551212"_s}, {u"email"_s, u"john.doe@example.com"_s},
        {u"dob"_s, u"1980-04-02"_s},   {u"street"_s, u"123 Main St"_s},
        {u"city"_s, u"Los Angeles"_s}, {u"state"_s, u"ca"_s},
        {u"zip"_s, u"90001"_s},
    };
    if (vendorId == u"ntherm"_s)
        fields << Fields{
            {u"mailing_street"_s, u"456 Secondary St"_s},
            {u"mailing_city"_s, u"San Francisco"_s},
            {u"mailing_state"_s, u"CA"_s},
            {u"mailing_zip"_s, u"94101"_s},
            {u"decision_maker"_s, u"Jane Doe"_s},
            {u"utility"_s, u"Utility Provider"_s},
            {u"campaign"_s, u"OHIO_GENERAL_RESIDENTIAL"_s},
            {u"trustedform_cert_url"_s, u"https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567"_s}};
    else
        fields << Fields{{u"jornaya_lead_id"_s, u"01234567-89AB-CDEF-0123-456789ABCDEF"_s},
                         {u"source_url"_s, u"https://www.example.com/form/"_s},
                         {u"ip"_s, u"184.248.249.118"_s},
                         {u"sub1"_s, u"agent-desk-7"_s}};
    return fields;
}
} // namespace

class TestLeadForm : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LeadPage> m_page;
    VendorAccount m_account;

    LeadForm *form() const { return m_page->form(); }
    QLineEdit *edit(const QString &key) const
    {
        auto *e = m_page->findChild<QLineEdit *>(key);
        if (!e)
            qWarning("no input named %s", qPrintable(key));
        return e;
    }
    QLabel *label(const QString &name) const { return m_page->findChild<QLabel *>(name); }
    QPushButton *submitButton() const { return m_page->findChild<QPushButton *>(u"submit"_s); }
    void chooseVendor(const QString &id) const { m_page->vendorPicker()->setCurrentVendor(id); }
    // Types as an agent does: focus, keys, then Tab away.
    void type(const QString &key, const QString &text) const
    {
        QLineEdit *e = edit(key);
        QVERIFY(e);
        e->setFocus();
        QTest::keyClicks(e, text);
        Q_EMIT e->editingFinished();
    }
    void clearField(const QString &key) const
    {
        QLineEdit *e = edit(key);
        e->selectAll();
        QTest::keyClick(e, Qt::Key_Delete);
    }
    bool messageShown(const QString &key) const
    {
        QLabel *message = label(key + u"_message"_s);
        return message && !message->isHidden() && !message->text().isEmpty();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_account = {};
        LeadPage::Services services;
        services.account = [this](const QString &vendorId) {
            VendorAccount account = m_account;
            account.vendorId = vendorId;
            return account;
        };
        services.agent = [] { return u"maria.g"_s; };
        services.clock = [] { return Now; };
        services.draftPath = m_dir->filePath(u"draft.json"_s);
        m_page = std::make_unique<LeadPage>(services);
        m_page->resize(1300, 900);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        chooseVendor(u"ntherm"_s);
    }

    void cleanup()
    {
        m_page.reset();
        m_dir.reset();
    }

    void freshFormShowsNoProblemsButCountsThem()
    {
        for (const QString &key : Lead::textKeys())
            QVERIFY2(!messageShown(key), qPrintable(key));
        QVERIFY(m_page->summary()->blockingCount() > 0);
        QVERIFY(m_page->summary()->headline().contains(QString::number(m_page->summary()->blockingCount())));
        QVERIFY(!submitButton()->isEnabled());
    }

    void invalidPhoneShowsMessageThenClears()
    {
        type(u"phone"_s, u"12345"_s);
        QVERIFY(messageShown(u"phone"_s));
        QVERIFY(label(u"phone_message"_s)->text().startsWith(u"✖"_s));
        QCOMPARE(edit(u"phone"_s)->property("issue").toString(), u"error"_s);
        QVERIFY(edit(u"phone"_s)->accessibleDescription().startsWith(u"required by nTherm; ✖"_s));
        // The summary now names the phone, and activating the entry puts the cursor there.
        const QStringList entries = m_page->summary()->entryTexts();
        QVERIFY(
            std::any_of(entries.cbegin(), entries.cend(), [](const QString &t) { return t.startsWith(u"Phone"_s); }));

        clearField(u"phone"_s);
        type(u"phone"_s, u"3105551212"_s);
        QCOMPARE(edit(u"phone"_s)->text(), u"(310) 555-1212"_s);
        QVERIFY(!messageShown(u"phone"_s));
        QCOMPARE(edit(u"phone"_s)->property("issue").toString(), QString());
    }

    void backspaceThroughFormattedPhone()
    {
        type(u"phone"_s, u"3105551212"_s);
        QLineEdit *phone = edit(u"phone"_s);
        auto digits = [phone] {
            return int(
                std::count_if(phone->text().cbegin(), phone->text().cend(), [](QChar c) { return c.isDigit(); }));
        };
        // Every Backspace removes a digit, also where the formatter put punctuation.
        for (int expected = 9; expected >= 0; --expected) {
            QTest::keyClick(phone, Qt::Key_Backspace);
            QCOMPARE(digits(), expected);
        }
        QCOMPARE(phone->text(), QString());
    }

    void draftStoreDebouncesAndSaves()
    {
        const QString path = m_dir->filePath(u"sub/draft.json"_s);
        DraftStore store(path);
        QSignalSpy saved(&store, &DraftStore::saved);
        Lead lead;
        for (const QString &name : {u"J"_s, u"Jo"_s, u"John"_s}) {
            lead.firstName = name;
            store.schedule(lead);
        }
        QVERIFY(!QFile::exists(path));
        QTRY_COMPARE(saved.size(), 1);
        const DraftStore::Loaded loaded = store.load();
        QVERIFY(loaded.lead);
        QCOMPARE(loaded.lead->firstName, u"John"_s);
        QVERIFY(loaded.savedAt.isValid());
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        // Nothing typed any more: no draft.
        store.schedule(Lead{});
        QTRY_VERIFY(!QFile::exists(path));
    }

    // Atomic means replaced: the new draft is a new file renamed over the old one. A reader that opened the old
    // draft before the save still reads all of it, the path names a different file (inode) afterwards, and no
    // temporary file is left behind. Writing in place (truncate, then write) fails each of these.
    void draftIsReplacedNeverRewrittenInPlace()
    {
        const QString path = m_dir->filePath(u"atomic/draft.json"_s);
        DraftStore store(path);
        Lead old;
        old.firstName = u"Old"_s;
        old.street = QString(20000, u'x'); // large enough that a half-written file would show
        QVERIFY(store.saveNow(old));
        QFile reader(path);
        QVERIFY(reader.open(QIODevice::ReadOnly));
        const QByteArray oldBytes = old.toJsonBytes();
        const ino_t oldInode = inodeOf(path);
        QVERIFY(oldInode != 0);

        Lead fresh;
        fresh.firstName = u"New"_s;
        QVERIFY(store.saveNow(fresh));

        QCOMPARE(reader.readAll(), oldBytes);
        QVERIFY2(inodeOf(path) != oldInode, "the draft was rewritten in place");
        QFile now(path);
        QVERIFY(now.open(QIODevice::ReadOnly));
        QCOMPARE(now.readAll(), fresh.toJsonBytes());
        QCOMPARE(QDir(QFileInfo(path).absolutePath()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{u"draft.json"_s});
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
    }

    void warningsAreDistinctFromErrors()
    {
        type(u"state"_s, u"ny"_s);
        QCOMPARE(edit(u"state"_s)->text(), u"NY"_s);
        type(u"zip"_s, u"90001"_s);
        QVERIFY(messageShown(u"zip"_s));
        QVERIFY(label(u"zip_message"_s)->text().startsWith(u"⚠ Warning:"_s));
        QCOMPARE(edit(u"zip"_s)->property("issue").toString(), u"warning"_s);
        // A warning does not block: fixing the state removes it.
        clearField(u"state"_s);
        type(u"state"_s, u"CA"_s);
        QVERIFY(!messageShown(u"zip"_s));
    }

    void summaryEntryFocusesField()
    {
        QApplication::setActiveWindow(m_page.get());
        type(u"email"_s, u"not-an-email"_s);
        QVERIFY(messageShown(u"email"_s));
        auto *list = m_page->summary()->findChild<QListWidget *>(u"summary_list"_s);
        QListWidgetItem *emailItem = nullptr;
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->text().startsWith(u"E-mail"_s))
                emailItem = list->item(i);
        QVERIFY(emailItem);
        edit(u"first_name"_s)->setFocus();
        Q_EMIT list->itemActivated(emailItem);
        QTRY_COMPARE(QApplication::focusWidget(), edit(u"email"_s));
    }

    void typeFullLead_data()
    {
        QTest::addColumn<QString>("vendorId");
        QTest::newRow("ntherm") << u"ntherm"_s;
        QTest::newRow("bhm") << u"bhm"_s;
    }

    void typeFullLead()
    {
        QFETCH(QString, vendorId);
        chooseVendor(vendorId);
        const Fields fields = fullLead(vendorId);
        for (qsizetype i = 0; i < fields.size(); ++i) {
            QVERIFY2(!submitButton()->isEnabled(), qPrintable(fields.at(i).first));
            type(fields.at(i).first, fields.at(i).second);
            QVERIFY2(!messageShown(fields.at(i).first), qPrintable(label(fields.at(i).first + u"_message"_s)->text()));
        }
        if (vendorId == u"ntherm"_s) {
            // nTherm needs explicit consent answers once any are given; the certificate covers N2.
            QVERIFY(submitButton()->isEnabled());
            m_page->findChild<QRadioButton *>(u"consent_1_yes"_s)->click();
            QVERIFY(!submitButton()->isEnabled());
            // Question 2 is about to be answered: no message yet (issue 11, item 5). Leaving the group shows it.
            QVERIFY(!messageShown(u"consent"_s));
            m_page->findChild<QRadioButton *>(u"consent_2_yes"_s)->click();
        }
        QVERIFY2(submitButton()->isEnabled(), qPrintable(m_page->summary()->entryTexts().join(u"; "_s)));
        QVERIFY(m_page->summary()->headline().contains(u"Ready"_s));
        QCOMPARE(m_page->summary()->blockingCount(), 0);
        const Lead lead = form()->lead();
        QCOMPARE(lead.state, u"CA"_s);
        QCOMPARE(lead.phone, u"(310) 555-1212"_s);
        QCOMPARE(lead.firstName, u"John"_s);
    }

    void requiredMarksFollowVendor()
    {
        QCOMPARE(label(u"decision_maker_label"_s)->text(), u"Decision maker *"_s);
        QVERIFY(!label(u"ip_label"_s)->text().endsWith(u"*"_s));
        QCOMPARE(edit(u"decision_maker"_s)->accessibleDescription(), u"required by nTherm"_s);
        QVERIFY(label(u"mailing_street_label"_s)->text().endsWith(u" *"_s));
        chooseVendor(u"bhm"_s);
        QCOMPARE(label(u"decision_maker_label"_s)->text(), u"Decision maker"_s);
        QCOMPARE(edit(u"decision_maker"_s)->accessibleDescription(), QString());
        QCOMPARE(label(u"ip_label"_s)->text(), u"Consumer IP *"_s);
        QCOMPARE(label(u"jornaya_lead_id_label"_s)->text(), u"Jornaya LeadiD (*)"_s);
        QVERIFY(!label(u"mailing_street_label"_s)->text().endsWith(u"*"_s));
    }

    void switchingVendorUpdatesProblemsAtOnce()
    {
        type(u"decision_maker"_s, u"x"_s);
        clearField(u"decision_maker"_s);
        QVERIFY(messageShown(u"decision_maker"_s)); // required by nTherm, touched, empty
        chooseVendor(u"bhm"_s);
        QVERIFY(!messageShown(u"decision_maker"_s));
        chooseVendor(u"ntherm"_s);
        QVERIFY(messageShown(u"decision_maker"_s));
    }

    void sameAsServiceFillsLocksAndSyncs()
    {
        type(u"street"_s, u"123 Main St"_s);
        type(u"city"_s, u"Boston"_s);
        type(u"state"_s, u"MA"_s);
        type(u"zip"_s, u"02134"_s);
        auto *same = m_page->findChild<QCheckBox *>(u"mailing_same_as_service"_s);
        QVERIFY(same && same->isVisible());
        same->click();
        for (const QString &key : {u"street"_s, u"city"_s, u"state"_s, u"zip"_s}) {
            QCOMPARE(edit(u"mailing_"_s + key)->text(), edit(key)->text());
            QVERIFY(edit(u"mailing_"_s + key)->isReadOnly());
        }
        type(u"city"_s, u"ton"_s); // "Bostonton": the copy follows
        QCOMPARE(edit(u"mailing_city"_s)->text(), u"Bostonton"_s);
        QVERIFY(form()->lead().mailingSameAsService);
        same->click();
        QVERIFY(!edit(u"mailing_city"_s)->isReadOnly());
        QVERIFY(!form()->lead().mailingSameAsService);
    }

    void consentRecordsTimeAndAgent()
    {
        QCOMPARE(label(u"consent_script_text"_s)->text(),
                 u"Do you consent to be contacted?\nDo you agree to the terms and conditions?"_s);
        auto *yes1 = m_page->findChild<QRadioButton *>(u"consent_1_yes"_s);
        auto *no2 = m_page->findChild<QRadioButton *>(u"consent_2_no"_s);
        QVERIFY(yes1 && no2);
        QVERIFY(!yes1->isChecked() && !m_page->findChild<QRadioButton *>(u"consent_1_no"_s)->isChecked());
        yes1->click();
        QVERIFY(!form()->lead().consentRecordedAt.isValid());
        no2->click();
        QCOMPARE(label(u"consent_recorded"_s)->text(), u"Recorded 17:04 UTC by maria.g"_s);
        const Lead lead = form()->lead();
        QCOMPARE(lead.consentRecordedAt, Now);
        QCOMPARE(lead.agent, u"maria.g"_s);
        QCOMPARE(lead.consent.size(), 2);
        QCOMPARE(lead.consent.at(0).answer, u"Yes"_s);
        QCOMPARE(lead.consent.at(1).answer, u"No"_s);
        QCOMPARE(lead.consent.at(1).question, u"Do you agree to the terms and conditions?"_s);
    }

    void accountDefaultsFillOnlyEmptyFields()
    {
        m_account.campaign = u"OHIO_GENERAL_RESIDENTIAL"_s;
        m_account.sourceUrl = u"https://intake.example.com/"_s;
        m_account.sub1 = u"desk-7"_s;
        m_account.consentScript = u"Hello.\n1. May we call you?\n2. Is this your number?"_s;
        type(u"sub1"_s, u"typed"_s);
        m_page->refreshAccount();
        QCOMPARE(edit(u"campaign"_s)->text(), m_account.campaign);
        QCOMPARE(edit(u"source_url"_s)->text(), m_account.sourceUrl);
        QCOMPARE(edit(u"sub1"_s)->text(), u"typed"_s);
        QCOMPARE(m_page->findChild<QLabel *>(u"consent_1_question"_s)->text(), u"May we call you?"_s);
    }

    void vendorMessagesShowOnFieldsUntilEdited()
    {
        form()->setVendorIssues({{Key::State, Severity::Error, u"Invalid State Code (2 characters): C"_s}});
        QVERIFY(messageShown(u"state"_s));
        QVERIFY(label(u"state_message"_s)->text().contains(u"Invalid State Code"_s));
        type(u"state"_s, u"CA"_s);
        QVERIFY(!label(u"state_message"_s)->text().contains(u"Invalid State Code"_s));
    }

    void newLeadAsksBeforeDiscarding()
    {
        type(u"first_name"_s, u"John"_s);
        Dialogs::setNextAnswer(false);
        QVERIFY(!m_page->newLead());
        QCOMPARE(edit(u"first_name"_s)->text(), u"John"_s);
        Dialogs::setNextAnswer(true);
        QVERIFY(m_page->newLead());
        QCOMPARE(edit(u"first_name"_s)->text(), QString());
        QCOMPARE(Dialogs::pendingAnswers(), 0);
        // Nothing typed: no question at all.
        QVERIFY(m_page->newLead());
    }

    void tabOrderFollowsTheForm_data()
    {
        QTest::addColumn<QString>("vendorId");
        QTest::addColumn<bool>("ready"); // every field filled and the consent answered Yes, then No
        QTest::addColumn<QStringList>("expected");
        // Down the left column (customer, service address, mailing address), then down the right one (deal,
        // consent, certificate, tracking). A consent question is one stop, as every exclusive radio group: Tab
        // lands on the answer last chosen or focused in it (Yes before any), the arrow keys change it.
        const QStringList fields{
            u"first_name"_s,
            u"last_name"_s,
            u"phone"_s,
            u"email"_s,
            u"dob"_s,
            u"street"_s,
            u"city"_s,
            u"state"_s,
            u"zip"_s,
            u"mailing_same_as_service"_s,
            u"mailing_street"_s,
            u"mailing_city"_s,
            u"mailing_state"_s,
            u"mailing_zip"_s,
            u"decision_maker"_s,
            u"utility"_s,
            u"campaign"_s,
            u"consent_1_yes"_s,
            u"consent_2_yes"_s,
            u"trustedform_cert_url"_s,
            u"jornaya_lead_id"_s,
            u"source_url"_s,
            u"ip"_s,
            u"sub1"_s,
            u"sub2"_s,
            u"sub3"_s,
            u"sub4"_s,
            u"sub5"_s,
        };
        QStringList answered = fields;
        answered.replace(answered.indexOf(u"consent_2_yes"_s), u"consent_2_no"_s);
        // After the last field: the send button, or (while it is disabled) the list of what blocks sending.
        QTest::newRow("ntherm, blocked") << u"ntherm"_s << false << fields + QStringList{u"summary_list"_s};
        QTest::newRow("bhm, blocked") << u"bhm"_s << false << fields + QStringList{u"summary_list"_s};
        QTest::newRow("ntherm, ready") << u"ntherm"_s << true << answered + QStringList{u"submit"_s};
    }

    // Real Tab and Shift+Tab key presses from the first field, against the order written out above.
    void tabOrderFollowsTheForm()
    {
        QFETCH(QString, vendorId);
        QFETCH(bool, ready);
        QFETCH(QStringList, expected);
        chooseVendor(vendorId);
        if (ready) {
            for (const auto &[key, text] : fullLead(vendorId))
                type(key, text);
            // With the mouse, as the agent does: a clicked answer takes the focus and becomes its question's stop.
            QTest::mouseClick(m_page->findChild<QRadioButton *>(u"consent_1_yes"_s), Qt::LeftButton);
            QTest::mouseClick(m_page->findChild<QRadioButton *>(u"consent_2_no"_s), Qt::LeftButton);
        }
        QCOMPARE(submitButton()->isEnabled(), ready);
        QApplication::setActiveWindow(m_page.get());
        edit(u"first_name"_s)->setFocus(Qt::TabFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), edit(u"first_name"_s));

        QStringList forward{QApplication::focusWidget()->objectName()};
        while (forward.size() < expected.size()) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            forward << QApplication::focusWidget()->objectName();
        }
        QCOMPARE(forward, expected);

        QStringList backward{forward.last()};
        while (backward.size() < expected.size()) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
            backward.prepend(QApplication::focusWidget()->objectName());
        }
        QCOMPARE(backward, expected);
    }
};

QTEST_MAIN(TestLeadForm)
#include "tst_leadform.moc"
