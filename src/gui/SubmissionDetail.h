// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The detail pane of the history: the lead, the redacted request, the raw answer, messages and field issues,
// and the lifecycle (created, answered, finalised). Usage:
//   detail->setRecord(store->record(id));   // std::nullopt clears it
//   connect(detail, &SubmissionDetail::loadLeadRequested, form, &...::setLead);
// "Copy as JSON" puts the lead's JSON on the clipboard.

#include "store/SubmissionRecord.h"

#include "core/Clock.h"
#include "core/Lead.h"

#include <QWidget>

#include <memory>
#include <optional>

namespace Ui
{
class SubmissionDetail;
}

namespace LeadRelay
{

class SubmissionDetail : public QWidget
{
    Q_OBJECT

public:
    explicit SubmissionDetail(QWidget *parent = nullptr);
    ~SubmissionDetail() override;

    void setRecord(const std::optional<SubmissionRecord> &record);
    std::optional<SubmissionRecord> record() const { return m_record; }
    void setStaleAfterHours(int hours) { m_staleHours = hours; }
    void setClock(Clock clock);

    // The texts shown, for tests and for copy.
    static QString leadText(const QByteArray &leadJson);
    QString lifecycleText(const SubmissionRecord &record) const;

Q_SIGNALS:
    void loadLeadRequested(const LeadRelay::Lead &lead);
    void copiedToClipboard();

private:
    void loadIntoForm();
    void copyJson();

    std::unique_ptr<Ui::SubmissionDetail> m_ui;
    std::optional<SubmissionRecord> m_record;
    int m_staleHours = 24;
    Clock m_clock = systemClock();
};

} // namespace LeadRelay
