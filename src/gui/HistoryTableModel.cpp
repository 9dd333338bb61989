// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryTableModel.h"

#include "HistoryQueryWorker.h"
#include "vendors/Vendor.h"

#include <QBrush>
#include <QColor>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

Q_LOGGING_CATEGORY(lcHistoryModel, "leadrelay.gui.history")

HistoryTableModel::HistoryTableModel(HistoryStore *store, Clock clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_clock(std::move(clock))
    , m_worker(new HistoryQueryWorker(store->location(), this))
    , m_refreshTimer(new QTimer(this))
{
    // A burst of writes (begin, finish, finalise of one submission) becomes one re-query.
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &HistoryTableModel::applyChanges);
    connect(m_store, &HistoryStore::changed, this, [this](const QString &id) {
        m_changedIds.insert(id);
        m_refreshTimer->start();
    });
    // Another connection committed (SQLite's data_version moved): which rows changed is unknown, so re-read them.
    connect(m_worker, &HistoryQueryWorker::externalChange, this, [this] {
        m_externalChange = true;
        m_refreshTimer->start();
    });
    connect(m_worker, &HistoryQueryWorker::pageReady, this, &HistoryTableModel::takePage);
    connect(m_worker, &HistoryQueryWorker::countReady, this, &HistoryTableModel::takeCount);
    connect(m_worker, &HistoryQueryWorker::failed, this, [this](quint64 generation, const QString &error) {
        if (generation == m_generation)
            m_pagePending = m_countPending = m_fetching = false;
        qCWarning(lcHistoryModel) << "History query failed:" << error;
    });

    reload(PageSize);
}

void HistoryTableModel::setFilter(const HistoryFilter &filter)
{
    m_filter = filter;
    reload(PageSize);
}

void HistoryTableModel::setStaleAfterHours(int hours)
{
    if (hours <= 0 || hours == m_staleHours)
        return;
    m_staleHours = hours;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, OutcomeColumn), index(int(m_rows.size()) - 1, OutcomeColumn));
}

QString HistoryTableModel::recordId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

SubmissionRecord HistoryTableModel::record(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : SubmissionRecord{};
}

int HistoryTableModel::rowOfId(const QString &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

bool HistoryTableModel::isStale(const SubmissionRecord &record) const
{
    // Only a row that asked for a callback can be late: without a token no final result will ever come.
    return record.state == OutcomeState::Accepted && !record.final && !record.callbackToken.isEmpty() &&
           record.answeredAt.isValid() && record.answeredAt.addSecs(qint64(m_staleHours) * 3600) < m_clock();
}

QString HistoryTableModel::outcomeTextForState(OutcomeState state)
{
    switch (state) {
    case OutcomeState::Sending:
        return tr("Sending…");
    case OutcomeState::Sold:
        return tr("Sold");
    case OutcomeState::Accepted:
        return tr("Accepted");
    case OutcomeState::AcceptedNotSold:
        return tr("Accepted, not sold");
    case OutcomeState::Rejected:
        return tr("Rejected");
    case OutcomeState::Invalid:
        return tr("Invalid");
    case OutcomeState::AccountError:
        return tr("Account error");
    case OutcomeState::NotDelivered:
        return tr("Not delivered");
    case OutcomeState::DeliveryUnknown:
        return tr("Delivery unknown");
    }
    return {};
}

QString HistoryTableModel::outcomeText(const SubmissionRecord &record) const
{
    if (record.state != OutcomeState::Accepted)
        return outcomeTextForState(record.state);
    if (record.final)
        return tr("Accepted (final)");
    if (isStale(record))
        return tr("Accepted — awaiting final (stale)");
    return tr("Accepted (preliminary)");
}

QString HistoryTableModel::formatPhone(const QString &digits)
{
    if (digits.size() != 10)
        return digits;
    return u"(%1) %2-%3"_s.arg(digits.left(3), digits.mid(3, 3), digits.mid(6));
}

QList<SubmissionRecord> HistoryTableModel::strip(QList<SubmissionRecord> rows)
{
    // The table shows none of the bodies; the detail pane reads the full record by id. Dropping them keeps
    // thousands of scrolled rows cheap.
    for (SubmissionRecord &row : rows) {
        row.leadJson.clear();
        row.redactedRequest.clear();
        row.rawAnswer.clear();
        row.callbackBody.clear();
    }
    return rows;
}

void HistoryTableModel::reload(int rows)
{
    // The rows shown stay until the new ones arrive; their count is unknown until the worker says.
    m_totalKnown = false;
    request(qMax(rows, PageSize));
}

void HistoryTableModel::request(int rows)
{
    m_fetching = false;
    m_pagePending = m_countPending = true;
    m_worker->request({++m_generation, m_filter, m_sort, m_order, rows, std::nullopt});
}

void HistoryTableModel::takePage(quint64 generation, const QList<SubmissionRecord> &rows, bool appended)
{
    if (generation != m_generation)
        return; // superseded by a newer filter, sort or refresh
    if (appended) {
        m_fetching = false;
        if (rows.isEmpty()) {
            // Rows went away since the count (another process): stop asking for more until the next refresh.
            m_total = m_rows.size();
            Q_EMIT totalCountChanged(m_total);
            return;
        }
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
        m_rows.append(rows);
        endInsertRows();
        return;
    }
    m_pagePending = false;
    bool sameRows = rows.size() == m_rows.size();
    for (int i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows.at(i).id == m_rows.at(i).id;
    if (sameRows) {
        // Same rows in the same order (a row was answered or finalised): update in place, so the selection and
        // the scroll position stay exactly where the user left them.
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    } else {
        Q_EMIT refreshStarting();
        beginResetModel();
        m_rows = rows;
        endResetModel();
        Q_EMIT refreshFinished();
    }
}

void HistoryTableModel::takeCount(quint64 generation, qint64 count, bool exact)
{
    if (generation != m_generation || count < 0)
        return;
    const bool changed = !m_totalKnown || count != m_total || exact != m_totalExact;
    m_total = count;
    m_totalExact = exact;
    m_totalKnown = true;
    m_countPending = !exact;
    if (changed)
        Q_EMIT totalCountChanged(m_total);
}

bool HistoryTableModel::updateRowsInPlace(const QSet<QString> &ids)
{
    // Only when a changed row can neither move nor leave the view: it is loaded, the order does not depend on
    // what an answer changes (outcome, billable, final), and no filter looks at it (state, vendor lead id in the
    // text search). Then one record read per row instead of re-reading every loaded row.
    const bool orderStable =
        m_sort != HistorySort::Outcome && m_sort != HistorySort::Billable && m_sort != HistorySort::Final;
    if (ids.isEmpty() || !orderStable || !m_filter.stateKey.isEmpty() || !m_filter.text.isEmpty())
        return false;
    QList<int> rows;
    for (const QString &id : ids) {
        const int row = rowOfId(id);
        if (row < 0)
            return false; // a new row, or one further down than loaded: its place needs the store's order
        rows << row;
    }
    for (const int row : std::as_const(rows)) {
        const std::optional<SubmissionRecord> record = m_store->record(m_rows.at(row).id);
        if (!record)
            return false;
        m_rows[row] = strip({*record}).constFirst();
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    return true;
}

void HistoryTableModel::applyChanges()
{
    const QSet<QString> ids = std::exchange(m_changedIds, {});
    const bool external = std::exchange(m_externalChange, false);
    if (external || !updateRowsInPlace(ids))
        refresh();
}

void HistoryTableModel::refresh()
{
    m_refreshTimer->stop();
    m_changedIds.clear();
    m_externalChange = false;
    request(qMax(int(m_rows.size()), PageSize));
}

void HistoryTableModel::setPolling(bool on)
{
    if (on == m_polling)
        return;
    m_polling = on;
    // A team server tells the store of every change on the floor (HistoryStore::changed): nothing to check there.
    if (!m_store->pushesChanges())
        m_worker->setChangeCheckMs(on ? m_pollIntervalMs : 0);
}

bool HistoryTableModel::isPolling() const
{
    return m_polling && !m_store->pushesChanges();
}

void HistoryTableModel::setPollIntervalMs(int ms)
{
    m_pollIntervalMs = ms;
    if (isPolling())
        m_worker->setChangeCheckMs(ms);
}

int HistoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const SubmissionRecord &row = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return row.id;
    case StateKeyRole:
        return outcomeStateKey(row.state);
    case StaleRole:
        return isStale(row);
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return row.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case AgentColumn:
            return row.agent;
        case VendorColumn: {
            const Vendor *vendor = vendorById(row.vendorId);
            const QString name = vendor ? vendor->displayName() : row.vendorId;
            return row.accountMode == u"training"_s ? tr("%1 (training)").arg(name) : name;
        }
        case CustomerColumn:
            return row.customerName;
        case PhoneColumn:
            return formatPhone(row.phone);
        case CampaignColumn:
            return row.campaign;
        case OutcomeColumn:
            return outcomeText(row);
        case BillableColumn:
            // Only the simulator saw a training lead: whatever it answered, nothing is billed.
            if (row.accountMode == u"training"_s)
                return tr("No (training)");
            if (row.isReturned())
                return tr("No (returned)"); // the buyer returned it: it no longer counts
            return row.billable ? tr("Yes") : tr("No");
        case FinalColumn:
            return row.final ? tr("Yes") : tr("No");
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == OutcomeColumn && !row.messages.isEmpty())
            return row.messages.join(u'\n');
        if (index.column() == TimeColumn)
            return row.createdAt.toLocalTime().toString(Qt::TextDate);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == BillableColumn || index.column() == FinalColumn)
            return int(Qt::AlignCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() != OutcomeColumn)
            return {};
        switch (row.state) {
        case OutcomeState::Sold:
            return QBrush(QColor(0x1b, 0x7f, 0x3a));
        case OutcomeState::Accepted:
            return isStale(row) ? QBrush(QColor(0xb2, 0x5e, 0x00)) : QBrush(QColor(0x1b, 0x7f, 0x3a));
        case OutcomeState::Rejected:
        case OutcomeState::Invalid:
        case OutcomeState::AccountError:
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        case OutcomeState::DeliveryUnknown:
            return QBrush(QColor(0xb2, 0x5e, 0x00));
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case AgentColumn:
        return tr("Agent");
    case VendorColumn:
        return tr("Vendor");
    case CustomerColumn:
        return tr("Customer");
    case PhoneColumn:
        return tr("Phone");
    case CampaignColumn:
        return tr("Campaign");
    case OutcomeColumn:
        return tr("Outcome");
    case BillableColumn:
        return tr("Billable");
    case FinalColumn:
        return tr("Final");
    }
    return {};
}

bool HistoryTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_totalKnown && !m_pagePending && !m_fetching && m_rows.size() < m_total;
}

void HistoryTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent) || m_rows.isEmpty())
        return;
    // Keyset paging after the last loaded row: page 2,000 costs what page 1 costs, where OFFSET would not. The same
    // generation as the rows loaded: a newer filter drops it, and it does not abandon the count still coming.
    m_fetching = true;
    const int limit = int(qMin<qint64>(PageSize, m_total - m_rows.size()));
    m_worker->request({m_generation, m_filter, m_sort, m_order, limit, m_rows.last()});
}

HistorySort HistoryTableModel::sortForColumn(int column)
{
    switch (column) {
    case AgentColumn:
        return HistorySort::Agent;
    case VendorColumn:
        return HistorySort::Vendor;
    case CustomerColumn:
        return HistorySort::Customer;
    case PhoneColumn:
        return HistorySort::Phone;
    case CampaignColumn:
        return HistorySort::Campaign;
    case OutcomeColumn:
        return HistorySort::Outcome;
    case BillableColumn:
        return HistorySort::Billable;
    case FinalColumn:
        return HistorySort::Final;
    default:
        return HistorySort::CreatedAt;
    }
}

void HistoryTableModel::sort(int column, Qt::SortOrder order)
{
    const HistorySort sort = sortForColumn(column);
    if (sort == m_sort && order == m_order)
        return;
    m_sort = sort;
    m_order = order;
    // The store sorts (with an index); the view starts again at the top of the new order.
    reload(PageSize);
}

} // namespace LeadRelay
