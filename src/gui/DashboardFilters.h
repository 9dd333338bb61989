// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/HistoryStore.h"
#include "store/Report.h"

#include <QWidget>

class QComboBox;
class QDateEdit;

namespace LeadRelay
{

// The dashboard's filter bar: the history's filters that a figure can be cut by (period, vendor, agent,
// campaign, training or production). Days are UTC days, as the roll-up counts them, and the bar says so.
class DashboardFilters : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardFilters(HistoryStore::Role role, QWidget *parent = nullptr);

    // The chosen filter; `today` is the current UTC day (the clock is the caller's).
    ReportFilter filter(const QDate &today) const;
    // The choices offered, from the figures themselves (the roll-up), keeping what is chosen.
    void setAgents(const QStringList &agents);
    void setCampaigns(const QStringList &campaigns);

Q_SIGNALS:
    void changed();

private:
    static void setChoices(QComboBox *combo, const QString &all, const QStringList &values);

    QComboBox *m_period;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_vendor;
    QComboBox *m_agent;
    QComboBox *m_campaign;
    QComboBox *m_mode;
};

} // namespace LeadRelay
