// SPDX-License-Identifier: GPL-3.0-or-later
#include "Dashboard.h"

#include "CopyableTableView.h"
#include "DashboardCharts.h"
#include "DashboardFilters.h"
#include "DashboardQueryWorker.h"
#include "ReportTableModel.h"
#include "store/HistoryStore.h"

#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtCharts/QChartView>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

using Column = ReportTableModel::Column;

CopyableTableView *tableFor(ReportTableModel *model, const QString &objectName, const QString &accessibleName,
                            QWidget *parent)
{
    auto *view = new CopyableTableView(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setAccessibleDescription(Dashboard::tr("Ctrl+C copies the selected cells, or the whole table."));
    view->setModel(model);
    return view;
}

// A chart and the table of its numbers, a tab apart: the tab bar is reached with Tab, switched with the arrows.
QTabWidget *chartWithTable(QChart *chart, CopyableTableView *table, const QString &objectName,
                           const QString &accessibleName, QWidget *parent)
{
    auto *tabs = new QTabWidget(parent);
    tabs->setObjectName(objectName);
    tabs->setDocumentMode(true);
    auto *view = new QChartView(chart, tabs);
    view->setObjectName(objectName + u"Chart"_s);
    view->setAccessibleName(accessibleName);
    view->setAccessibleDescription(Dashboard::tr("The Table tab beside the chart holds its numbers."));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    tabs->addTab(view, Dashboard::tr("Chart"));
    tabs->addTab(table, Dashboard::tr("Table"));
    // The table was made before its tab bar: Tab goes from the bar into the page shown, as in any tab widget.
    QWidget::setTabOrder(tabs->tabBar(), table);
    return tabs;
}

} // namespace

Dashboard::Dashboard(Services services, QWidget *parent)
    : QWidget(parent)
    , m_services(std::move(services))
{
    setObjectName(u"dashboard"_s);
    new QVBoxLayout(this);
}

Dashboard::~Dashboard() = default;

void Dashboard::build()
{
    auto *layout = static_cast<QVBoxLayout *>(this->layout());
    layout->setContentsMargins(6, 6, 6, 6);
    m_filters = new DashboardFilters(m_services.store->role(), this);
    m_filters->setObjectName(u"dashboardFilters"_s);
    layout->addWidget(m_filters);
    // The worker first, and the figures asked for at once: it opens its connection and reads while this thread
    // makes the rest of the page.
    m_worker = new DashboardQueryWorker(m_services.store->location(), this);
    connect(m_worker, &DashboardQueryWorker::figuresReady, this, &Dashboard::takeFigures);
    connect(m_worker, &DashboardQueryWorker::failed, this, [this](quint64 generation, const QString &error) {
        if (generation != m_generation)
            return;
        m_loading = false;
        m_error->setText(tr("Could not read the figures: %1").arg(error));
        m_error->show();
    });
    // Other processes' commits to the same file (SQLite; a team server's arrive as changed(), below).
    connect(m_worker, &DashboardQueryWorker::externalChange, this, &Dashboard::scheduleRefresh);
    ask();
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"dashboardSummary"_s);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Reading the figures…"));
    layout->addWidget(m_summary);
    m_error = new QLabel(this);
    m_error->setObjectName(u"dashboardError"_s);
    m_error->setStyleSheet(u"color: #b00020"_s);
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    m_dayModel = new ReportTableModel(tr("Day (UTC)"), {Column::State, Column::Submissions}, this);
    m_vendorModel = new ReportTableModel(
        tr("Vendor"), {Column::Sent, Column::SoldOrAccepted, Column::Rate, Column::Billable, Column::NetBillable},
        this);
    m_agentModel = new ReportTableModel(tr("Agent"),
                                        {Column::Sent, Column::SoldOrAccepted, Column::Rate, Column::Rejected,
                                         Column::Invalid, Column::DeliveryUnknown, Column::AwaitingFinal,
                                         Column::Returned, Column::NetBillable, Column::AverageFinal},
                                        this);
    m_dayChart = new QChart();
    m_vendorChart = new QChart();
    for (QChart *chart : {m_dayChart, m_vendorChart}) {
        chart->setMargins(QMargins(4, 4, 4, 4));
        chart->setBackgroundRoundness(0);
    }

    auto *charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(chartWithTable(
        m_dayChart, tableFor(m_dayModel, u"dayTable"_s, tr("Submissions per day by outcome, table"), this),
        u"dayTabs"_s, tr("Submissions per day by outcome, chart"), charts));
    charts->addWidget(chartWithTable(
        m_vendorChart, tableFor(m_vendorModel, u"vendorTable"_s, tr("Sold or accepted rate per vendor, table"), this),
        u"vendorTabs"_s, tr("Sold or accepted rate per vendor, chart"), charts));
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(charts);
    vertical->addWidget(tableFor(m_agentModel, u"agentTable"_s, tr("Per agent"), vertical));
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    layout->addWidget(vertical, 1);

    m_settle = new QTimer(this);
    m_settle->setSingleShot(true);
    m_settle->setInterval(SettleMs);
    connect(m_settle, &QTimer::timeout, this, &Dashboard::refresh);
    connect(m_filters, &DashboardFilters::changed, this, &Dashboard::refresh);
    // This store's own writes, and on a team server everyone's (its notifications arrive as changed()).
    connect(m_services.store, &HistoryStore::changed, this, &Dashboard::scheduleRefresh);
}

void Dashboard::scheduleRefresh()
{
    if (isVisible())
        m_settle->start();
    else
        m_stale = true;
}

void Dashboard::refresh()
{
    if (!isBuilt())
        build(); // asks
    else
        ask();
}

void Dashboard::ask()
{
    m_stale = false;
    const QDateTime now = m_services.clock();
    ReportFilter filter = m_filters->filter(now.toUTC().date());
    m_staleHours = m_services.staleAfterHours();
    filter.staleBefore = now.addSecs(-qint64(m_staleHours) * 3600);
    m_asked.start();
    m_loading = true;
    m_worker->request(++m_generation, filter);
}

void Dashboard::takeFigures(quint64 generation, const DashboardFigures &figures)
{
    if (generation != m_generation)
        return; // a newer filter was asked for meanwhile
    m_loading = false;
    m_error->hide();
    m_filters->setAgents(figures.agentNames);
    m_filters->setCampaigns(figures.campaignNames);
    m_dayModel->setTable(figures.days);
    m_vendorModel->setTable(figures.vendors);
    m_agentModel->setTable(figures.agents);
    DashboardCharts::fillPerDay(m_dayChart, figures.days);
    DashboardCharts::fillVendorRate(m_vendorChart, figures.vendors);

    const QLocale locale;
    const ReportRow &total = figures.days.total;
    QString text = tr("%1 submissions, %2 sent, %3 sold or accepted (%4 %), %5 net billable (%6 returned).")
                       .arg(locale.toString(total.submissions), locale.toString(total.sent),
                            locale.toString(total.soldOrAccepted), locale.toString(100.0 * total.successRate(), 'f', 1),
                            locale.toString(total.netBillable), locale.toString(total.returned));
    text += u' ' + tr("Awaiting a final result: %1, of which %2 stale (over %n hour(s)).", nullptr, m_staleHours)
                       .arg(locale.toString(total.awaitingFinal), locale.toString(figures.days.stale));
    if (total.finalTimed > 0)
        text += u' ' + tr("Average wait for a final result: %1 min.")
                           .arg(locale.toString(total.averageFinalSeconds() / 60.0, 'f', 1));
    m_summary->setText(text);
    m_lastRefreshMs = double(m_asked.nsecsElapsed()) / 1e6;
    m_lastReadMs = figures.readMs;
    Q_EMIT figuresShown();
}

QString Dashboard::summaryText() const
{
    return m_summary ? m_summary->text() : QString();
}

QString Dashboard::errorText() const
{
    return m_error && !m_error->isHidden() ? m_error->text() : QString();
}

void Dashboard::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!isBuilt() || m_stale)
        refresh();
    if (!m_services.store->pushesChanges())
        m_worker->setChangeCheckMs(PollMs);
}

void Dashboard::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    if (m_worker)
        m_worker->setChangeCheckMs(0);
}

} // namespace LeadRelay
