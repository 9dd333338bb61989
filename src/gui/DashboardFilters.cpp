// SPDX-License-Identifier: GPL-3.0-or-later
#include "DashboardFilters.h"

#include "AgentFilter.h"
#include "vendors/Vendor.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

enum Period
{
    Today,
    Last7,
    Last30,
    Last90,
    AllTime,
    Custom,
};

} // namespace

DashboardFilters::DashboardFilters(HistoryStore::Role role, QWidget *parent)
    : QWidget(parent)
    , m_period(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_vendor(new QComboBox(this))
    , m_agent(new QComboBox(this))
    , m_campaign(new QComboBox(this))
    , m_mode(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_period->setObjectName(u"dashboardPeriod"_s);
    m_period->setAccessibleName(tr("Period"));
    m_period->addItem(tr("Today"), Today);
    m_period->addItem(tr("Last 7 days"), Last7);
    m_period->addItem(tr("Last 30 days"), Last30);
    m_period->addItem(tr("Last 90 days"), Last90);
    m_period->addItem(tr("All time"), AllTime);
    m_period->addItem(tr("From – to…"), Custom);
    // A supervisor's usual question is "this month so far": a month of days fits the chart.
    m_period->setCurrentIndex(Last30);
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd"_s);
        edit->setDate(QDate::currentDate());
        edit->setEnabled(false);
    }
    m_from->setObjectName(u"dashboardFrom"_s);
    m_from->setAccessibleName(tr("From (UTC day)"));
    m_to->setObjectName(u"dashboardTo"_s);
    m_to->setAccessibleName(tr("To (UTC day, included)"));

    m_vendor->setObjectName(u"dashboardVendor"_s);
    m_vendor->setAccessibleName(tr("Vendor"));
    m_vendor->addItem(tr("All vendors"), QString());
    for (const Vendor *vendor : allVendors())
        m_vendor->addItem(vendor->displayName(), vendor->id());

    m_agent->setObjectName(u"dashboardAgent"_s);
    m_agent->setAccessibleName(tr("Agent"));
    m_agent->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_agent->addItem(tr("All agents"), QString());
    // As in the history: an agent's login sees only its own rows anyway (row-level security decides that).
    m_agent->setVisible(AgentFilter::offeredFor(role));

    m_campaign->setObjectName(u"dashboardCampaign"_s);
    m_campaign->setAccessibleName(tr("Campaign"));
    m_campaign->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_campaign->addItem(tr("All campaigns"), QString());

    m_mode->setObjectName(u"dashboardMode"_s);
    m_mode->setAccessibleName(tr("Training or production"));
    m_mode->addItem(tr("Production and training"), QString());
    m_mode->addItem(tr("Production"), u"production"_s);
    m_mode->addItem(tr("Training"), u"training"_s);

    auto *utc = new QLabel(tr("Days are UTC."), this);
    utc->setObjectName(u"dashboardUtcNote"_s);
    utc->setToolTip(tr("The dashboard counts submissions by the UTC day they were created, so every desk of a "
                       "floor sees the same days."));

    layout->addWidget(m_period);
    layout->addWidget(m_from);
    layout->addWidget(m_to);
    layout->addWidget(m_vendor);
    layout->addWidget(m_agent);
    layout->addWidget(m_campaign);
    layout->addWidget(m_mode);
    layout->addWidget(utc);
    layout->addStretch(1);

    connect(m_period, &QComboBox::currentIndexChanged, this, [this] {
        const bool custom = m_period->currentData().toInt() == Custom;
        m_from->setEnabled(custom);
        m_to->setEnabled(custom);
        Q_EMIT changed();
    });
    for (QDateEdit *edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, [this] {
            if (m_period->currentData().toInt() == Custom)
                Q_EMIT changed();
        });
    for (QComboBox *combo : {m_vendor, m_agent, m_campaign, m_mode})
        connect(combo, &QComboBox::currentIndexChanged, this, &DashboardFilters::changed);
}

ReportFilter DashboardFilters::filter(const QDate &today) const
{
    ReportFilter filter;
    switch (m_period->currentData().toInt()) {
    case Today:
        filter.since = today;
        break;
    case Last7:
        filter.since = today.addDays(-6);
        break;
    case Last30:
        filter.since = today.addDays(-29);
        break;
    case Last90:
        filter.since = today.addDays(-89);
        break;
    case Custom:
        filter.since = qMin(m_from->date(), m_to->date());
        filter.until = qMax(m_from->date(), m_to->date());
        break;
    default:
        break;
    }
    filter.vendorId = m_vendor->currentData().toString();
    filter.agent = m_agent->currentData().toString();
    filter.campaign = m_campaign->currentData().toString();
    filter.accountMode = m_mode->currentData().toString();
    return filter;
}

void DashboardFilters::setChoices(QComboBox *combo, const QString &all, const QStringList &values)
{
    const QString chosen = combo->currentData().toString();
    const QSignalBlocker block(combo); // the same choice: no new query
    combo->clear();
    combo->addItem(all, QString());
    for (const QString &value : values) {
        if (!value.isEmpty())
            combo->addItem(value, value);
    }
    // A choice stays chosen even when the figures no longer name it (its rows may have gone).
    int index = combo->findData(chosen);
    if (index < 0 && !chosen.isEmpty()) {
        combo->addItem(chosen, chosen);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(qMax(0, index));
}

void DashboardFilters::setAgents(const QStringList &agents)
{
    setChoices(m_agent, tr("All agents"), agents);
}

void DashboardFilters::setCampaigns(const QStringList &campaigns)
{
    setChoices(m_campaign, tr("All campaigns"), campaigns);
}

} // namespace LeadRelay
