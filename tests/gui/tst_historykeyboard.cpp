// SPDX-License-Identifier: GPL-3.0-or-later
// The history page by keyboard (issue 11, item 2): no trap in the date filter or the table, every control on the
// Tab chain in reading order, the current row drawn selected, the shortcuts; "Send to the other buyer" only on a
// refused row (item 3); the Time column's arrow says the order shown (item 5). Keys go through the window.
#include "HistoryFixture.h"

#include "gui/HistoryTableModel.h"
#include "gui/HistoryView.h"
#include "gui/SubmissionDetail.h"
#include "store/HistoryStore.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QHeaderView>
#include <QImage>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

namespace
{
const QDateTime Now(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
Clock fixedClock()
{
    return [] { return Now; };
}
} // namespace

class TestHistoryKeyboard : public QObject
{
    Q_OBJECT

private:
    QList<SubmissionRecord> m_records;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;

    // Which way the sort arrow of a section points, read from its pixels: +1 down (▼, wide at the top), -1 up (▲),
    // 0 none. The arrow is the only thing drawn in the section's right end (the label is centred; the last pixels
    // are the section's border).
    static int arrowDirection(QHeaderView *header, int section)
    {
        QImage image(header->sectionSize(section), header->height(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        header->viewport()->render(
            &image, {},
            QRegion(header->sectionViewportPosition(section), 0, header->sectionSize(section), header->height()));
        QList<int> widths;
        for (int y = 2; y < image.height() - 2; ++y) {
            int width = 0;
            for (int x = image.width() - 24; x < image.width() - 3; ++x)
                width += qGray(image.pixel(x, y)) < 160 ? 1 : 0;
            if (width > 0)
                widths << width;
        }
        if (widths.size() < 2)
            return 0;
        return widths.first() > widths.last() ? 1 : widths.first() < widths.last() ? -1 : 0;
    }

    // The focus widget's name; a date edit's inner line edit counts as the date edit.
    static QString focusName()
    {
        QWidget *focus = QApplication::focusWidget();
        if (!focus)
            return u"nothing"_s;
        if (qobject_cast<QDateEdit *>(focus->parentWidget()) || qobject_cast<QTabWidget *>(focus->parentWidget()))
            focus = focus->parentWidget();
        return focus->objectName();
    }

    static void key(QWidget *window, Qt::Key key, Qt::KeyboardModifiers modifiers = {})
    {
        QTest::keyClick(window->windowHandle(), key, modifiers);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // More than a page, fewer than tst_historyview's: these tests are about keys, not paging.
        m_records = Fixture::makeRecords(300, Now);
    }

    void init()
    {
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

    // Item 2: Tab and Shift+Tab go through every control of the page in reading order, out of the date filter
    // too (it used to keep the focus for ever), and back.
    void tabOrderHasNoTrap()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QTRY_VERIFY_WITH_TIMEOUT(!view.model()->isLoading(), 30000); // its queries run on a worker
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        key(&view, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(focusName(), u"searchEdit"_s);
        // agentCombo: a desk's own history offers the filter by agent (issue 9).
        QStringList expected{u"vendorCombo"_s,  u"outcomeCombo"_s,       u"agentCombo"_s, u"fromEdit"_s,
                             u"toEdit"_s,       u"clearFiltersButton"_s, u"table"_s,      u"copyButton"_s,
                             u"loadButton"_s,   u"otherBuyerButton"_s,   u"tabs"_s,       u"leadText"_s,
                             u"exportButton"_s, u"importReturnsButton"_s};
        QStringList forward;
        for (int i = 0; i < 17 && focusName() != u"importReturnsButton"_s; ++i) {
            key(&view, Qt::Key_Tab);
            forward << focusName();
        }
        // The first row is current (and drawn selected) once the table has the focus, so the detail's buttons are
        // on; the other-buyer button is off unless that row was refused, and then Tab skips it.
        if (!view.findChild<QPushButton *>(u"otherBuyerButton"_s)->isEnabled())
            expected.removeAll(u"otherBuyerButton"_s);
        QVERIFY2(forward == expected, qPrintable(forward.join(u' ')));
        QStringList backward;
        for (qsizetype i = 0; i < expected.size(); ++i) {
            key(&view, Qt::Key_Tab, Qt::ShiftModifier);
            backward << focusName();
        }
        QCOMPARE(backward.last(), u"searchEdit"_s);
        QVERIFY2(backward.contains(u"fromEdit"_s) && backward.contains(u"toEdit"_s), qPrintable(backward.join(u' ')));
    }

    // A date chosen (no longer "any") still lets Tab go on.
    void tabLeavesADateWithAValue()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QTRY_VERIFY_WITH_TIMEOUT(!view.model()->isLoading(), 30000); // its queries run on a worker
        view.show();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        auto *from = view.findChild<QDateEdit *>(u"fromEdit"_s);
        from->setDate(QDate(2026, 11, 20));
        from->setFocus(Qt::TabFocusReason);
        QCOMPARE(focusName(), u"fromEdit"_s);
        key(&view, Qt::Key_Tab);
        QCOMPARE(focusName(), u"toEdit"_s);
    }

    // Item 2: every input of the history has a name a screen reader can say.
    void everyInputHasAnAccessibleName()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QTRY_VERIFY_WITH_TIMEOUT(!view.model()->isLoading(), 30000); // its queries run on a worker
        QStringList unnamed;
        for (QWidget *widget : view.findChildren<QWidget *>()) {
            const bool input = qobject_cast<QLineEdit *>(widget) || qobject_cast<QComboBox *>(widget) ||
                               qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QTableView *>(widget) ||
                               qobject_cast<QPlainTextEdit *>(widget);
            // A spin box's inner line edit is named through the spin box; Qt names its own calendar popup.
            if (!input || qobject_cast<QAbstractSpinBox *>(widget->parentWidget()) ||
                widget->objectName().startsWith(u"qt_calendar"_s))
                continue;
            if (widget->accessibleName().isEmpty())
                unnamed << widget->objectName();
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    }

    // Item 2: the row the keyboard is on is the selected one (visible), Enter loads it, the shortcuts work from
    // the table and their keys are in the tooltips.
    void tableByKeyboard()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QTRY_VERIFY_WITH_TIMEOUT(!view.model()->isLoading(), 30000); // its queries run on a worker
        view.show();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        auto *table = view.findChild<QTableView *>(u"table"_s);
        view.findChild<QToolButton *>(u"clearFiltersButton"_s)->setFocus(Qt::TabFocusReason);
        key(&view, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), table);
        QVERIFY(table->currentIndex().isValid());
        QVERIFY(table->selectionModel()->isRowSelected(table->currentIndex().row(), {}));
        QCOMPARE(view.selectedId(), view.model()->recordId(0));
        key(&view, Qt::Key_Down);
        QCOMPARE(view.selectedId(), view.model()->recordId(1));

        QSignalSpy loaded(&view, &HistoryView::loadLeadRequested);
        key(&view, Qt::Key_Return);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).value<HistoryLoad>().lead.firstName,
                 leadFromJson(m_records.at(1).leadJson).lead->firstName);
        key(&view, Qt::Key_L, Qt::ControlModifier);
        QCOMPARE(loaded.size(), 2);
        const QString loadKeys = QKeySequence(SubmissionDetail::LoadKeys).toString(QKeySequence::NativeText);
        QVERIFY(view.findChild<QPushButton *>(u"loadButton"_s)->toolTip().contains(loadKeys));
        QVERIFY(view.findChild<QLineEdit *>(u"searchEdit"_s)->toolTip().contains(u"Ctrl+F"_s));
        // And back to the search from anywhere in the view.
        key(&view, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(focusName(), u"searchEdit"_s);
    }

    // Item 3: "Send to the other buyer" only where the buyer said no, with the reason when it is off.
    void otherBuyerOnlyForRefusedRows_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<bool>("enabled");
        QTest::newRow("rejected") << int(OutcomeState::Rejected) << true;
        QTest::newRow("invalid") << int(OutcomeState::Invalid) << true;
        QTest::newRow("not sold") << int(OutcomeState::AcceptedNotSold) << true;
        QTest::newRow("sold") << int(OutcomeState::Sold) << false;
        QTest::newRow("accepted") << int(OutcomeState::Accepted) << false;
        QTest::newRow("delivery unknown") << int(OutcomeState::DeliveryUnknown) << false;
        QTest::newRow("not delivered") << int(OutcomeState::NotDelivered) << false;
        QTest::newRow("account error") << int(OutcomeState::AccountError) << false;
    }

    void otherBuyerOnlyForRefusedRows()
    {
        QFETCH(int, state);
        QFETCH(bool, enabled);
        SubmissionRecord record = m_records.first();
        record.vendorId = u"bhm"_s;
        record.state = OutcomeState(state);
        SubmissionDetail detail;
        detail.setRecord(record);
        auto *button = detail.findChild<QPushButton *>(u"otherBuyerButton"_s);
        QCOMPARE(button->isEnabled(), enabled);
        QVERIFY(button->text().contains(u"nTherm"_s));
        // Its shortcut and context-menu entry follow the button.
        QCOMPARE(detail.findChild<QAction *>(u"otherBuyerButtonAction"_s)->isEnabled(), enabled);
        QVERIFY2(enabled ? button->toolTip().contains(u"Ctrl+Shift+L"_s) : button->toolTip().contains(u"Only a lead"_s),
                 qPrintable(button->toolTip()));
        QSignalSpy loaded(&detail, &SubmissionDetail::loadLeadRequested);
        detail.sendToOtherBuyer();
        QCOMPARE(loaded.size(), enabled ? 1 : 0);
        if (enabled) {
            const HistoryLoad load = loaded.at(0).at(0).value<HistoryLoad>();
            QCOMPARE(load.vendorId, u"ntherm"_s);
            QCOMPARE(load.sentToVendorId, u"bhm"_s);
            QVERIFY(load.otherBuyer);
        }
    }

    // Item 5: newest first is what the table shows at start, and the Time column's arrow says so (points down,
    // as in the file managers agents know); oldest first points up.
    void timeSortArrowMatchesTheOrder()
    {
        HistoryView view(m_store.get(), nullptr, fixedClock());
        QTRY_VERIFY_WITH_TIMEOUT(!view.model()->isLoading(), 30000); // its queries run on a worker
        view.resize(1200, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *table = view.findChild<QTableView *>(u"table"_s);
        QHeaderView *header = table->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), int(HistoryTableModel::TimeColumn));
        QVERIFY(view.model()->record(0).createdAt > view.model()->record(1).createdAt);
        QCOMPARE(arrowDirection(header, HistoryTableModel::TimeColumn), 1);
        header->setSortIndicator(HistoryTableModel::TimeColumn, Qt::AscendingOrder);
        QTRY_VERIFY(view.model()->record(0).createdAt < view.model()->record(1).createdAt);
        QCOMPARE(arrowDirection(header, HistoryTableModel::TimeColumn), -1);
    }
};

QTEST_MAIN(TestHistoryKeyboard)
#include "tst_historykeyboard.moc"
