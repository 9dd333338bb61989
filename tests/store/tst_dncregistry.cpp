// SPDX-License-Identifier: GPL-3.0-or-later
// Registry downloads into compact per-list files: what goes in is found, nothing else is, dates per area code,
// and a list older than 31 days is named stale.
#include "store/DncRegistry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

class TestDncRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importAndLookup();
    void laterImportReplacesOnlyItsAreaCodes();
    void staleListsAreNamed();
    void foreignFileIsRefused();
    void manyNumbersUnevenlySpread();

private:
    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write the test file");
        return path;
    }
    QTemporaryDir m_dir;
};

void TestDncRegistry::importAndLookup()
{
    const QString area614 = writeFile(u"614.txt"_s, "6145550134\r\n6145550100\n6149999999\n\n6142000000\n");
    const QString area212 = writeFile(u"212.txt"_s, "2125550101\nheader line\n+1 (212) 555-0102\n2125550101");
    DncRegistry registry(m_dir.filePath(u"reg1"_s));
    DncRegistry::ImportStats stats;
    QString error;
    QVERIFY2(registry.import(u"national"_s, {area614, area212}, QDate(2026, 11, 28), &stats, &error),
             qPrintable(error));
    QCOMPARE(stats.numbers, quint64(7));
    QCOMPARE(stats.invalid, quint64(1));
    QCOMPARE(stats.stored, quint64(6)); // one duplicate
    QCOMPARE(stats.areaCodes, 2);
    QCOMPARE(registry.lists(), QStringList{u"national"_s});
    for (const QString &phone : {u"6145550134"_s, u"(614) 555-0100"_s, u"614-999-9999"_s, u"6142000000"_s,
                                 u"2125550101"_s, u"12125550102"_s}) {
        const QList<RegistryHit> hits = registry.lookup(phone);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().list, u"national"_s);
        QCOMPARE(hits.first().downloadDate, QDate(2026, 11, 28));
    }
    for (const QString &phone : {u"6145550135"_s, u"6145550133"_s, u"2125550100"_s, u"3125550101"_s, u"x"_s})
        QVERIFY2(registry.lookup(phone).isEmpty(), qPrintable(phone));
    // A state's list beside the national one: a number on both is reported twice.
    const QString tx = writeFile(u"tx.txt"_s, "6145550134\n");
    QVERIFY(registry.import(u"TX"_s, {tx}, QDate(2026, 11, 20), &stats, &error));
    QCOMPARE(registry.lookup(u"6145550134"_s).size(), 2);
    // About 3 bytes per number plus a 12 KB index.
    QCOMPARE(QFileInfo(registry.pathOf(u"national"_s)).size(), RegistryFile::DataOffset + 6 * 3);
}

void TestDncRegistry::laterImportReplacesOnlyItsAreaCodes()
{
    DncRegistry registry(m_dir.filePath(u"reg2"_s));
    QString error;
    QVERIFY(registry.import(u"national"_s, {writeFile(u"a.txt"_s, "6145550134\n2125550101\n")}, QDate(2026, 10, 1),
                            nullptr, &error));
    QVERIFY(
        registry.import(u"national"_s, {writeFile(u"b.txt"_s, "6145550199\n")}, QDate(2026, 11, 28), nullptr, &error));
    QVERIFY(registry.lookup(u"6145550134"_s).isEmpty()); // 614 replaced by the newer download
    QCOMPARE(registry.lookup(u"6145550199"_s).value(0).downloadDate, QDate(2026, 11, 28));
    QCOMPARE(registry.lookup(u"2125550101"_s).value(0).downloadDate, QDate(2026, 10, 1)); // 212 kept
    QCOMPARE(registry.files().front()->oldestDownload(), QDate(2026, 10, 1));
}

void TestDncRegistry::staleListsAreNamed()
{
    DncRegistry registry(m_dir.filePath(u"reg3"_s));
    QString error;
    QVERIFY(
        registry.import(u"national"_s, {writeFile(u"c.txt"_s, "6145550134\n")}, QDate(2026, 11, 1), nullptr, &error));
    QVERIFY(registry.staleLists(QDate(2026, 12, 2)).isEmpty());                                 // 31 days
    QCOMPARE(registry.staleLists(QDate(2026, 12, 3)), QStringList{u"national (2026-11-01)"_s}); // 32 days
    // Another process's registry object sees the file too.
    DncRegistry other(m_dir.filePath(u"reg3"_s));
    QVERIFY(other.load(&error));
    QCOMPARE(other.lookup(u"6145550134"_s).size(), 1);
}

void TestDncRegistry::foreignFileIsRefused()
{
    QDir().mkpath(m_dir.filePath(u"reg4"_s));
    writeFile(u"reg4/bogus.lrdnc"_s, QByteArray(20000, 'x'));
    DncRegistry registry(m_dir.filePath(u"reg4"_s));
    QString error;
    QVERIFY(!registry.load(&error));
    QVERIFY(error.contains(u"not a LeadRelay"_s));
    QVERIFY(registry.lists().isEmpty());
    QVERIFY(!registry.import(u"bad name!"_s, {}, QDate(2026, 1, 1), nullptr, &error));
}

void TestDncRegistry::manyNumbersUnevenlySpread()
{
    // Enough numbers per area code for the interpolating search, some clustered, some spread: each one is found
    // and its neighbours are not.
    std::set<quint64> numbers;
    quint64 seed = 12345;
    auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return seed >> 33;
    };
    for (int i = 0; i < 20000; ++i)
        numbers.insert(6'142'000'000ULL + next() % 8'000'000);
    for (int i = 0; i < 5000; ++i)
        numbers.insert(6'145'550'000ULL + next() % 3000); // a dense cluster
    numbers.insert(6'142'000'000ULL);
    numbers.insert(6'149'999'999ULL);
    QByteArray text;
    for (const quint64 number : numbers)
        text += QByteArray::number(number) + '\n';
    DncRegistry registry(m_dir.filePath(u"reg5"_s));
    QString error;
    QVERIFY(registry.import(u"national"_s, {writeFile(u"many.txt"_s, text)}, QDate(2026, 11, 28), nullptr, &error));
    const RegistryFile &file = *registry.files().front();
    QCOMPARE(file.count(), quint64(numbers.size()));
    for (const quint64 number : numbers) {
        QVERIFY2(file.contains(number), qPrintable(QString::number(number)));
        for (const quint64 neighbour : {number - 1, number + 1}) {
            if (!numbers.count(neighbour))
                QVERIFY2(!file.contains(neighbour), qPrintable(QString::number(neighbour)));
        }
    }
    QVERIFY(!file.contains(6'141'999'999ULL));
    QVERIFY(!file.contains(6'150'000'000ULL));
}

QTEST_GUILESS_MAIN(TestDncRegistry)
#include "tst_dncregistry.moc"
