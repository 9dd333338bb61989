// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ValidationSummary.h"
#include "core/Clock.h"
#include "core/FieldIssue.h"
#include "core/Lead.h"

#include <QSet>
#include <QWidget>

#include <memory>

namespace Ui
{
class LeadForm;
}

namespace LeadRelay
{

class AddressSection;
class ConsentSection;
class FieldFeedback;
class FormSection;
class Vendor;
struct VendorAccount;

// The lead form: its sections, live validation with the core and vendor rules, required marks for the chosen
// vendor, and what the summary lists. Problems of a field show once the agent has touched it (typed or left),
// or everywhere after revealAll() (a submit attempt or a vendor answer).
class LeadForm : public QWidget
{
    Q_OBJECT

public:
    ConsentSection *consentSection() const { return m_consent; }
    explicit LeadForm(QWidget *parent = nullptr);
    ~LeadForm() override;

    void setClock(Clock clock);
    void setAgent(const QString &agent);
    // Marks, problems and summary follow the vendor at once.
    void setVendor(const Vendor *vendor);
    const Vendor *vendor() const { return m_vendor; }
    // The account's consent script (empty: the default) and its defaults for fields the agent left empty; on a
    // form with nothing typed yet, also "mailing same as service".
    void applyAccount(const VendorAccount &account, bool mailingSameAsService = false);

    Lead lead() const;
    // A restored draft: filled fields count as touched, so their problems show.
    void setLead(const Lead &lead);
    void clear();
    // Something typed since the form was cleared (or last sent) that is not just the account's defaults.
    bool hasUnsentInput() const;
    void markSent();

    bool isValid() const { return !hasErrors(m_issues); }
    FieldIssues issues() const { return m_issues; }
    QList<SummaryEntry> summaryEntries() const;
    int blockingCount() const;

    void revealAll();
    // A vendor's field-level messages; each stays on its field until the agent edits that field.
    void setVendorIssues(const FieldIssues &issues);
    bool focusField(const QString &key);
    FieldFeedback *feedback(const QString &key) const;
    QString captionOf(const QString &key) const;
    QList<QWidget *> tabChain() const;
    // The widget Tab reaches after the last field (the send button).
    void setTabSuccessor(QWidget *widget);

Q_SIGNALS:
    void edited();          // the agent changed something (drafts, unsent input)
    void problemsChanged(); // summary and submit button refresh
    void validityChanged(bool valid);

private:
    void onEdited(const QString &key);
    void onLeft(const QString &key);
    void revalidate();
    void updateMarks();
    void alignCaptions();
    void setupTabOrder();
    bool revealed(const QString &key) const { return m_revealAll || m_touched.contains(key); }

    std::unique_ptr<Ui::LeadForm> m_ui;
    QList<FormSection *> m_sections;
    AddressSection *m_service = nullptr;
    AddressSection *m_mailing = nullptr;
    ConsentSection *m_consent = nullptr;
    const Vendor *m_vendor = nullptr;
    Clock m_clock = systemClock();
    QSet<QString> m_touched;
    bool m_revealAll = false;
    FieldIssues m_issues;
    FieldIssues m_vendorIssues;
    Lead m_baseline;
    bool m_valid = false;
    QWidget *m_tabSuccessor = nullptr;
};

} // namespace LeadRelay
