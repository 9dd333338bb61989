// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryView.h"

#include "ui_HistoryView.h"

#include "AgentFilter.h"
#include "HistoryTableModel.h"
#include "SubmissionDetail.h"
#include "store/HistoryStore.h"
#include "vendors/Vendor.h"

#include <QCalendarWidget>
#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
// The date edits show "any" at their minimum.
const QDate AnyDate(2000, 1, 1);
} // namespace

HistoryView::HistoryView(HistoryStore *store, QWidget *parent, Clock clock)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryView>())
    , m_store(store)
    , m_model(new HistoryTableModel(store, clock, this))
    , m_agentFilter(new AgentFilter(store, this))
    , m_searchTimer(new QTimer(this))
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
    for (QDateEdit *edit : {m_ui->fromEdit, m_ui->toEdit}) {
        edit->setMinimumDate(AnyDate);
        edit->setDate(AnyDate);
        // "any" is the year 2000 underneath: open the calendar on this month instead.
        edit->calendarWidget()->installEventFilter(this);
    }

    QTableView *table = m_ui->table;
    table->setModel(m_model);
    QHeaderView *header = table->horizontalHeader();
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

    connect(m_ui->detail, &SubmissionDetail::loadLeadRequested, this, [this](const Lead &lead) {
        Q_EMIT loadLeadRequested(lead);
        Q_EMIT showFormRequested();
    });
    updateCount(m_model->totalCount());
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
    m_ui->countLabel->setText(total == 1 ? tr("1 submission") : tr("%1 submissions").arg(locale.toString(total)));
}

bool HistoryView::eventFilter(QObject *watched, QEvent *event)
{
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
