// SPDX-License-Identifier: GPL-3.0-or-later
// History → Export… and Import returns… in the history view (issue 10, items 4 and 5): by keyboard, with the window
// answering while a large export runs, Cancel leaving no file, and a buyer's return shown where the supervisor looks.
#include "HistoryFixture.h"
#include "gui/ExportDialog.h"
#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "gui/ReturnsDialog.h"
#include "gui/SubmissionDetail.h"
#include "pipeline/CsvRecords.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <ctime>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

namespace
{

const QDateTime Now(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
Clock fixedClock()
{
    return [] { return Now; };
}

// Counts the event loop's turns while something runs: a timer that should fire every few milliseconds, and the
// longest it had to wait.
// This thread's CPU time: what the GUI thread itself spent, whatever else the (shared, loaded) machine runs.
qint64 threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

// A 4 ms timer on the GUI thread. Between two of its ticks the thread did other work: the longest such stretch,
// in wall time and in the thread's own CPU time (the first also counts time the scheduler gave other programs).
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setInterval(4);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            m_longest = qMax(m_longest, m_since.restart());
            const qint64 cpu = threadCpuMs();
            m_longestCpu = qMax(m_longestCpu, cpu - m_cpuSince);
            m_cpuSince = cpu;
            ++m_beats;
        });
        restart();
    }
    // Measures from now: what came before (opening the dialog) is not the export.
    void restart()
    {
        m_longest = 0;
        m_longestCpu = 0;
        m_beats = 0;
        m_since.start();
        m_cpuSince = threadCpuMs();
        m_timer.start();
    }
    int beats() const { return m_beats; }
    qint64 longestMs() const { return m_longest; }
    qint64 longestCpuMs() const { return m_longestCpu; }

private:
    QTimer m_timer;
    QElapsedTimer m_since;
    qint64 m_cpuSince = 0;
    int m_beats = 0;
    qint64 m_longest = 0;
    qint64 m_longestCpu = 0;
};

} // namespace

class TestHistoryIo : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    QString m_out;
    QList<SubmissionRecord> m_records;

private Q_SLOTS:
    void initTestCase()
    {
        // Enough rows for an export of many slices.
        m_records = Fixture::makeRecords(20000, Now);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<HistoryStore>(m_dir->filePath(u"history.sqlite"_s), fixedClock());
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
        QVERIFY2(m_store->importRecords(m_records), qPrintable(m_store->lastError()));
        m_out = m_dir->filePath(u"out"_s);
        QVERIFY(QDir().mkpath(m_out));
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void exportByKeyboardKeepsTheWindowAnswering()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.model()->setFilter({.vendorId = u"ntherm"_s});
        const qint64 expected = m_store->count({.vendorId = u"ntherm"_s});
        QVERIFY(expected > 5000);
        const QString path = m_out + u"/ntherm.csv"_s;
        ExportDialog::setNextPath(path);
        Heartbeat heartbeat;
        QTest::keyClick(&view, Qt::Key_E, Qt::ControlModifier);
        auto *dialog = view.findChild<ExportDialog *>(u"exportDialog"_s);
        QVERIFY(dialog);
        QSignalSpy done(dialog, &ExportDialog::done);
        // Opening a dialog costs its first paint once, like any dialog; the export's rows come after, in slices.
        qInfo("opening the export dialog kept the loop for %lld ms", heartbeat.longestMs());
        heartbeat.restart();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.at(0).at(0).toBool(), true);
        QVERIFY2(done.at(0).at(1).toString().contains(u"ntherm.csv"_s), qPrintable(done.at(0).at(1).toString()));
        qInfo("export of %lld rows: %d heartbeats, longest wait %lld ms, of which %lld ms of the GUI thread's CPU",
              expected, heartbeat.beats(), heartbeat.longestMs(), heartbeat.longestCpuMs());
        // The event loop turned all along: many beats, and the GUI thread never worked long between two (slices
        // of ExportDialog::SliceMs plus a step and a repaint). Its CPU time is the measure: on a loaded machine
        // the wall clock also counts other programs' turns. The bound leaves room for a sanitizer build.
        QVERIFY(heartbeat.beats() > 10);
        QVERIFY2(heartbeat.longestCpuMs() < 100, qPrintable(QString::number(heartbeat.longestCpuMs())));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString error;
        const QList<CsvRecord> records = splitCsv(QString::fromUtf8(file.readAll()), &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(records.size(), expected + 1);
    }

    void cancelLeavesNoFile()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The dialog's bar shows progress once the filter's count is known (a worker counts it).
        QTRY_VERIFY(view.model()->totalCount() > 0);
        ExportDialog::setNextPath(m_out + u"/all.json"_s);
        view.findChild<QToolButton *>(u"exportButton"_s)->click();
        QPointer<ExportDialog> dialog = view.findChild<ExportDialog *>(u"exportDialog"_s);
        QVERIFY(dialog);
        QSignalSpy done(dialog, &ExportDialog::done);
        QTRY_VERIFY(!dialog || dialog->value() > 0); // under way
        QVERIFY2(dialog, "the export finished before Cancel could be pressed");
        QVERIFY(done.isEmpty());
        QTest::keyClick(dialog.data(), Qt::Key_Escape); // Esc presses Cancel
        QTRY_COMPARE(done.size(), 1);
        QCOMPARE(done.at(0).at(0).toBool(), false);
        QVERIFY(done.at(0).at(1).toString().contains(u"no file was written"_s));
        QCoreApplication::processEvents();
        QCOMPARE(QDir(m_out).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
    }

    void failureStaysInTheDialogInPlainWords()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        view.show();
        ExportDialog::setNextPath(m_out + u"/no/such/folder/x.csv"_s);
        view.exportHistory();
        auto *dialog = view.findChild<ExportDialog *>(u"exportDialog"_s);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->labelText().contains(u"does not exist"_s), qPrintable(dialog->labelText()));
        QVERIFY(!dialog->succeeded());
    }

    void importReturnsMarksTheRowEverywhere()
    {
        // A sold nTherm row to return.
        std::optional<SubmissionRecord> billable;
        for (const SubmissionRecord &r : m_store->query({}, HistorySort::CreatedAt, Qt::DescendingOrder, 0, 2000)) {
            if (r.billable && !r.vendorLeadId.isEmpty() && !billable)
                billable = r;
        }
        QVERIFY(billable);
        const SubmissionRecord row = *billable;
        QVERIFY(!row.vendorLeadId.isEmpty());
        const QString path = m_out + u"/returns.csv"_s;
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Lead ID,Reason Code,Returned\r\n" + row.vendorLeadId.toUtf8() +
                   ",Wrong number,11/25/2026\r\nNOPE,Disputed,11/25/2026\r\n");
        file.close();

        HistoryView view(m_store.get(), nullptr, fixedClock());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.findChild<QToolButton *>(u"importReturnsButton"_s)->click();
        auto *dialog = view.findChild<ReturnsDialog *>(u"returnsDialog"_s);
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->setPath(path);
        dialog->setVendor(row.vendorId);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"returnsMappings"_s),
                         u"Lead ID=lead_id; Reason Code=reason; Returned=return_date"_s);
        auto *apply = dialog->findChild<QPushButton *>(u"returnsApply"_s);
        QVERIFY(!apply->isEnabled());
        dialog->findChild<QPushButton *>(u"returnsPreview"_s)->click();
        auto *table = dialog->findChild<QTableWidget *>(u"returnsTable"_s);
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), u"2"_s);
        QCOMPARE(table->item(0, 2)->text(), row.id);
        QCOMPARE(table->item(1, 0)->text(), u"3"_s);
        QVERIFY(table->item(1, 3)->text().startsWith(u"line 3: no submission"_s));
        QVERIFY(!m_store->record(row.id)->isReturned()); // a preview writes nothing
        QVERIFY(apply->isEnabled());
        apply->click();
        QVERIFY2(dialog->statusText().contains(u"1 marked returned"_s), qPrintable(dialog->statusText()));
        const auto returned = m_store->record(row.id);
        QVERIFY(returned->isReturned());

        // The detail's lifecycle and the table's Billable column say so.
        // The model's worker may still be reading the page that holds the row: select it once it is there.
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->rowOfId(row.id) >= 0, 30000);
        view.selectId(row.id);
        QTRY_VERIFY(!view.selectedId().isEmpty());
        const QString lifecycle = view.detail()->lifecycleText(*returned);
        QVERIFY2(lifecycle.contains(u"Returned by the buyer on"_s) && lifecycle.contains(u"Wrong number"_s),
                 qPrintable(lifecycle));
        const int tableRow = view.model()->rowOfId(row.id);
        QTRY_COMPARE(view.model()->index(tableRow, HistoryTableModel::BillableColumn).data(Qt::DisplayRole).toString(),
                     u"No (returned)"_s);
    }
};

QTEST_MAIN(TestHistoryIo)
#include "tst_historyio.moc"
