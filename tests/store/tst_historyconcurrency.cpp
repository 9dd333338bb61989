// SPDX-License-Identifier: GPL-3.0-or-later
// Two HistoryStore objects (two connections) on one file, as two app windows or app + CLI would be: writes
// interleave from two threads at full speed while a third reads, and none fails with "database is locked".
#include "StoreTestSupport.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

constexpr int Rounds = 150;

// One writer: its own store, in its own thread (a connection belongs to the thread that made it).
class Writer : public QThread
{
public:
    Writer(QString path, QString name, std::atomic<bool> *go)
        : m_path(std::move(path))
        , m_name(std::move(name))
        , m_go(go)
    {}
    QStringList errors;
    int done = 0;

protected:
    void run() override
    {
        HistoryStore store(m_path);
        if (!store.open()) {
            errors.append(store.lastError());
            return;
        }
        while (!m_go->load())
            QThread::yieldCurrentThread();
        for (int i = 0; i < Rounds; ++i) {
            const QString token = m_name + QString::number(i);
            const QString id =
                store.begin(makeStart(makeLead(m_name, QString::number(i), u"2127365000"_s), u"ntherm"_s, token));
            if (id.isEmpty()) {
                errors.append(store.lastError());
                continue;
            }
            if (!store.finish(id, makeOutcome(OutcomeState::Accepted), i))
                errors.append(store.lastError());
            if (!store.finalise(token, makeOutcome(OutcomeState::Sold, true, true)))
                errors.append(store.lastError());
            if (!store.findDuplicate(u"ntherm"_s, u"2127365000"_s, QDateTime::currentDateTimeUtc().addDays(-1)))
                errors.append(store.lastError());
            ++done;
        }
    }

private:
    QString m_path;
    QString m_name;
    std::atomic<bool> *m_go;
};

} // namespace

class TestHistoryConcurrency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void interleavedConnectionsInOneThread();
    void twoWritersAndAReader();
    void simultaneousFirstOpen();
};

void TestHistoryConcurrency::interleavedConnectionsInOneThread()
{
    QTemporaryDir dir;
    const QString path = location(dir.filePath(u"h.sqlite"_s));
    HistoryStore a(path), b(path);
    QVERIFY2(a.open(), qPrintable(a.lastError()));
    QVERIFY2(b.open(), qPrintable(b.lastError()));
    for (int i = 0; i < 50; ++i) {
        // Begin on one, answer on the other, callback on the first: every step sees the other's commits.
        const QString token = u"t"_s + QString::number(i);
        const QString id = a.begin(makeStart(makeLead(u"A"_s, u"B"_s, u"2127365000"_s), u"ntherm"_s, token));
        QVERIFY2(!id.isEmpty(), qPrintable(a.lastError()));
        QVERIFY2(b.finish(id, makeOutcome(OutcomeState::Accepted), i), qPrintable(b.lastError()));
        QCOMPARE(a.finalise(token, makeOutcome(OutcomeState::Sold, true, true)), std::optional<QString>(id));
        QCOMPARE(b.record(id)->state, OutcomeState::Sold);
    }
    QCOMPARE(a.count({}), 50);
    QCOMPARE(b.count({.stateKey = u"sold"_s}), 50);
}

void TestHistoryConcurrency::twoWritersAndAReader()
{
    QTemporaryDir dir;
    const QString path = location(dir.filePath(u"h.sqlite"_s));
    {
        HistoryStore first(path); // create the schema once, so the writers race on rows, not on migration
        QVERIFY(first.open());
    }
    std::atomic<bool> go{false};
    Writer one(path, u"one"_s, &go), two(path, u"two"_s, &go);
    one.start();
    two.start();

    HistoryStore reader(path);
    QVERIFY(reader.open());
    go = true;
    int reads = 0;
    while (!one.isFinished() || !two.isFinished()) {
        QVERIFY2(reader.count({}) >= 0, qPrintable(reader.lastError()));
        QVERIFY2(reader.count({.text = u"one"_s}) >= 0, qPrintable(reader.lastError()));
        reader.query({}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 50);
        QVERIFY2(reader.lastError().isEmpty(), qPrintable(reader.lastError()));
        ++reads;
        QThread::msleep(1);
    }
    QVERIFY(one.wait(60000));
    QVERIFY(two.wait(60000));
    QVERIFY2(one.errors.isEmpty(), qPrintable(one.errors.join(u"\n"_s)));
    QVERIFY2(two.errors.isEmpty(), qPrintable(two.errors.join(u"\n"_s)));
    QCOMPARE(one.done, Rounds);
    QCOMPARE(two.done, Rounds);
    QCOMPARE(reader.count({}), 2 * Rounds);
    QCOMPARE(reader.count({.stateKey = u"sold"_s}), 2 * Rounds);
    QVERIFY(reads > 0);
}

void TestHistoryConcurrency::simultaneousFirstOpen()
{
    // Several stores creating the same new file at once: one migrates, the others wait and find it done.
    QTemporaryDir dir;
    const QString path = location(dir.filePath(u"fresh.sqlite"_s));
    std::atomic<bool> go{false};
    constexpr int Count = 4;
    QStringList errors[Count];
    int versions[Count] = {};
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < Count; ++i) {
        threads.emplace_back(QThread::create([&, i] {
            HistoryStore store(path);
            while (!go.load())
                QThread::yieldCurrentThread();
            if (!store.open())
                errors[i].append(store.lastError());
            versions[i] = store.schemaVersion();
            if (store.begin(makeStart(makeLead(u"A"_s, QString::number(i), u"2127365000"_s))).isEmpty())
                errors[i].append(store.lastError());
        }));
        threads.back()->start();
    }
    go = true;
    for (int i = 0; i < Count; ++i) {
        QVERIFY(threads[i]->wait(60000));
        QVERIFY2(errors[i].isEmpty(), qPrintable(errors[i].join(u"\n"_s)));
        QCOMPARE(versions[i], HistoryStore::knownSchemaVersion());
    }
    HistoryStore check(path);
    QVERIFY(check.open());
    QCOMPARE(check.count({}), Count);
    RawDb raw(path);
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM schema_version"_s).toInt(), HistoryStore::knownSchemaVersion());
}

QTEST_GUILESS_MAIN(TestHistoryConcurrency)
#include "tst_historyconcurrency.moc"
