// SPDX-License-Identifier: GPL-3.0-or-later
// The consent pieces of the app: Settings → Consent scripts (a save is a new version), the form reading the
// history's script in the customer's language (not the app's), and "Export evidence…" in the history's detail.
#include "gui/ConsentScriptsPage.h"
#include "gui/ConsentSection.h"
#include "gui/EvidenceExport.h"
#include "gui/SubmissionDetail.h"
#include "store/HistoryStore.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

class TestConsentGui : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<HistoryStore>(m_dir->filePath(u"history.sqlite"_s));
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    }
    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void scriptsPageSavesANewVersion()
    {
        ConsentScriptsPage page(m_store.get());
        auto *picker = page.findChild<QComboBox *>(u"script_picker"_s);
        QCOMPARE(picker->count(), 2);
        QCOMPARE(page.findChild<QLineEdit *>(u"script_id"_s)->text(), u"energy-en"_s);
        auto *disclosure = page.findChild<QPlainTextEdit *>(u"script_disclosure"_s);
        const QString before = disclosure->toPlainText();
        disclosure->setPlainText(u"We, Example Energy Supply LLC, would like to call you."_s);
        QTest::mouseClick(page.findChild<QPushButton *>(u"script_save"_s), Qt::LeftButton);
        QVERIFY2(page.status().contains(u"version 2"_s), qPrintable(page.status()));
        QCOMPARE(m_store->consentScript(u"energy-en"_s)->version, 2);
        QCOMPARE(m_store->consentScript(u"energy-en"_s, 1)->disclosure, before);

        // A script without questions is refused beside the button, and nothing is saved.
        page.findChild<QPlainTextEdit *>(u"script_questions"_s)->clear();
        QVERIFY(!page.save());
        QVERIFY(page.status().contains(u"question"_s));
        QCOMPARE(m_store->consentScript(u"energy-en"_s)->version, 2);

        page.newScript();
        page.findChild<QLineEdit *>(u"script_id"_s)->setText(u"Bad Name"_s);
        QVERIFY(!page.save());
        QCOMPARE(m_store->consentScripts().size(), 2);
    }

    void formReadsTheCustomersLanguage()
    {
        ConsentSection section;
        section.setHistoryScripts(m_store->consentScripts());
        auto *language = section.findChild<QComboBox *>(u"consent_language"_s);
        QVERIFY(language);
        QCOMPARE(section.customerLanguage(), u"en"_s);
        auto *text = section.findChild<QLabel *>(u"consent_script_text"_s);
        QVERIFY(text->text().contains(u"I need your permission"_s));
        // The account's script no longer replaces the history's.
        section.setScript(u"Do you agree?"_s);
        QVERIFY(text->text().contains(u"I need your permission"_s));

        language->setCurrentIndex(language->findData(u"es"_s));
        QVERIFY(text->text().contains(u"necesito su permiso"_s));
        const ConsentScript spanish = *m_store->consentScript(u"energy-es"_s);
        for (int i = 1; i <= spanish.questions.size(); ++i) {
            auto *yes = section.findChild<QRadioButton *>(u"consent_%1_yes"_s.arg(i));
            QVERIFY(yes);
            yes->click();
        }
        Lead lead;
        section.writeTo(lead);
        QCOMPARE(lead.consentScript, u"energy-es-v1"_s);
        QCOMPARE(lead.consent.size(), spanish.questions.size());
        QCOMPARE(lead.consent.first().question, spanish.questions.first());
        QVERIFY(lead.consentRecordedAt.isValid());
        section.clear();
        section.writeTo(lead);
        QVERIFY(lead.consent.isEmpty());
        QCOMPARE(section.customerLanguage(), u"es"_s); // the desk's choice stays for the next customer
    }

    void detailExportsEvidence_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("json") << u"json"_s;
        QTest::newRow("pdf") << u"pdf"_s;
    }

    void detailExportsEvidence()
    {
        QFETCH(QString, suffix);
        const ConsentScript script = *m_store->consentScript(u"energy-en"_s);
        Lead lead;
        lead.firstName = u"Ana"_s;
        lead.lastName = u"Ruiz"_s;
        lead.phone = u"2127365000"_s;
        for (const QString &question : script.questions)
            lead.consent.append({question, u"Yes"_s});
        lead.consentScript = script.reference();
        SubmissionStart start;
        start.lead = lead;
        start.vendorId = u"ntherm"_s;
        start.consent = ConsentEvidence::content(lead, script, {});
        const QString id = m_store->begin(start);
        QVERIFY(!id.isEmpty());

        SubmissionDetail detail;
        auto *button = detail.findChild<QPushButton *>(u"exportEvidenceButton"_s);
        detail.setRecord(m_store->record(id));
        QVERIFY(!button->isEnabled()); // no store: nothing to read the record from
        detail.setStore(m_store.get());
        QVERIFY(button->isEnabled());
        const QString path = m_dir->filePath(u"evidence."_s + suffix);
        EvidenceExporter::setNextPath(path);
        QString message;
        connect(&detail, &SubmissionDetail::evidenceExported, this, [&message](const QString &text, bool ok) {
            if (ok)
                message = text;
        });
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY2(message.contains(path), qPrintable(message));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        if (suffix == u"pdf"_s) {
            QVERIFY(bytes.startsWith("%PDF-"));
        } else {
            const QJsonObject document = QJsonDocument::fromJson(bytes).object();
            QCOMPARE(document[u"submission_id"_s].toString(), id);
            QCOMPARE(document[u"consent_record"_s][u"content"_s][u"consumer_name"_s].toString(), u"Ana Ruiz"_s);
            QCOMPARE(document[u"record_hash"_s].toString().size(), 64);
        }
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
};

QTEST_MAIN(TestConsentGui)
#include "tst_consentgui.moc"
