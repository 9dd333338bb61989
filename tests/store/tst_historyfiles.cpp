// SPDX-License-Identifier: GPL-3.0-or-later
// Which files the store will open (never another application's), crash recovery that knows whether a row's
// writer is alive, and answers parked in the side journal.
#include "StoreTestSupport.h"
#include "store/SideJournal.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

QByteArray fileDigest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// Everything an application could notice about its file: content, permissions, and files appearing beside it.
struct FileState
{
    QByteArray digest;
    QFileDevice::Permissions permissions;
    QStringList folder;
    bool operator==(const FileState &) const = default;
};

FileState stateOf(const QString &path)
{
    const QFileInfo info(path);
    return {fileDigest(path), info.permissions(),
            QDir(info.absolutePath()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)};
}

} // namespace

class TestHistoryFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_clock = ManualClock();
    }

    void foreignSqliteFileIsLeftUntouched_data()
    {
        QTest::addColumn<QString>("journalMode");
        QTest::newRow("rollback journal") << u"DELETE"_s;
        QTest::newRow("WAL") << u"WAL"_s;
    }

    void foreignSqliteFileIsLeftUntouched()
    {
        QFETCH(QString, journalMode);
        const QString path = m_dir->filePath(u"notes.db"_s);
        {
            RawDb raw(path);
            QVERIFY(raw.exec(u"PRAGMA journal_mode = "_s + journalMode));
            QVERIFY(raw.exec(u"CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"_s));
            QVERIFY(raw.exec(u"INSERT INTO notes (text) VALUES ('keep me')"_s));
        }
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                        QFileDevice::ReadOther);
        const FileState before = stateOf(path);

        HistoryStore store(path, m_clock.clock());
        QVERIFY(!store.open());
        QVERIFY2(store.lastError().contains(u"not a LeadRelay history"_s), qPrintable(store.lastError()));
        QVERIFY2(store.lastError().contains(u"left unchanged"_s), qPrintable(store.lastError()));
        QVERIFY(store.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s))).isEmpty());
        const FileState after = stateOf(path);
        QCOMPARE(after.folder, before.folder);
        QCOMPARE(after.permissions, before.permissions);
        QCOMPARE(after.digest, before.digest);
    }

    void fileThatIsNoDatabaseIsLeftUntouched()
    {
        const QString path = m_dir->filePath(u"leads.csv"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray("first_name,last_name\nJohn,Doe\n").repeated(100));
        }
        const FileState before = stateOf(path);
        HistoryStore store(path, m_clock.clock());
        QVERIFY(!store.open());
        QVERIFY2(store.lastError().contains(u"not a LeadRelay history"_s), qPrintable(store.lastError()));
        QCOMPARE(stateOf(path), before);
    }

    void newAndOlderHistoriesAreMarkedAsOurs()
    {
        const QString path = m_dir->filePath(u"history.sqlite"_s);
        QString id;
        {
            HistoryStore store(path, m_clock.clock());
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            id = store.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s)));
            QVERIFY(!id.isEmpty());
        }
        {
            RawDb raw(path);
            QCOMPARE(raw.scalar(u"PRAGMA application_id"_s).toInt(), HistoryStore::ApplicationId);
            // As written by LeadRelay before it marked its files.
            QVERIFY(raw.exec(u"PRAGMA application_id = 0"_s));
        }
        HistoryStore store(path, m_clock.clock());
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QVERIFY(store.record(id));
        RawDb raw(path);
        QCOMPARE(raw.scalar(u"PRAGMA application_id"_s).toInt(), HistoryStore::ApplicationId);
    }

    void liveWritersRowsAreSpared()
    {
        const QString path = m_dir->filePath(u"history.sqlite"_s);
        HistoryStore writer(path, m_clock.clock());
        QVERIFY2(writer.open(), qPrintable(writer.lastError()));
        const QString id = writer.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s)));
        QVERIFY(!id.isEmpty());
        // Long past the time rule, the writer still holds its lock: its send may be in flight.
        m_clock.now = m_clock.now.addDays(1);
        HistoryStore other(path, m_clock.clock());
        QVERIFY2(other.open(), qPrintable(other.lastError()));
        QCOMPARE(other.record(id)->state, OutcomeState::Sending);
    }

    // Where the writer cannot be known (its lock file is gone), the time rule holds, pinned at its edge.
    void unknownWriterWaitsForTheTimeRule_data()
    {
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<bool>("recovered");
        const qint64 rule = HistoryStore::InterruptedAfterSeconds * 1000LL;
        QTest::newRow("1 ms before the rule") << rule - 1 << false;
        QTest::newRow("exactly at the rule") << rule << false;
        QTest::newRow("1 ms after the rule") << rule + 1 << true;
    }

    void unknownWriterWaitsForTheTimeRule()
    {
        QFETCH(qint64, ageMs);
        QFETCH(bool, recovered);
        const QString path = m_dir->filePath(u"history.sqlite"_s);
        const QDateTime created = m_clock.now;
        QString id;
        {
            HistoryStore writer(path, m_clock.clock());
            QVERIFY(writer.open());
            id = writer.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s)));
        }
        m_clock.now = created.addMSecs(ageMs);
        HistoryStore store(path, m_clock.clock());
        QVERIFY2(store.open(), qPrintable(store.lastError()));
        QCOMPARE(store.record(id)->state, recovered ? OutcomeState::DeliveryUnknown : OutcomeState::Sending);
    }

    void journaledAnswerIsAppliedOnOpen()
    {
        const QString path = m_dir->filePath(u"history.sqlite"_s);
        QString id;
        Outcome sold = makeOutcome(OutcomeState::Sold, true, true);
        sold.vendorLeadId = u"L-77"_s;
        sold.messages = {u"Sold to a buyer"_s};
        {
            HistoryStore store(path, m_clock.clock());
            QVERIFY(store.open());
            id = store.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s)));
            QVERIFY(store.journalAnswer(id, sold, 321));
            QCOMPARE(store.record(id)->state, OutcomeState::Sending);
            // The store dies with it: the row would be recovered as interrupted, but the answer is known.
            QCOMPARE(store.recoverInterrupted(m_clock.now.addSecs(1)), 1);
        }
        for (int round = 0; round < 2; ++round) { // applying again (a crash before clearing) changes nothing
            if (round == 1) {
                SideJournal journal(path + u".answers"_s);
                QString error;
                QVERIFY(journal.append({id, sold, 321}, &error));
            }
            HistoryStore store(path, m_clock.clock());
            QVERIFY2(store.open(), qPrintable(store.lastError()));
            const auto row = store.record(id);
            QCOMPARE(row->state, OutcomeState::Sold);
            QVERIFY(row->billable);
            QCOMPARE(row->vendorLeadId, u"L-77"_s);
            QCOMPARE(row->messages, QStringList{u"Sold to a buyer"_s});
            QCOMPARE(row->durationMs, qint64(321));
            QCOMPARE(row->rawAnswer, sold.rawBody);
            QString error;
            QVERIFY(SideJournal(store.sideJournalPath()).read(&error).isEmpty());
        }
    }

    void journalReservesItsSpaceAndSurvivesATornLine()
    {
        const QString path = m_dir->filePath(u"history.sqlite"_s);
        HistoryStore store(path, m_clock.clock());
        QVERIFY(store.open());
        QVERIFY(QFileInfo(store.sideJournalPath()).size() >= SideJournal::ReserveBytes);
        SideJournal journal(store.sideJournalPath());
        QString error;
        Outcome unknown = makeOutcome(OutcomeState::DeliveryUnknown);
        unknown.rawBody = QByteArray("\x00\xff<html>", 8);
        unknown.fieldIssues = {{u"phone"_s, Severity::Error, u"bad"_s}};
        QVERIFY(journal.append({u"one"_s, unknown, 5}, &error));
        {
            // A crash in the middle of an append leaves half a line; it was never reported as kept.
            QFile file(store.sideJournalPath());
            QVERIFY(file.open(QIODevice::ReadWrite));
            const QByteArray used = file.read(SideJournal::ReserveBytes).split('\0').first();
            file.seek(used.size());
            file.write("{\"id\":\"two\",\"sta");
        }
        int skipped = 0;
        const QList<SideJournal::Entry> entries = journal.read(&error, &skipped);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(entries.size(), 1);
        QCOMPARE(skipped, 1);
        QCOMPARE(entries.first().submissionId, u"one"_s);
        QCOMPARE(entries.first().outcome.rawBody, unknown.rawBody);
        QCOMPARE(entries.first().outcome.fieldIssues.size(), 1);
        QCOMPARE(entries.first().durationMs, qint64(5));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock;
};

QTEST_GUILESS_MAIN(TestHistoryFiles)
#include "tst_historyfiles.moc"
