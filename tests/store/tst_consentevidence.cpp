// SPDX-License-Identifier: GPL-3.0-or-later
// The consent evidence chain on both backends: records written with their submission, scripts as versioned
// data, `verify` naming the record changed, removed or inserted behind the app's back with plain SQL, desks
// appending at once, and retention keeping the chain verifiable.
#include "StoreTestSupport.h"
#include "store/EvidenceChain.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

ConsentScript englishScript(HistoryStore &store)
{
    return store.consentScript(u"energy-en"_s).value_or(ConsentScript());
}

SubmissionStart consentStart(HistoryStore &store, const QString &first, const QString &phone)
{
    Lead lead = makeLead(first, u"Doe"_s, phone);
    const ConsentScript script = englishScript(store);
    for (const QString &question : script.questions)
        lead.consent.append({question, u"Yes"_s});
    lead.consentScript = script.reference();
    lead.consentRecordedAt = QDateTime(QDate(2026, 11, 22), QTime(17, 4, 5), Qt::UTC);
    ConsentContext context;
    context.desk = u"desk-7"_s;
    context.appVersion = u"1.2.3"_s;
    context.callingWindow = QJsonObject{{u"rule_set_id"_s, u"us-calling-2025-09"_s},
                                        {u"consumer_local_time"_s, u"2026-11-22T12:04:05-05:00"_s},
                                        {u"time_zone"_s, u"America/New_York"_s},
                                        {u"inside_window"_s, true},
                                        {u"warning_acknowledged"_s, false}};
    context.dnc = QJsonObject{{u"company_list"_s, false}};
    SubmissionStart start = makeStart(lead);
    start.consent = ConsentEvidence::content(lead, script, context);
    return start;
}

// Plain SQL past the app's guards: the triggers dropped or disabled first, as someone with the file or the
// database owner's password could.
void tamper(RawDb &raw, const QString &sql)
{
    if (onPostgres()) {
        QVERIFY(raw.exec(u"ALTER TABLE consent_records DISABLE TRIGGER consent_records_append_only"_s));
    } else {
        raw.exec(u"DROP TRIGGER IF EXISTS consent_records_no_update"_s);
        raw.exec(u"DROP TRIGGER IF EXISTS consent_records_no_delete"_s);
    }
    QVERIFY2(raw.exec(sql), qPrintable(sql));
}

constexpr int DesksAtOnce = 4;
constexpr int RecordsPerDesk = 15;

class Desk : public QThread
{
public:
    Desk(QString where, int number, std::atomic<bool> *go)
        : m_where(std::move(where))
        , m_number(number)
        , m_go(go)
    {}
    QStringList errors;

protected:
    void run() override
    {
        HistoryStore store(m_where);
        if (!store.open()) {
            errors << store.lastError();
            return;
        }
        while (!m_go->load())
            QThread::yieldCurrentThread();
        for (int i = 0; i < RecordsPerDesk; ++i) {
            const QString phone = u"21273%1%2"_s.arg(m_number).arg(i, 4, 10, QChar(u'0'));
            if (store.begin(consentStart(store, u"Desk%1"_s.arg(m_number), phone)).isEmpty())
                errors << store.lastError();
        }
    }

private:
    QString m_where;
    int m_number;
    std::atomic<bool> *m_go;
};

} // namespace

class TestConsentEvidence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void scriptsShipAndVersion();
    void recordWrittenWithSubmission();
    void noConsentNoRecord();
    void appendOnly();
    void verifyNamesTampering_data();
    void verifyNamesTampering();
    void desksAppendAtOnce();
    void retentionKeepsChainAndCounts();

private:
    QString where() const { return location(m_dir->filePath(u"history.sqlite"_s)); }
    QStringList fill(HistoryStore &store, int count);

    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock;
};

void TestConsentEvidence::init()
{
    // Each test function (and data row) its own history: on PostgreSQL a fresh database per path.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QStringList TestConsentEvidence::fill(HistoryStore &store, int count)
{
    QStringList ids;
    for (int i = 0; i < count; ++i) {
        m_clock.now = m_clock.now.addSecs(60);
        const QString id = store.begin(consentStart(store, u"Jane%1"_s.arg(i), u"212736500%1"_s.arg(i)));
        if (id.isEmpty())
            qWarning() << store.lastError();
        ids << id;
    }
    return ids;
}

void TestConsentEvidence::scriptsShipAndVersion()
{
    HistoryStore store(where(), m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    const QList<ConsentScript> scripts = store.consentScripts();
    QCOMPARE(scripts.size(), 2);
    QCOMPARE(scripts.at(0).id, u"energy-en"_s);
    QCOMPARE(scripts.at(0).language, u"en"_s);
    QCOMPARE(scripts.at(1).language, u"es"_s);
    QVERIFY(scripts.at(1).questions.first().startsWith(u"¿"_s));
    QCOMPARE(scripts.at(0).sellers.size(), 2);

    ConsentScript edited = scripts.at(0);
    edited.disclosure = u"A new disclosure."_s;
    QVERIFY2(store.saveConsentScript(&edited), qPrintable(store.lastError()));
    QCOMPARE(edited.version, 2);
    QCOMPARE(store.consentScript(u"energy-en"_s)->disclosure, u"A new disclosure."_s);
    // The version read earlier keeps its text.
    QCOMPARE(store.consentScript(u"energy-en"_s, 1)->disclosure, scripts.at(0).disclosure);
    QCOMPARE(store.consentScripts().size(), 2);
    QCOMPARE(ConsentScript::parseReference(edited.reference())->second, 2);
    QVERIFY(!ConsentScript::parseReference(u"default"_s));
}

void TestConsentEvidence::recordWrittenWithSubmission()
{
    HistoryStore store(where(), m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    const QStringList ids = fill(store, 2);
    const auto record = store.consentRecord(ids.at(1));
    QVERIFY(record);
    QCOMPARE(record->seq, 2);
    QCOMPARE(record->submissionId, ids.at(1));
    for (const QString &key : ConsentEvidence::contentKeys())
        QVERIFY2(record->content.contains(key), qPrintable(key));
    QCOMPARE(record->content.value(u"consumer_name"_s).toString(), u"Jane1 Doe"_s);
    QCOMPARE(record->content.value(u"phone_consented"_s).toString(), u"2127365001"_s);
    QCOMPARE(record->content.value(u"script"_s).toObject().value(u"version"_s).toInt(), 1);
    QVERIFY(record->content.value(u"script"_s).toObject().value(u"disclosure"_s).toString().contains(u"permission"_s));
    QCOMPARE(record->content.value(u"calling_rule_set"_s).toString(), u"us-calling-2025-09"_s);
    QCOMPARE(record->content.value(u"desk"_s).toString(), u"desk-7"_s);
    QCOMPARE(record->prevHash, store.consentRecord(ids.at(0))->recordHash);
    QCOMPARE(record->contentHash, EvidenceChain::sha256Hex(EvidenceChain::canonical(record->content)));
    const EvidenceCheck check = store.verifyEvidence();
    QVERIFY2(check.ok(), qPrintable(check.message));
    QCOMPARE(check.records, 2);
}

void TestConsentEvidence::noConsentNoRecord()
{
    HistoryStore store(where(), m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    const QString id = store.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s)));
    QVERIFY(!id.isEmpty());
    QVERIFY(!store.consentRecord(id));
    QCOMPARE(store.verifyEvidence().records, 0);
}

void TestConsentEvidence::appendOnly()
{
    HistoryStore store(where(), m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    fill(store, 2);
    RawDb raw(where());
    QVERIFY(!raw.exec(u"UPDATE consent_records SET content = '{}' WHERE seq = 1"_s));
    QVERIFY(!raw.exec(u"UPDATE consent_records SET prev_hash = 'x' WHERE seq = 2"_s));
    QVERIFY(!raw.exec(u"DELETE FROM consent_records WHERE seq = 2"_s));
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM consent_records"_s).toInt(), 2);
    QVERIFY(store.verifyEvidence().ok());
}

void TestConsentEvidence::verifyNamesTampering_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<int>("problem");
    QTest::addColumn<int>("seq");
    const auto changed = int(EvidenceCheck::Problem::Changed);
    const auto removed = int(EvidenceCheck::Problem::Removed);
    const auto inserted = int(EvidenceCheck::Problem::Inserted);
    QTest::newRow("name edited") << u"UPDATE consent_records SET content = REPLACE(content, 'Jane2', 'Joan2') "
                                    "WHERE seq = 3"_s
                                 << changed << 3;
    QTest::newRow("content hash edited")
        << u"UPDATE consent_records SET content_hash = 'ab' || content_hash WHERE seq = 2"_s << changed << 2;
    QTest::newRow("tombstone faked") << u"UPDATE consent_records SET content = NULL WHERE seq = 4"_s << changed << 4;
    QTest::newRow("record deleted") << u"DELETE FROM consent_records WHERE seq = 3"_s << removed << 3;
    QTest::newRow("records deleted at the start") << u"DELETE FROM consent_records WHERE seq <= 2"_s << removed << 1;
    QTest::newRow("moved to another submission")
        << u"UPDATE consent_records SET submission_id = (SELECT submission_id FROM consent_records WHERE seq = 1) "
           "WHERE seq = 4"_s
        << changed << 4;
    // A forged record put in the middle: later records renumbered to make room, the forgery a copy of
    // record 2 chained onto it.
    QTest::newRow("record inserted in the middle")
        << u"UPDATE consent_records SET seq = seq + 100 WHERE seq >= 3; "
           "UPDATE consent_records SET seq = seq - 99 WHERE seq >= 100; "
           "INSERT INTO consent_records (seq, submission_id, created_at, prev_hash, content_hash, record_hash, "
           "content) SELECT 3, submission_id, created_at, record_hash, content_hash, record_hash, content "
           "FROM consent_records WHERE seq = 2"_s
        << inserted << 3;
    QTest::newRow("second record appended for a submission")
        << u"INSERT INTO consent_records (seq, submission_id, created_at, prev_hash, content_hash, record_hash, "
           "content) SELECT 6, submission_id, created_at, 'x', content_hash, record_hash, content "
           "FROM consent_records WHERE seq = 1"_s
        << inserted << 6;
}

void TestConsentEvidence::verifyNamesTampering()
{
    QFETCH(QString, sql);
    QFETCH(int, problem);
    QFETCH(int, seq);
    HistoryStore store(where(), m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    fill(store, 5);
    QVERIFY(store.verifyEvidence().ok());
    {
        RawDb raw(where());
        for (const QString &statement : sql.split(u"; "_s))
            tamper(raw, statement);
    }
    const EvidenceCheck check = store.verifyEvidence();
    QCOMPARE(int(check.problem), problem);
    QCOMPARE(check.seq, seq);
    QVERIFY(!check.message.isEmpty());
    qInfo().noquote() << check.message;
}

void TestConsentEvidence::desksAppendAtOnce()
{
    {
        HistoryStore store(where(), m_clock.clock());
        QVERIFY2(store.open(), qPrintable(store.lastError()));
    }
    std::atomic<bool> go{false};
    std::vector<std::unique_ptr<Desk>> desks;
    for (int i = 0; i < DesksAtOnce; ++i) {
        desks.push_back(std::make_unique<Desk>(where(), i, &go));
        desks.back()->start();
    }
    go = true;
    for (auto &desk : desks) {
        QVERIFY(desk->wait(120000));
        QVERIFY2(desk->errors.isEmpty(), qPrintable(desk->errors.join(u'\n')));
    }
    HistoryStore store(where(), m_clock.clock());
    QVERIFY(store.open());
    const EvidenceCheck check = store.verifyEvidence();
    QVERIFY2(check.ok(), qPrintable(check.message));
    QCOMPARE(check.records, DesksAtOnce * RecordsPerDesk);
}

void TestConsentEvidence::retentionKeepsChainAndCounts()
{
    HistoryStore store(where(), m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    const QStringList ids = fill(store, 4);
    const QDateTime cutoff = store.record(ids.at(2))->createdAt; // the first two are older
    const qint64 rows = store.count({});

    const auto dry = store.applyRetention(cutoff, true);
    QVERIFY2(dry.ok, qPrintable(store.lastError()));
    QCOMPARE(dry.submissions, 2);
    QCOMPARE(dry.records, 2);
    QCOMPARE(store.record(ids.at(0))->customerName, u"Jane0 Doe"_s);

    const auto applied = store.applyRetention(cutoff, false);
    QVERIFY2(applied.ok, qPrintable(store.lastError()));
    QCOMPARE(applied.submissions, 2);
    QCOMPARE(applied.records, 2);
    QCOMPARE(store.count({}), rows);
    const SubmissionRecord old = *store.record(ids.at(0));
    QVERIFY(old.customerName.isEmpty());
    QVERIFY(old.phone.isEmpty());
    QVERIFY(!old.leadJson.contains("Jane0"));
    QVERIFY(!old.leadJson.contains("example.com"));
    QVERIFY(old.redactedRequest.isEmpty());
    QCOMPARE(old.state, OutcomeState::Sending);
    QCOMPARE(store.record(ids.at(3))->customerName, u"Jane3 Doe"_s);
    const auto tombstone = store.consentRecord(ids.at(1));
    QVERIFY(tombstone->tombstoned());
    QVERIFY(tombstone->content.isEmpty());
    QVERIFY(!store.consentRecord(ids.at(2))->tombstoned());

    const EvidenceCheck check = store.verifyEvidence();
    QVERIFY2(check.ok(), qPrintable(check.message));
    QCOMPARE(check.records, 4);
    QCOMPARE(check.tombstones, 2);
    // Run again: nothing left to do.
    QCOMPARE(store.applyRetention(cutoff, false).submissions, 0);
}

QTEST_GUILESS_MAIN(TestConsentEvidence)
#include "tst_consentevidence.moc"
