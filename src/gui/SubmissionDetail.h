// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The detail pane of the history: the lead, the redacted request, the raw answer, messages and field issues,
// and the lifecycle (created, answered, finalised). Usage:
//   detail->setRecord(store->record(id));   // std::nullopt clears it
//   connect(detail, &SubmissionDetail::loadLeadRequested, page, &LeadPage::loadFromHistory);
// "Copy as JSON" puts the lead's JSON on the clipboard; "Send to the other buyer" (a rejected, invalid or not-sold
// row only) loads the lead with the other vendor chosen. Each action has a shortcut; a view that wants them while
// the focus is elsewhere in it (the table) adds actions() to itself.

#include "store/SubmissionRecord.h"

#include "HistoryLoad.h"
#include "core/Clock.h"
#include "core/Lead.h"

#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QPushButton;

namespace Ui
{
class SubmissionDetail;
}

namespace LeadRelay
{

class HistoryStore;
class Vendor;

class SubmissionDetail : public QWidget
{
    Q_OBJECT

public:
    // Chosen not to clash with the window's shortcuts (Ctrl+N, Ctrl+Return, Ctrl+1/2) nor a text field's own.
    static constexpr QKeyCombination LoadKeys{Qt::CTRL | Qt::Key_L};
    static constexpr QKeyCombination OtherBuyerKeys{Qt::CTRL | Qt::SHIFT | Qt::Key_L};
    static constexpr QKeyCombination CopyKeys{Qt::CTRL | Qt::SHIFT | Qt::Key_C};

    explicit SubmissionDetail(QWidget *parent = nullptr);
    ~SubmissionDetail() override;

    void setRecord(const std::optional<SubmissionRecord> &record);
    std::optional<SubmissionRecord> record() const { return m_record; }
    void setStaleAfterHours(int hours) { m_staleHours = hours; }
    void setClock(Clock clock);
    // Where "Export evidence…" reads the consent record and lifecycle from; without a store it stays disabled.
    void setStore(HistoryStore *store);

    // The buyer a lead not taken by vendorId can be offered to; null when there is none.
    static const Vendor *otherVendor(const QString &vendorId);
    // Rejected, invalid, accepted but not sold: the buyer said no, the other one may say yes.
    static bool canGoToOtherBuyer(OutcomeState state);

    // The buttons, then the tabs and the text shown, in Tab order.
    QList<QWidget *> tabChain() const;

    void loadIntoForm();
    void sendToOtherBuyer();
    void copyJson();
    // Asks where (EvidenceExporter), writes the evidence, and says where it went or why not (evidenceExported).
    void exportEvidence();

    // The texts shown, for tests and for copy.
    static QString leadText(const QByteArray &leadJson);
    QString lifecycleText(const SubmissionRecord &record) const;

Q_SIGNALS:
    void loadLeadRequested(const LeadRelay::HistoryLoad &load);
    void copiedToClipboard();
    // After "Export evidence…": what happened, in words for the agent (empty path: cancelled, nothing said).
    void evidenceExported(const QString &message, bool ok);

private:
    void emitLoad(const QString &vendorId, bool otherBuyer);
    void updateOtherBuyer();
    void syncActions();

    std::unique_ptr<Ui::SubmissionDetail> m_ui;
    std::optional<SubmissionRecord> m_record;
    int m_staleHours = 24;
    Clock m_clock = systemClock();
    HistoryStore *m_store = nullptr;
    QList<QPair<QAction *, QPushButton *>> m_actionButtons;
};

} // namespace LeadRelay
