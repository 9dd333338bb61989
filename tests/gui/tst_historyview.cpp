// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryFixture.h"

#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "gui/SubmissionDetail.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateEdit>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <algorithm>
#include <functional>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

namespace
{
const QDateTime Now(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
Clock fixedClock()
{
    return [] { return Now; };
}
// The model's queries run on its worker: wait until it has answered the newest question (rows and exact count).
bool settled(const HistoryTableModel &model)
{
    return QTest::qWaitFor([&] { return !model.isLoading(); }, 30000);
}
QString cell(const HistoryTableModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}
} // namespace

class TestHistoryView : public QObject
{
    Q_OBJECT

private:
    QList<SubmissionRecord> m_records;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;

    // A row of the first page still waiting for its final result by callback.
    SubmissionRecord awaitingRecord() const
    {
        for (const SubmissionRecord &r : m_records) {
            if (r.state == OutcomeState::Accepted && !r.final && !r.callbackToken.isEmpty())
                return r;
        }
        return {};
    }
    qint64 expectedCount(const std::function<bool(const SubmissionRecord &)> &predicate) const
    {
        return std::count_if(m_records.cbegin(), m_records.cend(), predicate);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_records = Fixture::makeRecords(2000, Now);
        QCOMPARE(m_records.size(), 2000);
    }

    void init()
    {
        // A fresh file per test: the live-update tests write to it.
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_store = std::make_unique<HistoryStore>(m_dir->filePath(u"history.sqlite"_s), fixedClock());
        QVERIFY2(m_store->open(), qPrintable(m_store->lastError()));
        QVERIFY2(m_store->importRecords(m_records), qPrintable(m_store->lastError()));
    }

    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }

    void pagesThroughFetchMore_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::newRow("time, newest first") << int(HistoryTableModel::TimeColumn) << int(Qt::DescendingOrder);
        QTest::newRow("customer") << int(HistoryTableModel::CustomerColumn) << int(Qt::AscendingOrder);
        QTest::newRow("outcome, descending") << int(HistoryTableModel::OutcomeColumn) << int(Qt::DescendingOrder);
        QTest::newRow("billable") << int(HistoryTableModel::BillableColumn) << int(Qt::AscendingOrder);
    }

    void pagesThroughFetchMore()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        HistoryTableModel model(m_store.get(), fixedClock());
        QVERIFY(settled(model));
        model.sort(column, Qt::SortOrder(order));
        QVERIFY(settled(model));
        QCOMPARE(model.totalCount(), 2000);
        QCOMPARE(model.rowCount(), HistoryTableModel::PageSize);
        QSet<QString> ids;
        while (model.canFetchMore({})) {
            const int before = model.rowCount();
            model.fetchMore({});
            QVERIFY(settled(model));
            QCOMPARE(model.rowCount(), qMin(before + HistoryTableModel::PageSize, 2000));
        }
        QCOMPARE(model.rowCount(), 2000);
        for (int row = 0; row < model.rowCount(); ++row) {
            ids.insert(model.recordId(row));
            if (row > 0 && column == HistoryTableModel::TimeColumn)
                QVERIFY(model.record(row - 1).createdAt >= model.record(row).createdAt);
        }
        QCOMPARE(ids.size(), 2000); // keyset paging neither skipped nor repeated a row
        // Bodies stay in the store: the table keeps only what it shows.
        QVERIFY(model.record(0).leadJson.isEmpty());
    }

    void tableViewFetchesWhenScrolled()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QVERIFY(settled(*view.model()));
        view.resize(1200, 700);
        view.show();
        auto *table = view.findChild<QTableView *>(u"table"_s);
        QVERIFY(table);
        QCOMPARE(view.model()->rowCount(), HistoryTableModel::PageSize);
        table->scrollToBottom();
        QTRY_VERIFY(view.model()->rowCount() > HistoryTableModel::PageSize);
        QVERIFY(view.model()->rowCount() < 2000);
    }

    void sortRequeriesTheStore_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::newRow("customer ascending") << int(HistoryTableModel::CustomerColumn) << int(Qt::AscendingOrder);
        QTest::newRow("customer descending") << int(HistoryTableModel::CustomerColumn) << int(Qt::DescendingOrder);
        QTest::newRow("phone ascending") << int(HistoryTableModel::PhoneColumn) << int(Qt::AscendingOrder);
        QTest::newRow("time ascending") << int(HistoryTableModel::TimeColumn) << int(Qt::AscendingOrder);
    }

    void sortRequeriesTheStore()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        HistoryTableModel model(m_store.get(), fixedClock());
        QVERIFY(settled(model));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.sort(column, Qt::SortOrder(order));
        QVERIFY(settled(model));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), HistoryTableModel::PageSize);

        // The first row is the extreme of all 2,000 rows, not of the 200 that were loaded: the store sorted.
        auto key = [column](const SubmissionRecord &r) -> QString {
            if (column == HistoryTableModel::CustomerColumn)
                return r.customerName;
            if (column == HistoryTableModel::PhoneColumn)
                return r.phone;
            return r.createdAt.toString(Qt::ISODateWithMs);
        };
        QStringList keys;
        for (const SubmissionRecord &r : std::as_const(m_records))
            keys << key(r);
        std::sort(keys.begin(), keys.end());
        const QString expected = order == Qt::AscendingOrder ? keys.first() : keys.last();
        QCOMPARE(key(model.record(0)), expected);
        for (int row = 1; row < model.rowCount(); ++row) {
            const QString a = key(model.record(row - 1)), b = key(model.record(row));
            QVERIFY2(order == Qt::AscendingOrder ? a <= b : a >= b, qPrintable(a + u" / "_s + b));
        }
    }

    void filtersReduceCount_data()
    {
        QTest::addColumn<QString>("vendor");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("sinceHours");
        QTest::newRow("no filter") << QString() << QString() << QString() << 0;
        QTest::newRow("vendor ntherm") << u"ntherm"_s << QString() << QString() << 0;
        QTest::newRow("vendor bhm") << u"bhm"_s << QString() << QString() << 0;
        QTest::newRow("rejected") << QString() << u"rejected"_s << QString() << 0;
        QTest::newRow("sold at bhm") << u"bhm"_s << u"sold"_s << QString() << 0;
        QTest::newRow("awaiting final") << QString() << u"awaiting_final"_s << QString() << 0;
        QTest::newRow("customer text") << QString() << QString() << u"Nguyen"_s << 0;
        QTest::newRow("last day") << QString() << QString() << QString() << 24;
        QTest::newRow("last day, ntherm, accepted") << u"ntherm"_s << u"accepted"_s << QString() << 24;
    }

    void filtersReduceCount()
    {
        QFETCH(QString, vendor);
        QFETCH(QString, state);
        QFETCH(QString, text);
        QFETCH(int, sinceHours);
        HistoryFilter filter;
        filter.vendorId = vendor;
        filter.stateKey = state;
        filter.text = text;
        if (sinceHours > 0)
            filter.since = Now.addSecs(-qint64(sinceHours) * 3600);
        const qint64 expected = expectedCount([&](const SubmissionRecord &r) {
            if (!vendor.isEmpty() && r.vendorId != vendor)
                return false;
            if (state == u"awaiting_final"_s && !(r.state == OutcomeState::Accepted && !r.final))
                return false;
            if (!state.isEmpty() && state != u"awaiting_final"_s && outcomeStateKey(r.state) != state)
                return false;
            if (!text.isEmpty() && !r.customerName.contains(text))
                return false;
            return !filter.since.isValid() || r.createdAt >= filter.since;
        });
        QVERIFY(expected > 0);

        HistoryTableModel model(m_store.get(), fixedClock());
        QVERIFY(settled(model));
        QSignalSpy counted(&model, &HistoryTableModel::totalCountChanged);
        model.setFilter(filter);
        QVERIFY(settled(model));
        QCOMPARE(model.totalCount(), expected);
        QCOMPARE(model.rowCount(), int(qMin<qint64>(expected, HistoryTableModel::PageSize)));
        // One count per filter; a search the index narrows says "about" first, then the exact figure.
        if (expected != 2000)
            QVERIFY(counted.size() >= 1 && counted.size() <= (text.isEmpty() ? 1 : 2));
        QVERIFY(model.totalIsExact());
    }

    void filterBarDrivesTheModel()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QVERIFY(settled(*view.model()));
        auto *search = view.findChild<QLineEdit *>(u"searchEdit"_s);
        auto *vendor = view.findChild<QComboBox *>(u"vendorCombo"_s);
        auto *count = view.findChild<QLabel *>(u"countLabel"_s);
        QVERIFY(search && vendor && count);
        QTRY_COMPARE(count->text(), u"2,000 submissions"_s);

        QTest::keyClicks(search, u"Nguyen"_s);
        // Debounced: nothing re-queried per keystroke, then one query.
        QCOMPARE(view.model()->totalCount(), 2000);
        const qint64 nguyen =
            expectedCount([](const SubmissionRecord &r) { return r.customerName.contains(u"Nguyen"_s); });
        QTRY_COMPARE(view.model()->totalCount(), nguyen);
        QTRY_COMPARE(count->text(), u"%1 submissions"_s.arg(nguyen));

        vendor->setCurrentIndex(vendor->findData(u"bhm"_s));
        const qint64 nguyenBhm = expectedCount(
            [](const SubmissionRecord &r) { return r.customerName.contains(u"Nguyen"_s) && r.vendorId == u"bhm"_s; });
        QTRY_COMPARE(view.model()->totalCount(), nguyenBhm);
    }

    void dateRangeFromTheFilterBar()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QVERIFY(settled(*view.model()));
        auto *from = view.findChild<QDateEdit *>(u"fromEdit"_s);
        auto *to = view.findChild<QDateEdit *>(u"toEdit"_s);
        QCOMPARE(from->text(), u"any"_s);
        // Yesterday as a whole local day: from its midnight to the next.
        const QDate day = Now.toLocalTime().date().addDays(-1);
        from->setDate(day);
        to->setDate(day);
        const QDateTime start = QDateTime(day, QTime(0, 0)).toUTC();
        const QDateTime end = QDateTime(day.addDays(1), QTime(0, 0)).toUTC();
        const qint64 expected =
            expectedCount([&](const SubmissionRecord &r) { return r.createdAt >= start && r.createdAt < end; });
        QVERIFY(expected > 0);
        QTRY_COMPARE(view.model()->totalCount(), expected);
        QTest::mouseClick(view.findChild<QToolButton *>(u"clearFiltersButton"_s), Qt::LeftButton);
        QTRY_COMPARE(view.model()->totalCount(), 2000);
        QCOMPARE(to->text(), u"any"_s);
    }

    void outcomeTexts()
    {
        HistoryTableModel model(m_store.get(), fixedClock());
        QVERIFY(settled(model));
        model.setStaleAfterHours(24);
        SubmissionRecord r;
        r.state = OutcomeState::Accepted;
        r.answeredAt = Now.addSecs(-3600);
        r.callbackToken = u"token"_s;
        QCOMPARE(model.outcomeText(r), u"Accepted (preliminary)"_s);
        r.answeredAt = Now.addSecs(-25 * 3600);
        QVERIFY(model.isStale(r));
        QCOMPARE(model.outcomeText(r), u"Accepted — awaiting final (stale)"_s);
        r.final = true;
        QCOMPARE(model.outcomeText(r), u"Accepted (final)"_s);
        // Without a callback token no final result will come: never "stale".
        r.final = false;
        r.callbackToken.clear();
        QCOMPARE(model.outcomeText(r), u"Accepted (preliminary)"_s);
        r.state = OutcomeState::AcceptedNotSold;
        QCOMPARE(model.outcomeText(r), u"Accepted, not sold"_s);
        QCOMPARE(HistoryTableModel::formatPhone(u"6145551234"_s), u"(614) 555-1234"_s);

        // Billable and final columns of a sold BHM row.
        HistoryFilter sold;
        sold.stateKey = u"sold"_s;
        sold.vendorId = u"bhm"_s;
        model.setFilter(sold);
        QVERIFY(settled(model));
        QCOMPARE(cell(model, 0, HistoryTableModel::OutcomeColumn), u"Sold"_s);
        QCOMPARE(cell(model, 0, HistoryTableModel::BillableColumn), u"Yes"_s);
        QCOMPARE(cell(model, 0, HistoryTableModel::FinalColumn), u"Yes"_s);
    }

    void finaliseUpdatesLive()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QVERIFY(settled(*view.model()));
        HistoryTableModel *model = view.model();
        const SubmissionRecord target = awaitingRecord();
        QVERIFY(!target.id.isEmpty());
        const int row = model->rowOfId(target.id);
        QVERIFY2(row >= 0, "the newest awaiting row is on the first page");
        view.selectId(target.id);
        QCOMPARE(view.selectedId(), target.id);
        QCOMPARE(cell(*model, row, HistoryTableModel::OutcomeColumn), u"Accepted (preliminary)"_s);

        Outcome sold;
        sold.state = OutcomeState::Sold;
        sold.billable = true;
        sold.final = true;
        sold.rawBody = R"({"success_bit": true, "message": "Lead sold"})";
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        QCOMPARE(m_store->finalise(target.callbackToken, sold), std::optional<QString>(target.id));

        // No refresh() call: the store's changed signal does it, in place (the row cannot move in time order).
        QTRY_COMPARE(cell(*model, row, HistoryTableModel::OutcomeColumn), u"Sold"_s);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(cell(*model, row, HistoryTableModel::FinalColumn), u"Yes"_s);
        QCOMPARE(view.selectedId(), target.id);
        auto *lifecycle = view.findChild<QLabel *>(u"lifecycleLabel"_s);
        QTRY_VERIFY(lifecycle->text().contains(u"Finalised"_s));
    }

    void finaliseLeavesTheAwaitingFilter()
    {
        HistoryTableModel model(m_store.get(), fixedClock());
        QVERIFY(settled(model));
        HistoryFilter awaiting;
        awaiting.stateKey = QString::fromLatin1(HistoryTableModel::AwaitingFinalKey);
        model.setFilter(awaiting);
        QVERIFY(settled(model));
        const qint64 before = model.totalCount();
        const SubmissionRecord target = awaitingRecord();
        QCOMPARE(model.recordId(0), target.id);
        Outcome rejected;
        rejected.state = OutcomeState::Rejected;
        rejected.final = true;
        QVERIFY(m_store->finalise(target.callbackToken, rejected).has_value());
        QTRY_COMPARE(model.totalCount(), before - 1);
        QCOMPARE(model.rowOfId(target.id), -1);
    }

    void newRowAppearsLiveKeepingSelection()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QVERIFY(settled(*view.model()));
        HistoryTableModel *model = view.model();
        const QString selected = model->recordId(5);
        view.selectId(selected);

        SubmissionStart start;
        start.lead = Fixture::makeLead(*QRandomGenerator::global(), u"maria.g"_s, u"PA_SWITCH_SAVE"_s);
        start.vendorId = u"bhm"_s;
        start.accountMode = u"training"_s;
        start.redactedRequest = "POST http://127.0.0.1/post/energy/";
        const QString id = m_store->begin(start);
        QVERIFY(!id.isEmpty());

        QTRY_COMPARE(model->totalCount(), 2001);
        QCOMPARE(model->recordId(0), id); // newest first
        QCOMPARE(cell(*model, 0, HistoryTableModel::OutcomeColumn), u"Sending…"_s);
        QCOMPARE(view.selectedId(), selected);
    }

    void pollSeesOtherConnections()
    {
        HistoryTableModel model(m_store.get(), fixedClock());
        QVERIFY(settled(model));
        const SubmissionRecord target = awaitingRecord();
        const int row = model.rowOfId(target.id);
        QVERIFY(row >= 0);
        // Another connection to the same file, as the CLI's callback receiver in another process: its writes do
        // not reach this process's changed signal, only the poll sees them.
        HistoryStore other(m_store->path(), fixedClock());
        QVERIFY(other.open());
        model.setPollIntervalMs(50);
        model.setPolling(true);
        Outcome rejected;
        rejected.state = OutcomeState::Rejected;
        rejected.final = true;
        QVERIFY(other.finalise(target.callbackToken, rejected).has_value());
        QTRY_COMPARE(cell(model, row, HistoryTableModel::OutcomeColumn), u"Rejected"_s);
        model.setPolling(false);
        QVERIFY(!model.isPolling());
    }

    void detailShowsLeadRequestAnswer()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QVERIFY(settled(*view.model()));
        const SubmissionRecord &expected = m_records.first();
        view.selectId(expected.id);
        const Lead lead = *leadFromJson(expected.leadJson).lead;
        auto text = [&view](const char *name) {
            return view.findChild<QPlainTextEdit *>(QLatin1String(name))->toPlainText();
        };
        QVERIFY(text("leadText").contains(u"first_name: "_s + lead.firstName));
        QVERIFY(text("leadText").contains(u"Do you consent to be contacted?"_s));
        QVERIFY(text("requestText").startsWith(u"POST https://"_s));
        QVERIFY2(!text("requestText").contains(u"00000000-0000-4000-8000-000000000000"_s), "secret in the request");
        QVERIFY(text("answerText").contains(QString::fromUtf8(expected.rawAnswer)));
        const QString lifecycle = view.findChild<QLabel *>(u"lifecycleLabel"_s)->text();
        QVERIFY(lifecycle.contains(u"Created"_s));
        QVERIFY(lifecycle.contains(u"Answered"_s));
    }

    void lifecycleWithoutCallbackToken()
    {
        SubmissionDetail detail;
        detail.setClock(fixedClock());
        SubmissionRecord r;
        r.vendorId = u"ntherm"_s;
        r.state = OutcomeState::Accepted;
        r.createdAt = Now.addSecs(-60);
        r.answeredAt = Now.addSecs(-59);
        QVERIFY(detail.lifecycleText(r).contains(u"will not be reported"_s));
        r.callbackToken = u"t"_s;
        QVERIFY(detail.lifecycleText(r).contains(u"Awaiting the final result"_s));
        r.answeredAt = Now.addDays(-3);
        QVERIFY(detail.lifecycleText(r).contains(u"more than 24 hours"_s));
    }

    void copyAsJson()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QVERIFY(settled(*view.model()));
        const SubmissionRecord &expected = m_records.at(3);
        view.selectId(expected.id);
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(view.findChild<QPushButton *>(u"copyButton"_s), Qt::LeftButton);
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(QGuiApplication::clipboard()->text().toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const Lead lead = *leadFromJson(expected.leadJson).lead;
        QCOMPARE(json.object().value(u"first_name"_s).toString(), lead.firstName);
        QCOMPARE(json.object().value(u"phone"_s).toString(), lead.phone);
    }

    void loadIntoFormEmitsLead()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QVERIFY(settled(*view.model()));
        const SubmissionRecord &expected = m_records.at(7);
        view.selectId(expected.id);
        QSignalSpy loaded(&view, &HistoryView::loadLeadRequested);
        QSignalSpy showForm(&view, &HistoryView::showFormRequested);
        QTest::mouseClick(view.findChild<QPushButton *>(u"loadButton"_s), Qt::LeftButton);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(showForm.size(), 1);
        const HistoryLoad load = loaded.at(0).at(0).value<HistoryLoad>();
        QCOMPARE(load.lead, *leadFromJson(expected.leadJson).lead);
        QCOMPARE(load.vendorId, expected.vendorId);
        QCOMPARE(load.sentToVendorId, expected.vendorId);
        QCOMPARE(load.submittedAt, expected.createdAt);
        QVERIFY(!load.otherBuyer);
    }
};

QTEST_MAIN(TestHistoryView)
#include "tst_historyview.moc"
