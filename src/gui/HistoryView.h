// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The history page: filter bar, paged table, detail pane. Usage from MainWindow:
//   auto *history = new HistoryView(store, this);
//   history->setStaleAfterHours(settings->staleAfterHours());
//   connect(history, &HistoryView::loadLeadRequested, page, &LeadPage::loadFromHistory);
//   connect(history, &HistoryView::showFormRequested, this, [this] { stack->setCurrentWidget(form); });
// The view polls the store for other processes' writes only while it is visible.
// By keyboard (issue 11, item 2): Tab and Shift+Tab go filter bar → table → detail actions → detail tabs; Ctrl+F
// is the search, Enter on a row loads it into the form, and the detail's shortcuts (load, other buyer, copy) work
// wherever the focus is in the view.

#include "HistoryLoad.h"
#include "core/Clock.h"
#include "core/Lead.h"

#include <QWidget>

#include <memory>

class QTimer;

namespace Ui
{
class HistoryView;
}

namespace LeadRelay
{

class AgentFilter;
class HistoryStore;
class HistoryTableModel;
class SubmissionDetail;

class HistoryView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int SearchDelayMs = 300;
    static constexpr QKeyCombination SearchKeys{Qt::CTRL | Qt::Key_F};

    explicit HistoryView(HistoryStore *store, QWidget *parent = nullptr, Clock clock = systemClock());
    ~HistoryView() override;

    void setStaleAfterHours(int hours);
    HistoryTableModel *model() const { return m_model; }
    SubmissionDetail *detail() const;
    QString selectedId() const;
    void selectId(const QString &id);
    void applyFilter(); // re-reads the filter bar now (also called by the debounce timer)
    void focusSearch();
    // History → Export… (ExportDialog) and Import returns… (ReturnsDialog), for the current filter.
    static constexpr QKeyCombination ExportKeys{Qt::CTRL | Qt::Key_E};
    void exportHistory();
    void importReturns();

Q_SIGNALS:
    void loadLeadRequested(const LeadRelay::HistoryLoad &load);
    void showFormRequested();                // after loadLeadRequested: MainWindow switches to the form page
    void statusMessage(const QString &text); // e.g. a do-not-call request recorded from a row

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showSelected();
    void setupKeyboard();
    void updateCount(qint64 total);
    // "Customer asked not to be called" on the selected row (context menu, Ctrl+Shift+D).
    void recordDoNotCall();

    std::unique_ptr<Ui::HistoryView> m_ui;
    HistoryStore *m_store;
    HistoryTableModel *m_model;
    AgentFilter *m_agentFilter;
    QTimer *m_searchTimer;
    QString m_keepSelection;
    Clock m_clock;
};

} // namespace LeadRelay
