// SPDX-License-Identifier: GPL-3.0-or-later
#include "AgentFilter.h"

using namespace Qt::StringLiterals;

namespace LeadRelay
{

AgentFilter::AgentFilter(HistoryStore *store, QWidget *parent)
    : QComboBox(parent)
    , m_store(store)
{
    setObjectName(u"agentCombo"_s);
    setToolTip(tr("Agent"));
    setAccessibleName(tr("Agent"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    const bool offered = offeredFor(store->role());
    setVisible(offered);
    if (offered)
        refresh();
    else
        addItem(tr("All agents"), QString());
}

bool AgentFilter::offeredFor(HistoryStore::Role role)
{
    return role == HistoryStore::Role::Desk || role == HistoryStore::Role::Supervisor ||
           role == HistoryStore::Role::Owner;
}

QString AgentFilter::agent() const
{
    return currentData().toString();
}

void AgentFilter::reset()
{
    const QSignalBlocker block(this);
    setCurrentIndex(0);
}

void AgentFilter::refresh()
{
    const QString chosen = agent();
    const QSignalBlocker block(this); // the same choice: no new query
    clear();
    addItem(tr("All agents"), QString());
    for (const QString &name : m_store->agents()) {
        if (!name.isEmpty())
            addItem(name, name);
    }
    // An agent chosen before stays chosen even if the list no longer names it (its rows may have gone).
    int index = findData(chosen);
    if (index < 0 && !chosen.isEmpty()) {
        addItem(chosen, chosen);
        index = count() - 1;
    }
    setCurrentIndex(qMax(0, index));
}

void AgentFilter::showPopup()
{
    refresh();
    QComboBox::showPopup();
}

} // namespace LeadRelay
