// SPDX-License-Identifier: GPL-3.0-or-later
// A lead sent through SubmissionService leaves its consent record in the history, written with its row: the
// script version it names (full text), or, for a script the history does not hold, the answers only and a record
// that says so. The calling-window and do-not-call objects the caller passes are kept as given.
#include "PipelineTestSupport.h"

#include <QJsonArray>

using namespace LeadRelay;
using namespace LeadRelay::Test;

class TestConsentPipeline : public QObject, public ServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void recordNamesTheScriptVersionRead()
    {
        const ConsentScript script = *m_store->consentScript(u"energy-es"_s);
        Lead lead = sampleLead();
        lead.consent.clear();
        for (const QString &question : script.questions)
            lead.consent.append({question, u"Yes"_s});
        lead.consentScript = script.reference();
        SubmissionService::Request r = request(u"ntherm"_s, lead);
        r.callingWindow = QJsonObject{{u"rule_set_id"_s, u"us-2025"_s}, {u"inside_window"_s, true}};
        r.dnc = QJsonObject{{u"company_list"_s, false}};
        const auto result = submit(r);
        QVERIFY(result);
        QCOMPARE(result->kind, Result::Sent);
        const auto record = m_store->consentRecord(result->historyId);
        QVERIFY(record);
        const QJsonObject content = record->content;
        QCOMPARE(content[u"script"_s][u"id"_s].toString(), u"energy-es"_s);
        QCOMPARE(content[u"script"_s][u"language"_s].toString(), u"es"_s);
        QVERIFY(content[u"script"_s][u"text_known"_s].toBool());
        QCOMPARE(content[u"script"_s][u"disclosure"_s].toString(), script.disclosure);
        QCOMPARE(content[u"answers"_s].toArray().size(), script.questions.size());
        QCOMPARE(content[u"phone_consented"_s].toString(), lead.phone);
        QCOMPARE(content[u"calling_rule_set"_s].toString(), u"us-2025"_s);
        QCOMPARE(content[u"dnc"_s][u"company_list"_s].toBool(true), false);
        QVERIFY(!content[u"desk"_s].toString().isEmpty());
        QCOMPARE(content[u"sellers_named"_s].toArray().size(), 2);

        // A later edit of the script changes nothing in the record.
        ConsentScript edited = script;
        edited.disclosure = u"Otro texto."_s;
        QVERIFY(m_store->saveConsentScript(&edited));
        QCOMPARE(m_store->consentRecord(result->historyId)->content[u"script"_s][u"disclosure"_s].toString(),
                 script.disclosure);
        QVERIFY(m_store->verifyEvidence().ok());
    }

    void unknownScriptKeepsAnswersOnly()
    {
        const Lead lead = sampleLead(); // "energy-v3": not a script this history holds
        const auto result = submit(request(u"bhm"_s, lead));
        QVERIFY(result);
        QCOMPARE(result->kind, Result::Sent);
        const auto record = m_store->consentRecord(result->historyId);
        QVERIFY(record);
        QCOMPARE(record->content[u"script"_s][u"text_known"_s].toBool(true), false);
        QCOMPARE(record->content[u"script"_s][u"id"_s].toString(), u"energy-v3"_s);
        QCOMPARE(record->content[u"answers"_s].toArray().size(), lead.consent.size());
    }

    void noConsentNoRecord()
    {
        Lead lead = sampleLead();
        lead.consent.clear();
        lead.consentScript.clear();
        const auto result = submit(request(u"bhm"_s, lead));
        QVERIFY(result);
        if (result->kind == Result::Sent)
            QVERIFY(!m_store->consentRecord(result->historyId));
    }
};

QTEST_GUILESS_MAIN(TestConsentPipeline)
#include "tst_consentpipeline.moc"
