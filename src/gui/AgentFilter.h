// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history view's filter by agent (issue 9): "All agents" and every agent the store's login can see.
// Offered where it means something: a desk's own file (one desk sees all it recorded) and a team supervisor or
// the team database's owner. An agent's login reads only its own rows (PostgreSQL's row-level security decides
// that, not this widget), so the filter is not offered there, nor to a receiver.
// Usage (HistoryView): layout->addWidget(new AgentFilter(store, this)); filter.agent = agentFilter->agent();

#include "store/HistoryStore.h"

#include <QComboBox>

namespace LeadRelay
{

class AgentFilter : public QComboBox
{
    Q_OBJECT

public:
    explicit AgentFilter(HistoryStore *store, QWidget *parent = nullptr);

    static bool offeredFor(HistoryStore::Role role);
    QString agent() const; // empty: all agents
    void reset();          // back to "All agents", without currentIndexChanged
    // Re-reads the agents (a new one may have sent meanwhile), keeping the one chosen.
    void refresh();

protected:
    void showPopup() override;

private:
    HistoryStore *m_store;
};

} // namespace LeadRelay
