// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryView.h"

#include "ui_HistoryView.h"

#include "AgentFilter.h"
#include "Dialogs.h"
#include "ExportDialog.h"
#include "HistoryTableModel.h"
#include "ReturnsDialog.h"
#include "SubmissionDetail.h"
#include "store/DncList.h"
#include "store/HistoryStore.h"
#include "vendors/Vendor.h"

#include <QAction>
#include <QCalendarWidget>
#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QKeySequence>
#include <QLineEdit>
#include <QLocale>
#include <QMainWindow>
#include <QProxyStyle>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
// The date edits show "any" at their minimum.
const QDate AnyDate(2000, 1, 1);

// Qt's header passes Qt::DescendingOrder to the style as "SortUp", and Fusion draws that as ▲: newest first showed
// an arrow saying "oldest first". The arrow is drawn from the header's order itself, as file managers do:
// ▼ for descending (newest or largest at the top), ▲ for ascending.
class SortArrowStyle : public QProxyStyle
{
public:
    using QProxyStyle::QProxyStyle;

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget) const override
    {
        const auto *header = qobject_cast<const QHeaderView *>(widget);
        if (element == PE_IndicatorHeaderArrow && header) {
            const PrimitiveElement arrow =
                header->sortIndicatorOrder() == Qt::DescendingOrder ? PE_IndicatorArrowDown : PE_IndicatorArrowUp;
            QProxyStyle::drawPrimitive(arrow, option, painter, widget);
            return;
        }
        QProxyStyle::drawPrimitive(element, option, painter, widget);
    }
};
} // namespace

HistoryView::HistoryView(HistoryStore *store, QWidget *parent, Clock clock)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryView>())
    , m_store(store)
    , m_model(new HistoryTableModel(store, clock, this))
    , m_agentFilter(new AgentFilter(store, this))
    , m_searchTimer(new QTimer(this))
    , m_clock(clock)
{
    m_ui->setupUi(this);
    m_ui->detail->setClock(clock);

    m_ui->vendorCombo->addItem(tr("All vendors"), QString());
    for (const Vendor *vendor : allVendors())
        m_ui->vendorCombo->addItem(vendor->displayName(), vendor->id());
    m_ui->outcomeCombo->addItem(tr("All outcomes"), QString());
    m_ui->outcomeCombo->addItem(tr("Awaiting final result"), QString::fromLatin1(HistoryTableModel::AwaitingFinalKey));
    for (const QString &key : outcomeStateKeys()) {
        if (const auto state = outcomeStateFromKey(key))
            m_ui->outcomeCombo->addItem(HistoryTableModel::outcomeTextForState(*state), key);
    }
    m_ui->filterLayout->insertWidget(m_ui->filterLayout->indexOf(m_ui->outcomeCombo) + 1, m_agentFilter);
    // Issue 10: export the filter's rows, record a buyer's returns (the work is in ExportDialog, ReturnsDialog). Beside
    // the count of the rows they act on, which leaves the filter bar's width to the search (1366 px, Spanish).
    for (const auto &[name, text, slot] :
         {std::tuple{u"exportButton"_s, tr("E&xport…"), &HistoryView::exportHistory},
          std::tuple{u"importReturnsButton"_s, tr("Import &returns…"), &HistoryView::importReturns}}) {
        auto *button = new QToolButton(this);
        button->setObjectName(name);
        button->setText(text);
        button->setFocusPolicy(Qt::StrongFocus);
        m_ui->countLayout->addWidget(button);
        connect(button, &QToolButton::clicked, this, slot);
    }
    findChild<QToolButton *>(u"exportButton"_s)
        ->setToolTip(tr("Write the submissions of this filter to a CSV or JSON file (%1)")
                         .arg(QKeySequence(ExportKeys).toString(QKeySequence::NativeText)));
    findChild<QToolButton *>(u"importReturnsButton"_s)
        ->setToolTip(tr("Record the leads a buyer returned, from their CSV file"));
    for (QDateEdit *edit : {m_ui->fromEdit, m_ui->toEdit}) {
        edit->setMinimumDate(AnyDate);
        edit->setDate(AnyDate);
        // "any" is the year 2000 underneath: open the calendar on this month instead.
        edit->calendarWidget()->installEventFilter(this);
    }

    QTableView *table = m_ui->table;
    table->setModel(m_model);
    QHeaderView *header = table->horizontalHeader();
    auto *arrowStyle = new SortArrowStyle;
    arrowStyle->setParent(header);
    header->setStyle(arrowStyle);
    // The indicator first, so enabling sorting does not trigger a second query.
    header->setSortIndicator(HistoryTableModel::TimeColumn, Qt::DescendingOrder);
    table->setSortingEnabled(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QList<int> widths = {145, 80, 205, 150, 115, 195, 230, 65, 55};
    for (int column = 0; column < widths.size(); ++column)
        header->resizeSection(column, widths.at(column));
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    // The table gets the room; the detail pane below keeps a readable height.
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    m_ui->splitter->setSizes({500, 330});

    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(SearchDelayMs);
    connect(m_searchTimer, &QTimer::timeout, this, &HistoryView::applyFilter);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_ui->searchEdit, &QLineEdit::returnPressed, this, &HistoryView::applyFilter);
    connect(m_ui->vendorCombo, &QComboBox::currentIndexChanged, this, &HistoryView::applyFilter);
    connect(m_ui->outcomeCombo, &QComboBox::currentIndexChanged, this, &HistoryView::applyFilter);
    connect(m_agentFilter, &QComboBox::currentIndexChanged, this, &HistoryView::applyFilter);
    connect(m_ui->fromEdit, &QDateEdit::dateChanged, this, &HistoryView::applyFilter);
    connect(m_ui->toEdit, &QDateEdit::dateChanged, this, &HistoryView::applyFilter);
    connect(m_ui->clearFiltersButton, &QToolButton::clicked, this, [this] {
        const QSignalBlocker blockSearch(m_ui->searchEdit), blockVendor(m_ui->vendorCombo),
            blockOutcome(m_ui->outcomeCombo), blockFrom(m_ui->fromEdit), blockTo(m_ui->toEdit);
        m_ui->searchEdit->clear();
        m_ui->vendorCombo->setCurrentIndex(0);
        m_ui->outcomeCombo->setCurrentIndex(0);
        m_agentFilter->reset();
        m_ui->fromEdit->setDate(AnyDate);
        m_ui->toEdit->setDate(AnyDate);
        applyFilter();
    });

    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HistoryView::showSelected);
    connect(m_model, &HistoryTableModel::totalCountChanged, this, &HistoryView::updateCount);
    // A refresh that replaced the rows keeps the selected submission selected when it is still loaded.
    connect(m_model, &HistoryTableModel::refreshStarting, this, [this] { m_keepSelection = selectedId(); });
    connect(m_model, &HistoryTableModel::refreshFinished, this, [this] {
        if (!m_keepSelection.isEmpty())
            selectId(m_keepSelection);
        showSelected();
    });
    // A row answered or finalised in place: the detail pane follows.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        const int row = m_ui->table->currentIndex().row();
        if (row >= from.row() && row <= to.row())
            showSelected();
    });

    m_ui->detail->setStore(m_store);
    connect(m_ui->detail, &SubmissionDetail::loadLeadRequested, this, [this](const HistoryLoad &load) {
        Q_EMIT loadLeadRequested(load);
        Q_EMIT showFormRequested();
    });
    setupKeyboard();
    updateCount(m_model->totalCount());
}

void HistoryView::setupKeyboard()
{
    // What a screen reader says for each input; a placeholder or a tooltip is not a name.
    m_ui->searchEdit->setAccessibleName(tr("Search"));
    m_ui->vendorCombo->setAccessibleName(tr("Vendor"));
    m_ui->outcomeCombo->setAccessibleName(tr("Outcome"));
    m_ui->fromEdit->setAccessibleName(tr("From date"));
    m_ui->toEdit->setAccessibleName(tr("To date"));
    m_ui->table->setAccessibleName(tr("Submissions"));

    const QString searchKeys = QKeySequence(SearchKeys).toString(QKeySequence::NativeText);
    m_ui->searchEdit->setToolTip(
        tr("Search customer, phone, agent, campaign, vendor lead or transaction id (%1)").arg(searchKeys));
    auto *search = new QAction(tr("Search"), this);
    search->setObjectName(u"searchAction"_s);
    search->setShortcut(SearchKeys);
    search->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(search, &QAction::triggered, this, &HistoryView::focusSearch);
    addAction(search);
    auto *exportAction = new QAction(tr("Export…"), this);
    exportAction->setObjectName(u"exportAction"_s);
    exportAction->setShortcut(ExportKeys);
    exportAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(exportAction, &QAction::triggered, this, &HistoryView::exportHistory);
    addAction(exportAction);
    // Load, other buyer and copy from the table too, where the agent picks the row.
    addActions(m_ui->detail->actions());
    m_ui->table->setToolTip(
        tr("Enter loads the selected submission into the form (%1); %2 sends it to the other "
           "buyer")
            .arg(QKeySequence(SubmissionDetail::LoadKeys).toString(QKeySequence::NativeText),
                 QKeySequence(SubmissionDetail::OtherBuyerKeys).toString(QKeySequence::NativeText)));

    // The order the agent reads the page in: filters left to right, the rows, then what to do with the row.
    QList<QWidget *> chain{m_ui->searchEdit, m_ui->vendorCombo, m_ui->outcomeCombo,       m_agentFilter,
                           m_ui->fromEdit,   m_ui->toEdit,      m_ui->clearFiltersButton, m_ui->table};
    chain << m_ui->detail->tabChain();
    // Export… and Import returns… sit beside the count under the detail: read last.
    chain << findChild<QToolButton *>(u"exportButton"_s) << findChild<QToolButton *>(u"importReturnsButton"_s);
    for (qsizetype i = 1; i < chain.size(); ++i)
        setTabOrder(chain.at(i - 1), chain.at(i));
    m_ui->clearFiltersButton->setFocusPolicy(Qt::StrongFocus);

    // Qt's date edit uses Tab to step through year, month and day, and on "any" it never gets past the last one:
    // a keyboard trap. Tab leaves it, as it leaves every other field; the arrow keys still move between parts.
    for (QDateEdit *edit : {m_ui->fromEdit, m_ui->toEdit}) {
        edit->installEventFilter(this);
        if (QLineEdit *inner = edit->findChild<QLineEdit *>())
            inner->installEventFilter(this);
    }

    // Tabbing into the table makes a row current without selecting it: nothing would look focused. The current
    // row is always the selected one, drawn as such.
    QTableView *table = m_ui->table;
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [table](const QModelIndex &current) {
                if (current.isValid() && !table->selectionModel()->isRowSelected(current.row(), {}))
                    table->selectionModel()->select(current,
                                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            });
    table->installEventFilter(this);
    // The same actions on the row's context menu (Shift+F10 or the menu key too), with their shortcuts shown.
    table->addActions(m_ui->detail->actions());
    auto *doNotCall = new QAction(tr("Customer asked &not to be called…"), this);
    doNotCall->setObjectName(u"action_do_not_call"_s);
    doNotCall->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    doNotCall->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(doNotCall, &QAction::triggered, this, &HistoryView::recordDoNotCall);
    addAction(doNotCall);
    table->addAction(doNotCall);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(table, &QTableView::doubleClicked, m_ui->detail, &SubmissionDetail::loadIntoForm);
}

void HistoryView::focusSearch()
{
    m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->searchEdit->selectAll();
}

HistoryView::~HistoryView() = default;

void HistoryView::setStaleAfterHours(int hours)
{
    m_model->setStaleAfterHours(hours);
    m_ui->detail->setStaleAfterHours(hours);
}

SubmissionDetail *HistoryView::detail() const
{
    return m_ui->detail;
}

void HistoryView::exportHistory()
{
    const QString path = ExportDialog::choosePath(this);
    if (path.isEmpty())
        return;
    auto *dialog = new ExportDialog(m_store, m_model->filter(), path, m_model->totalCount(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportDialog::done, this, [this](bool, const QString &text) {
        if (auto *main = qobject_cast<QMainWindow *>(window()))
            main->statusBar()->showMessage(text, 15000);
    });
    dialog->start();
}

void HistoryView::importReturns()
{
    auto *dialog = new ReturnsDialog(
        m_store, [clock = m_clock] { return clock().toLocalTime().date(); }, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setVendor(m_model->filter().vendorId);
    dialog->open();
}

QString HistoryView::selectedId() const
{
    const QModelIndex current = m_ui->table->currentIndex();
    return current.isValid() ? m_model->recordId(current.row()) : QString();
}

void HistoryView::selectId(const QString &id)
{
    const int row = m_model->rowOfId(id);
    if (row < 0) {
        m_ui->table->clearSelection();
        return;
    }
    m_ui->table->selectRow(row);
}

void HistoryView::applyFilter()
{
    m_searchTimer->stop();
    HistoryFilter filter;
    filter.text = m_ui->searchEdit->text().trimmed();
    filter.vendorId = m_ui->vendorCombo->currentData().toString();
    filter.stateKey = m_ui->outcomeCombo->currentData().toString();
    filter.agent = m_agentFilter->agent();
    // Dates are the agent's local days; the store compares UTC instants. "To" includes its whole day.
    if (m_ui->fromEdit->date() != AnyDate)
        filter.since = QDateTime(m_ui->fromEdit->date(), QTime(0, 0)).toUTC();
    if (m_ui->toEdit->date() != AnyDate)
        filter.until = QDateTime(m_ui->toEdit->date().addDays(1), QTime(0, 0)).toUTC();
    m_model->setFilter(filter);
}

void HistoryView::showSelected()
{
    const QString id = selectedId();
    m_ui->detail->setRecord(id.isEmpty() ? std::nullopt : m_store->record(id));
}

void HistoryView::updateCount(qint64 total)
{
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    if (!m_model->totalIsExact()) {
        // The search index's figure, while the exact count is still being made on the worker.
        m_ui->countLabel->setText(
            tr("first %1 of about %2 submissions").arg(locale.toString(m_model->rowCount()), locale.toString(total)));
        return;
    }
    m_ui->countLabel->setText(total == 1 ? tr("1 submission") : tr("%1 submissions").arg(locale.toString(total)));
}

bool HistoryView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool plain = !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
        const bool tab = key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab;
        const bool inDate = watched == m_ui->fromEdit || watched == m_ui->toEdit ||
                            watched->parent() == m_ui->fromEdit || watched->parent() == m_ui->toEdit;
        if (plain && tab && inDate) {
            focusNextPrevChild(key->key() == Qt::Key_Tab && !(key->modifiers() & Qt::ShiftModifier));
            return true;
        }
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (watched == m_ui->table && enter && key->modifiers() == Qt::NoModifier && selectedId().size()) {
            m_ui->detail->loadIntoForm();
            return true;
        }
    }
    if (event->type() == QEvent::Show) {
        for (QDateEdit *edit : {m_ui->fromEdit, m_ui->toEdit}) {
            if (watched == edit->calendarWidget() && edit->date() == AnyDate) {
                const QDate today = QDate::currentDate();
                edit->calendarWidget()->setCurrentPage(today.year(), today.month());
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void HistoryView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->setPolling(true);
}

void HistoryView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setPolling(false);
}

} // namespace LeadRelay

namespace LeadRelay
{

// A customer who calls back to revoke is found in the history: the request is recorded from their row, and the
// store refuses every later lead to that phone (DncList).
void HistoryView::recordDoNotCall()
{
    const auto record = m_store->record(selectedId());
    if (!record || record->phone.isEmpty())
        return;
    if (!Dialogs::confirm(this, tr("Customer asked not to be called"),
                          tr("Put %1 (%2) on the company do-not-call list? No lead to this number will be sent "
                             "until a supervisor removes it.")
                              .arg(record->phone, record->customerName),
                          tr("Add to the list"), tr("Cancel")))
        return;
    DncList list(m_store);
    const QString agent = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    const auto entry =
        list.add(record->phone, agent, tr("Customer asked not to be called"), u"history:"_s + record->id);
    Q_EMIT statusMessage(
        entry ? tr("%1 is on the company do-not-call list: leads to it will be refused.").arg(record->phone)
              : list.lastError());
}

} // namespace LeadRelay
