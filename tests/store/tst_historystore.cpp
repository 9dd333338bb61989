// SPDX-License-Identifier: GPL-3.0-or-later
// HistoryStore on real SQLite files: schema and migrations, file mode, the life of one row (begin, finish,
// finalise in either order), crash recovery, size caps, and refusing a file from a newer version.
#include "StoreTestSupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

int fileMode(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 0777);
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void migratesEmptyFile();
    void opensZeroByteFile();
    void reopeningKeepsRows();
    void fileModeIsOwnerOnly();
    void existingFileIsMadeOwnerOnly();
    void roundTripOfEveryColumn();
    void bytesRoundTrip_data();
    void bytesRoundTrip();
    void rawAnswerIsCapped();
    void recoversSendingRowsAfterReopen();
    void recoveryCutoffCanBeGiven();
    void finaliseIsIdempotent();
    void finaliseUnknownToken();
    void finaliseUnparsableKeepsState();
    void finaliseBeforeFinish();
    void finishUnknownIdFails();
    void futureSchemaIsRefused();
    void garbageFileIsRefused();
    void callsBeforeOpenFail();

private:
    QString dbPath() const { return location(m_dir->filePath(u"history.sqlite"_s)); }
    std::unique_ptr<HistoryStore> openStore()
    {
        auto store = std::make_unique<HistoryStore>(dbPath(), m_clock.clock());
        if (!store->open())
            qWarning("open failed: %s", qPrintable(store->lastError()));
        return store;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock;
};

void TestHistoryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = ManualClock();
}

void TestHistoryStore::migratesEmptyFile()
{
    LEADRELAY_SQLITE_ONLY();
    const QString nested = m_dir->filePath(u"a/b/history.sqlite"_s); // the folder is created too
    HistoryStore store(nested, m_clock.clock());
    QVERIFY2(store.open(), qPrintable(store.lastError()));
    QCOMPARE(store.schemaVersion(), HistoryStore::knownSchemaVersion());
    QVERIFY(store.schemaVersion() >= 1);
    QCOMPARE(store.count({}), 0);

    RawDb raw(nested);
    QCOMPARE(raw.scalar(u"SELECT MAX(version) FROM schema_version"_s).toInt(), HistoryStore::knownSchemaVersion());
    QCOMPARE(raw.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    // Every filter and sort of the history view has an index.
    const int indexes = raw.scalar(u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                                   "'submissions' AND name LIKE 'submissions_%'"_s)
                            .toInt();
    // 11 of schema 1, less the two schema 8 dropped (MigrationCompactPayloads.cpp), plus schema 11's three partial
    // ones (MigrationLookups.cpp), less the one of schema 12 and the one of schema 14 (MigrationTrimIndexes.cpp).
    QCOMPARE(indexes, 10);
}

void TestHistoryStore::opensZeroByteFile()
{
    LEADRELAY_SQLITE_ONLY();
    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    auto store = openStore();
    QVERIFY2(store->isOpen(), qPrintable(store->lastError()));
    QCOMPARE(store->schemaVersion(), HistoryStore::knownSchemaVersion());
}

void TestHistoryStore::reopeningKeepsRows()
{
    QString id;
    {
        auto store = openStore();
        id = store->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"2127365000"_s)));
        QVERIFY(!id.isEmpty());
        QVERIFY(store->finish(id, makeOutcome(OutcomeState::Rejected, true), 12));
    }
    auto store = openStore();
    QVERIFY(store->isOpen());
    QCOMPARE(store->count({}), 1);
    const auto row = store->record(id);
    QVERIFY(row);
    QCOMPARE(row->state, OutcomeState::Rejected);
    QCOMPARE(store->schemaVersion(), HistoryStore::knownSchemaVersion());
}

void TestHistoryStore::fileModeIsOwnerOnly()
{
    LEADRELAY_SQLITE_ONLY();
    auto store = openStore();
    QVERIFY(!store->begin(makeStart(makeLead(u"Ann"_s, u"Lee"_s, u"2127365000"_s))).isEmpty());
    QCOMPARE(fileMode(dbPath()), 0600);
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(dbPath() + suffix))
            QCOMPARE(fileMode(dbPath() + suffix), 0600);
    }
    QVERIFY(QFile::exists(dbPath() + u"-wal"_s)); // WAL really is in use
}

void TestHistoryStore::existingFileIsMadeOwnerOnly()
{
    LEADRELAY_SQLITE_ONLY();
    {
        auto store = openStore();
    }
    QVERIFY(::chmod(QFile::encodeName(dbPath()).constData(), 0644) == 0);
    auto store = openStore();
    QVERIFY(store->isOpen());
    QCOMPARE(fileMode(dbPath()), 0600);
}

void TestHistoryStore::roundTripOfEveryColumn()
{
    auto store = openStore();
    QSignalSpy changed(store.get(), &HistoryStore::changed);
    Lead lead = makeLead(u"  Zoë "_s, u"O'Brien"_s, u"(212) 736-5000"_s, u"maria.g"_s, u"OHIO_GENERAL"_s);
    SubmissionStart start = makeStart(lead, u"ntherm"_s, u"token-1"_s);
    start.accountMode = u"production"_s;
    const QDateTime created = m_clock.now;
    const QString id = store->begin(start);
    QVERIFY2(!id.isEmpty(), qPrintable(store->lastError()));
    QCOMPARE(id.size(), 36); // a UUID without braces
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), id);

    auto row = store->record(id);
    QVERIFY(row);
    QCOMPARE(row->state, OutcomeState::Sending);
    QVERIFY(!row->answeredAt.isValid());
    QCOMPARE(row->durationMs, -1);

    m_clock.now = m_clock.now.addMSecs(1500);
    Outcome outcome = makeOutcome(OutcomeState::Accepted);
    outcome.vendorLeadId = u"L-77"_s;
    outcome.vendorTransactionId = u"T-88"_s;
    outcome.messages = {u"Lead accepted"_s, u"Überprüfung läuft"_s};
    outcome.fieldIssues = {{u"phone"_s, Severity::Warning, u"Toll-free"_s}, {u"state"_s, Severity::Error, u"Bad"_s}};
    QVERIFY2(store->finish(id, outcome, 1499), qPrintable(store->lastError()));
    QCOMPARE(changed.count(), 2);

    row = store->record(id);
    QVERIFY(row);
    QCOMPARE(row->id, id);
    QCOMPARE(row->createdAt, created);
    QCOMPARE(row->createdAt.timeSpec(), Qt::UTC);
    QCOMPARE(row->answeredAt, m_clock.now);
    QCOMPARE(row->agent, u"maria.g"_s);
    QCOMPARE(row->vendorId, u"ntherm"_s);
    QCOMPARE(row->accountMode, u"production"_s);
    QCOMPARE(row->campaign, u"OHIO_GENERAL"_s);
    QCOMPARE(row->customerName, u"Zoë O'Brien"_s);
    QCOMPARE(row->phone, u"2127365000"_s);
    QCOMPARE(row->leadJson, lead.toJsonBytes());
    QCOMPARE(leadFromJson(row->leadJson).lead, std::optional<Lead>(lead));
    QCOMPARE(row->redactedRequest, start.redactedRequest);
    QCOMPARE(row->httpStatus, 200);
    QCOMPARE(row->rawAnswer, outcome.rawBody);
    QCOMPARE(row->state, OutcomeState::Accepted);
    QCOMPARE(row->billable, false);
    QCOMPARE(row->final, false);
    QCOMPARE(row->vendorLeadId, u"L-77"_s);
    QCOMPARE(row->vendorTransactionId, u"T-88"_s);
    QCOMPARE(row->messages, outcome.messages);
    QCOMPARE(row->fieldIssues, outcome.fieldIssues);
    QCOMPARE(row->durationMs, 1499);
    QCOMPARE(row->callbackToken, u"token-1"_s);
    QVERIFY(!row->finalisedAt.isValid());
    QVERIFY(row->callbackBody.isEmpty());
    QCOMPARE(row->callbackUnparsable, false);

    m_clock.now = m_clock.now.addSecs(60);
    Outcome final = makeOutcome(OutcomeState::Sold, true, true);
    final.rawBody = R"({"success_bit": true, "message": "sold"})";
    final.messages = {u"Sold"_s};
    QCOMPARE(store->finalise(u"token-1"_s, final), std::optional<QString>(id));
    QCOMPARE(changed.count(), 3);
    row = store->record(id);
    QCOMPARE(row->state, OutcomeState::Sold);
    QCOMPARE(row->billable, true);
    QCOMPARE(row->final, true);
    QCOMPARE(row->finalisedAt, m_clock.now);
    QCOMPARE(row->callbackBody, final.rawBody);
    QCOMPARE(row->messages, outcome.messages + final.messages);
    QCOMPARE(row->rawAnswer, outcome.rawBody); // the first answer is kept
}

void TestHistoryStore::bytesRoundTrip_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("json") << QByteArray(R"({"a": "é"})");
    QTest::newRow("invalid utf-8") << QByteArray("ok \xff\xfe broken");
    QTest::newRow("nul byte") << QByteArray("a\0b", 3);
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbf{}");
    QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>\r\n");
}

void TestHistoryStore::bytesRoundTrip()
{
    QFETCH(QByteArray, bytes);
    auto store = openStore();
    const QString id = store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s), u"bhm"_s, u"t"_s));
    Outcome outcome = makeOutcome(OutcomeState::DeliveryUnknown);
    outcome.rawBody = bytes;
    QVERIFY(store->finish(id, outcome, 5));
    Outcome callback = makeOutcome(OutcomeState::Sold, true, true);
    callback.rawBody = bytes;
    QVERIFY(store->finalise(u"t"_s, callback));
    const auto row = store->record(id);
    QCOMPARE(row->rawAnswer, bytes);
    QCOMPARE(row->callbackBody, bytes);
}

void TestHistoryStore::rawAnswerIsCapped()
{
    auto store = openStore();
    const QString id = store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s), u"ntherm"_s, u"t"_s));
    Outcome outcome = makeOutcome(OutcomeState::DeliveryUnknown);
    outcome.rawBody = QByteArray(HistoryStore::RawAnswerCap - 1, 'x') + QByteArray("é and more", 11);
    QVERIFY(store->finish(id, outcome, 5));
    auto row = store->record(id);
    // Cut before the two-byte "é" rather than in its middle: the answer stays valid text.
    QCOMPARE(row->rawAnswer.size(), HistoryStore::RawAnswerCap - 1);
    QVERIFY(outcome.rawBody.startsWith(row->rawAnswer));

    Outcome callback = makeOutcome(OutcomeState::Sold, true, true);
    callback.rawBody = QByteArray(3 * HistoryStore::RawAnswerCap, '\xff'); // binary: cut exactly at the cap
    QVERIFY(store->finalise(u"t"_s, callback));
    row = store->record(id);
    QCOMPARE(row->callbackBody.size(), HistoryStore::RawAnswerCap);
}

void TestHistoryStore::recoversSendingRowsAfterReopen()
{
    QString interrupted, answered;
    {
        auto store = openStore();
        interrupted = store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s)));
        answered = store->begin(makeStart(makeLead(u"C"_s, u"D"_s, u"2127365001"_s)));
        QVERIFY(store->finish(answered, makeOutcome(OutcomeState::Accepted), 3));
        // store destroyed without finish(): like a process that died mid-send
    }
    m_clock.now = m_clock.now.addSecs(5 * 60); // could still be another process's live send
    {
        auto store = openStore();
        QCOMPARE(store->record(interrupted)->state, OutcomeState::Sending);
    }
    m_clock.now = m_clock.now.addSecs(6 * 60); // 11 minutes: no send lives that long
    auto store = openStore();
    QVERIFY(store->isOpen());
    const auto row = store->record(interrupted);
    QCOMPARE(row->state, OutcomeState::DeliveryUnknown);
    QCOMPARE(row->answeredAt, m_clock.now);
    QCOMPARE(row->messages.size(), 1);
    QVERIFY(row->messages.first().startsWith(u"Interrupted: LeadRelay stopped while this lead was being sent."_s));
    QVERIFY(row->messages.first().contains(u"check with the vendor before resubmitting"_s));
    QCOMPARE(store->record(answered)->state, OutcomeState::Accepted); // other rows untouched
}

void TestHistoryStore::recoveryCutoffCanBeGiven()
{
    QString id;
    {
        auto store = openStore();
        id = store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s)));
    }
    m_clock.now = m_clock.now.addSecs(1);
    {
        // A caller that knows no other process uses the file recovers at once.
        HistoryStore store(dbPath(), m_clock.clock());
        QVERIFY(store.open(m_clock.now));
        QCOMPARE(store.record(id)->state, OutcomeState::DeliveryUnknown);
    }
    auto store = openStore();
    const QString second = store->begin(makeStart(makeLead(u"C"_s, u"D"_s, u"2127365001"_s)));
    QSignalSpy changed(store.get(), &HistoryStore::changed);
    QCOMPARE(store->recoverInterrupted(m_clock.now), 0); // created at, not before, the cutoff
    m_clock.now = m_clock.now.addMSecs(1);
    QCOMPARE(store->recoverInterrupted(m_clock.now), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(store->record(second)->state, OutcomeState::DeliveryUnknown);
}

void TestHistoryStore::finaliseIsIdempotent()
{
    auto store = openStore();
    const QString id = store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s), u"ntherm"_s, u"tok"_s));
    QVERIFY(store->finish(id, makeOutcome(OutcomeState::Accepted), 10));
    const QDateTime first = m_clock.now.addSecs(30);
    m_clock.now = first;
    QCOMPARE(store->finalise(u"tok"_s, makeOutcome(OutcomeState::Sold, true, true)), std::optional<QString>(id));

    QSignalSpy changed(store.get(), &HistoryStore::changed);
    m_clock.now = m_clock.now.addSecs(30);
    QCOMPARE(store->finalise(u"tok"_s, makeOutcome(OutcomeState::Rejected, true)), std::optional<QString>(id));
    QCOMPARE(changed.count(), 0); // a repeat changes nothing, so nothing to refresh
    const auto row = store->record(id);
    QCOMPARE(row->state, OutcomeState::Sold);
    QCOMPARE(row->billable, true);
    QCOMPARE(row->finalisedAt, first);
}

void TestHistoryStore::finaliseUnknownToken()
{
    auto store = openStore();
    const QString id = store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s), u"ntherm"_s, u"tok"_s));
    const Outcome sold = makeOutcome(OutcomeState::Sold, true, true);
    QCOMPARE(store->finalise(u"other"_s, sold), std::nullopt);
    QCOMPARE(store->finalise(QString(), sold), std::nullopt);
    QCOMPARE(store->finalise(u"' OR '1'='1"_s, sold), std::nullopt);
    QCOMPARE(store->record(id)->state, OutcomeState::Sending);
    // Rows without a callback token do not collide on the UNIQUE index (NULL, not '').
    QVERIFY(!store->begin(makeStart(makeLead(u"C"_s, u"D"_s, u"2127365001"_s))).isEmpty());
    QVERIFY(!store->begin(makeStart(makeLead(u"E"_s, u"F"_s, u"2127365002"_s))).isEmpty());
    // A token is unique.
    QVERIFY(store->begin(makeStart(makeLead(u"G"_s, u"H"_s, u"2127365003"_s), u"ntherm"_s, u"tok"_s)).isEmpty());
    QVERIFY(!store->lastError().isEmpty());
}

void TestHistoryStore::finaliseUnparsableKeepsState()
{
    auto store = openStore();
    const QString id = store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s), u"ntherm"_s, u"tok"_s));
    QVERIFY(store->finish(id, makeOutcome(OutcomeState::Accepted), 10));
    Outcome garbled = makeOutcome(OutcomeState::DeliveryUnknown);
    garbled.unparsable = true;
    garbled.rawBody = "<<not json>>";
    QCOMPARE(store->finalise(u"tok"_s, garbled), std::optional<QString>(id));
    auto row = store->record(id);
    QCOMPARE(row->state, OutcomeState::Accepted);
    QCOMPARE(row->final, false);
    QCOMPARE(row->callbackUnparsable, true);
    QCOMPARE(row->callbackBody, garbled.rawBody);
    QCOMPARE(store->count({.stateKey = u"awaiting_final"_s}), 1);

    // A readable callback later still finalises.
    QCOMPARE(store->finalise(u"tok"_s, makeOutcome(OutcomeState::Rejected, true)), std::optional<QString>(id));
    row = store->record(id);
    QCOMPARE(row->state, OutcomeState::Rejected);
    QCOMPARE(row->final, true);
    QCOMPARE(row->callbackUnparsable, false);
}

void TestHistoryStore::finaliseBeforeFinish()
{
    auto store = openStore();
    const QString id = store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s), u"ntherm"_s, u"tok"_s));
    Outcome callback = makeOutcome(OutcomeState::Sold, true, true);
    callback.messages = {u"sold by callback"_s};
    QCOMPARE(store->finalise(u"tok"_s, callback), std::optional<QString>(id));
    QCOMPARE(store->record(id)->state, OutcomeState::Sold);

    m_clock.now = m_clock.now.addSecs(2);
    Outcome answer = makeOutcome(OutcomeState::Accepted); // the preliminary answer, arriving late
    answer.httpStatus = 200;
    answer.rawBody = R"({"success_bit": true, "lead_id": 5})";
    answer.vendorLeadId = u"5"_s;
    answer.messages = {u"accepted"_s};
    QVERIFY(store->finish(id, answer, 2000));
    const auto row = store->record(id);
    QCOMPARE(row->state, OutcomeState::Sold);
    QCOMPARE(row->billable, true);
    QCOMPARE(row->final, true);
    QCOMPARE(row->httpStatus, 200);
    QCOMPARE(row->rawAnswer, answer.rawBody);
    QCOMPARE(row->vendorLeadId, u"5"_s);
    QCOMPARE(row->durationMs, 2000);
    QCOMPARE(row->answeredAt, m_clock.now);
    QCOMPARE(row->messages, (QStringList{u"accepted"_s, u"sold by callback"_s}));
}

void TestHistoryStore::finishUnknownIdFails()
{
    auto store = openStore();
    QVERIFY(!store->finish(u"no-such-id"_s, makeOutcome(OutcomeState::Sold, true, true), 1));
    QVERIFY(store->lastError().contains(u"no such submission"_s));
    QCOMPARE(store->count({}), 0);
}

void TestHistoryStore::futureSchemaIsRefused()
{
    {
        auto store = openStore();
        QVERIFY(!store->begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s))).isEmpty());
    }
    {
        RawDb raw(dbPath());
        QVERIFY(raw.exec(u"INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')"_s));
    }
    const QByteArray before = fileHash(dbPath());
    HistoryStore store(dbPath(), m_clock.clock());
    QVERIFY(!store.open());
    QVERIFY2(store.lastError().contains(u"newer version of LeadRelay"_s), qPrintable(store.lastError()));
    QVERIFY(store.lastError().contains(u"99"_s));
    QVERIFY(store.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s))).isEmpty());
    QCOMPARE(fileHash(dbPath()), before); // not a byte written
    RawDb raw(dbPath());
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM submissions"_s).toInt(), 1);
}

void TestHistoryStore::garbageFileIsRefused()
{
    LEADRELAY_SQLITE_ONLY();
    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'z'));
    file.close();
    HistoryStore store(dbPath(), m_clock.clock());
    QVERIFY(!store.open());
    QVERIFY(!store.lastError().isEmpty());
}

void TestHistoryStore::callsBeforeOpenFail()
{
    HistoryStore store(dbPath(), m_clock.clock());
    QVERIFY(store.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s))).isEmpty());
    QVERIFY(!store.finish(u"x"_s, makeOutcome(OutcomeState::Sold), 1));
    QCOMPARE(store.finalise(u"x"_s, makeOutcome(OutcomeState::Sold)), std::nullopt);
    QCOMPARE(store.count({}), -1);
    QVERIFY(store.query({}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 10).isEmpty());
    QVERIFY(!store.lastError().isEmpty());
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
