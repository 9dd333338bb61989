// SPDX-License-Identifier: GPL-3.0-or-later
// History → Export… (issue 10, item 4): the filter's rows as CSV or JSON, streamed page by page into a file that
// appears only when complete; cancelled or failed exports leave nothing; memory stays flat however many rows.
#include "StoreTestSupport.h"
#include "pipeline/CsvRecords.h"
#include "store/HistoryExport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <malloc.h>
#include <unistd.h>

using namespace LeadRelay;
using namespace LeadRelay::StoreTest;

namespace
{

SubmissionRecord row(int i, const QDateTime &base, bool payloads)
{
    SubmissionRecord r;
    r.id = u"row-%1"_s.arg(i, 8, 10, QChar(u'0'));
    r.createdAt = base.addSecs(i);
    r.answeredAt = r.createdAt.addSecs(1);
    r.agent = i % 7 == 0 ? u"@agent"_s : u"maria.g"_s;
    r.vendorId = i % 3 == 0 ? u"bhm"_s : u"ntherm"_s;
    r.accountMode = u"production"_s;
    r.campaign = i % 5 == 0 ? u"+CAMPAIGN"_s : u"OHIO_GENERAL"_s;
    r.customerName = i % 11 == 0 ? u"=HYPERLINK(\"http://x\",\"Pat\")"_s : u"Pat Doe %1"_s.arg(i);
    r.phone = u"212555%1"_s.arg(i % 10000, 4, 10, QChar(u'0'));
    // A realistic payload that an export must not drag along.
    if (payloads) {
        r.leadJson = QByteArray(R"({"first_name":"Pat","notes":")") + QByteArray(1500, 'n') + "\"}";
        r.redactedRequest = QByteArray(800, 'r');
    } else {
        r.leadJson = "{}";
    }
    r.rawAnswer = R"({"success_bit": true})";
    r.state = OutcomeState::Sold;
    r.billable = true;
    r.final = true;
    r.httpStatus = 200;
    r.vendorLeadId = u"L-%1"_s.arg(i);
    r.messages = {u"-1 sold, line one"_s, u"two"_s};
    r.durationMs = 120;
    return r;
}

bool fill(HistoryStore &store, int rows, bool payloads = true)
{
    const QDateTime base(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    for (int start = 0; start < rows; start += 5000) {
        QList<SubmissionRecord> chunk;
        for (int i = start; i < qMin(rows, start + 5000); ++i)
            chunk.append(row(i, base, payloads));
        if (!store.importRecords(chunk))
            return false;
    }
    return true;
}

// Kilobytes of a /proc/self/status line (VmRSS, VmHWM).
qint64 statusKb(const QByteArray &key)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(key + ':')))
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestHistoryExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void writesTheFilterAndParsesBack_data();
    void writesTheFilterAndParsesBack();
    void cancelLeavesNoFile();
    void cancelKeepsAnEarlierFileUntouched();
    void noPermissionInPlainWords();
    void fullDiskInPlainWordsAndNoFile();
    void memoryStaysFlat();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    QString m_out;
    QString m_where;
};

void TestHistoryExport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_where = location(m_dir->filePath(u"h"_s) + QString::fromLatin1(QTest::currentTestFunction()) +
                       QString::fromLatin1(QTest::currentDataTag()));
    m_store = std::make_unique<HistoryStore>(m_where);
    QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
    m_out = m_dir->filePath(u"out"_s);
    QVERIFY(QDir().mkpath(m_out));
}

void TestHistoryExport::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestHistoryExport::writesTheFilterAndParsesBack_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("csv") << u"export.csv"_s;
    QTest::newRow("json") << u"export.JSON"_s;
    QTest::newRow("no suffix: csv") << u"export"_s;
}

void TestHistoryExport::writesTheFilterAndParsesBack()
{
    QFETCH(QString, name);
    const int rows = HistoryExport::PageRows * 2 + 37; // several pages, the last one partial
    QVERIFY2(fill(*m_store, rows), qPrintable(m_store->lastError()));
    const HistoryFilter filter{.vendorId = u"ntherm"_s};
    const qint64 expected = m_store->count(filter);
    QVERIFY(expected > HistoryExport::PageRows * 2 / 3);
    const QList<SubmissionRecord> newest = m_store->query(filter, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 3);

    const QString path = m_out + u'/' + name;
    HistoryExport exporter(m_store.get(), filter, path);
    QVERIFY2(exporter.start(), qPrintable(exporter.error()));
    int steps = 0;
    while (exporter.step())
        ++steps;
    QVERIFY2(exporter.error().isEmpty(), qPrintable(exporter.error()));
    QVERIFY(!QFile::exists(path)); // nothing there before commit()
    QVERIFY2(exporter.commit(), qPrintable(exporter.error()));
    QCOMPARE(exporter.written(), expected);
    QVERIFY(steps >= 1);
    QCOMPARE(filesIn(m_out), QStringList{name}); // no temporary file left beside it

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (exporter.format() == HistoryExport::Format::Json) {
        QJsonParseError error;
        const QJsonArray array = QJsonDocument::fromJson(bytes, &error).array();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(array.size(), expected);
        QCOMPARE(array.at(0).toObject().value(u"id"_s).toString(), newest.at(0).id);
        QCOMPARE(array.at(1).toObject().value(u"id"_s).toString(), newest.at(1).id);
        QCOMPARE(array.at(0).toObject(), historyJson(*m_store->exportPage(filter, std::nullopt, 1).begin()));
        return;
    }
    QString error;
    const QList<CsvRecord> records = splitCsv(QString::fromUtf8(bytes), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(records.size(), expected + 1);
    QCOMPARE(records.at(0).cells.join(u',').toUtf8() + "\r\n", historyCsvHeader());
    QCOMPARE(records.at(1).cells.at(0), newest.at(0).id);
    QCOMPARE(records.at(2).cells.at(0), newest.at(1).id);
    // Every cell a spreadsheet would run is neutralised, exactly as the CLI writes it.
    const qsizetype customer = records.at(0).cells.indexOf(u"customer"_s);
    const qsizetype agent = records.at(0).cells.indexOf(u"agent"_s);
    const qsizetype campaign = records.at(0).cells.indexOf(u"campaign"_s);
    const qsizetype messages = records.at(0).cells.indexOf(u"messages"_s);
    int formulas = 0;
    for (qsizetype i = 1; i < records.size(); ++i) {
        for (const qsizetype column : {customer, agent, campaign, messages}) {
            const QString cell = records.at(i).cells.at(column);
            QVERIFY2(!cell.startsWith(u'=') && !cell.startsWith(u'+') && !cell.startsWith(u'@') &&
                         !cell.startsWith(u'-'),
                     qPrintable(cell));
            formulas += cell.startsWith(u'\'') ? 1 : 0;
        }
    }
    QVERIFY(formulas > 0);
    QVERIFY(bytes.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"Pat\"\")\""));
}

void TestHistoryExport::cancelLeavesNoFile()
{
    QVERIFY(fill(*m_store, HistoryExport::PageRows * 3));
    const QString path = m_out + u"/cancelled.csv"_s;
    {
        HistoryExport exporter(m_store.get(), {}, path);
        QVERIFY(exporter.start());
        QVERIFY(exporter.step());
        exporter.cancel();
        QVERIFY(!exporter.commit());
    }
    QVERIFY(!QFile::exists(path));
    QCOMPARE(filesIn(m_out), QStringList());
    {
        // Abandoned half way (the window closed): destroyed without commit(), nothing either.
        HistoryExport exporter(m_store.get(), {}, path);
        QVERIFY(exporter.start());
        QVERIFY(exporter.step());
    }
    QCOMPARE(filesIn(m_out), QStringList());
}

void TestHistoryExport::cancelKeepsAnEarlierFileUntouched()
{
    QVERIFY(fill(*m_store, 10));
    const QString path = m_out + u"/report.json"_s;
    QFile earlier(path);
    QVERIFY(earlier.open(QIODevice::WriteOnly));
    earlier.write("yesterday's export");
    earlier.close();
    HistoryExport exporter(m_store.get(), {}, path);
    QVERIFY(exporter.start());
    exporter.step();
    exporter.cancel();
    QVERIFY(earlier.open(QIODevice::ReadOnly));
    QCOMPARE(earlier.readAll(), QByteArray("yesterday's export"));
    QCOMPARE(filesIn(m_out), QStringList{u"report.json"_s});
}

void TestHistoryExport::noPermissionInPlainWords()
{
    if (::geteuid() == 0)
        QSKIP("Root may write anywhere: run as a normal user to see the refusal.");
    QVERIFY(QFile::setPermissions(m_out, QFile::ReadOwner | QFile::ExeOwner));
    HistoryExport exporter(m_store.get(), {}, m_out + u"/x.csv"_s);
    QVERIFY(!exporter.start());
    QVERIFY2(exporter.error().contains(u"no permission"_s), qPrintable(exporter.error()));
    QFile::setPermissions(m_out, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

void TestHistoryExport::fullDiskInPlainWordsAndNoFile()
{
    if (::geteuid() != 0)
        QSKIP("Needs root for a small tmpfs of its own.");
    const QString mount = m_dir->filePath(u"small"_s);
    QVERIFY(QDir().mkpath(mount));
    if (QProcess::execute(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=512k"_s, u"tmpfs"_s, mount}) != 0)
        QSKIP("Could not mount a tmpfs (no mount permission in this container).");
    auto unmount = qScopeGuard([&] { QProcess::execute(u"umount"_s, {mount}); });
    QVERIFY(fill(*m_store, 5000)); // about 1.5 MB of CSV
    HistoryExport exporter(m_store.get(), {}, mount + u"/big.csv"_s);
    QVERIFY2(exporter.start(), qPrintable(exporter.error()));
    QVERIFY(!exporter.commit());
    QVERIFY2(exporter.error().contains(u"The disk is full"_s), qPrintable(exporter.error()));
    QCOMPARE(filesIn(mount), QStringList());
}

void TestHistoryExport::memoryStaysFlat()
{
    // 200,000 rows by default; LEADRELAY_EXPORT_ROWS=1000000 for the 1M figure (README).
    const int rows = qEnvironmentVariableIntValue("LEADRELAY_EXPORT_ROWS") > 0
                         ? qEnvironmentVariableIntValue("LEADRELAY_EXPORT_ROWS")
                         : 200000;
    QElapsedTimer timer;
    timer.start();
    // Filled by the database itself (the export never reads payloads, and per-row inserts would take minutes on
    // a team server): one statement, the same rows on both backends.
    {
        RawDb raw(m_where);
        const QString numbers = onPostgres() ? u"SELECT generate_series(1, %1) AS i"_s.arg(rows)
                                             : u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                               "WHERE i < %1) SELECT i FROM n"_s.arg(rows);
        // A thousand agents: one transaction updating a single roll-up row 200,000 times is quadratic on
        // PostgreSQL (each update walks the row's version chain), which no desk's write ever does.
        QVERIFY(raw.exec(u"INSERT INTO submissions (id, created_at, agent, vendor_id, customer_name, phone, state, "
                         "billable, final, vendor_lead_id, messages) SELECT 'row-' || i, '2026-01-01T00:00:00.000Z', "
                         "'agent-' || (i % 1000), 'ntherm', '=Pat ' || i, '2125550100', 'sold', 1, 1, 'L-' || i, "
                         "'[\"sold\"]' FROM ("_s +
                         numbers + u") numbers"_s));
    }
    const qint64 fillMs = timer.elapsed();
    const QString path = m_out + u"/all.csv"_s;
    HistoryExport exporter(m_store.get(), {}, path);
    // What filling allocated and freed goes back to the system first, so the export cannot hide in it.
    ::malloc_trim(0);
    // Peak RSS measured from here: writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    QFile clear(u"/proc/self/clear_refs"_s);
    if (!clear.open(QIODevice::WriteOnly) || clear.write("5") != 1)
        QSKIP("Cannot reset the peak RSS (/proc/self/clear_refs)");
    clear.close();
    const qint64 rssBefore = statusKb("VmRSS");
    timer.restart();
    QVERIFY(exporter.start());
    while (exporter.step()) {
    }
    QVERIFY2(exporter.commit(), qPrintable(exporter.error()));
    const qint64 exportMs = timer.elapsed();
    const qint64 peak = statusKb("VmHWM");
    QCOMPARE(exporter.written(), qint64(rows));
    const qint64 growthKb = peak - rssBefore;
    qInfo().noquote() << u"export of %1 rows (%2): %3 ms, file %4 MB, peak RSS growth %5 MB (filled in %6 ms)"_s
                             .arg(rows)
                             .arg(onPostgres() ? u"PostgreSQL"_s : u"SQLite"_s)
                             .arg(exportMs)
                             .arg(QFileInfo(path).size() / (1024 * 1024))
                             .arg(growthKb / 1024)
                             .arg(fillMs);
#ifdef __SANITIZE_ADDRESS__
    // AddressSanitizer keeps freed memory in quarantine (256 MB by default), so resident memory grows with any
    // churn: the bound below means nothing here, and the plain build (the README's test command) checks it.
    QSKIP("Peak memory is not measurable under AddressSanitizer; the rows were exported and counted");
#endif
    // Holding every row would cost several hundred MB at 200,000 rows; one page is well under 1 MB. The bound
    // leaves room for the database's own page cache and allocator slack.
    QVERIFY2(growthKb < 48 * 1024, qPrintable(u"peak RSS grew by %1 MB"_s.arg(growthKb / 1024)));
}

QTEST_GUILESS_MAIN(TestHistoryExport)
#include "tst_historyexport.moc"
