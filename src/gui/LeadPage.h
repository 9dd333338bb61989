// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HistoryLoad.h"
#include "core/CallingWindow.h"
#include "core/Clock.h"
#include "pipeline/SubmissionService.h"

#include <QKeySequence>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

namespace Ui
{
class LeadPage;
}

class QLabel;

namespace LeadRelay
{

class DncRegistry;
class DncSection;
class DraftStore;
class LeadForm;
class OutcomeBanner;
class ValidationSummary;
class VendorPicker;

// The page the agent works on: vendor and mode, the form, what blocks sending, the send button, the outcome,
// and the unsent draft. It drives one submission at a time through SubmissionService, asynchronously.
class LeadPage : public QWidget
{
    Q_OBJECT

public:
    struct Services
    {
        SubmissionService *service = nullptr;
        // The account for a vendor id, endpoint resolved (training: the simulator's).
        std::function<VendorAccount(const QString &vendorId)> account;
        std::function<QString()> agent; // empty: the login name, then the computer's name (agentOrFallback)
        // Whether a new lead for this vendor starts with "mailing same as service" ticked (a per-account default).
        std::function<bool(const QString &vendorId)> mailingSameDefault;
        std::function<QUrl(const VendorAccount &)> callbackBase; // empty: vendors will not report final results
        Clock clock = systemClock();
        QString draftPath;
        // Compliance beside the lead (DncSection): the history holding the company do-not-call list, this desk's
        // registry lists (may be null) and the calling rules in force.
        HistoryStore *store = nullptr;
        std::shared_ptr<const DncRegistry> registry;
        CallingRules callingRules = CallingRules::builtIn();
    };

    explicit LeadPage(Services services, QWidget *parent = nullptr);
    ~LeadPage() override;

    // Ctrl+Return. A lead with problems is not sent: the summary takes the focus instead.
    void submit();
    // Ctrl+N. Asks first (Dialogs) when there is unsent input. False when the agent kept the lead.
    bool newLead();
    // A lead from elsewhere (an import row), to correct and send: a new consent is captured.
    void loadLead(const Lead &lead);
    // A lead from the history, to resend faithfully: the phone as the form shows it, the consent record kept and
    // labelled as the earlier one, the buyer chosen, and "Loaded from the submission of ..." on the page. For the
    // other buyer, its problems show at once. False when the agent kept the lead being typed.
    bool loadFromHistory(const HistoryLoad &load);
    QString loadedFromText() const;
    // Offers a draft left by a crash or restart (non-modal bar), or says why it could not be read.
    void offerDraft();
    // Settings changed: mode badge, defaults and consent script follow.
    void refreshAccount();
    void flushDraft();
    // A final result arrived (by callback) for a submission: if the banner still shows that submission, it
    // shows the final result instead, so the agent is never left reading a stale "preliminary".
    void applyFinalResult(const QString &historyId, const Outcome &outcome);
    bool isBusy() const { return m_busy; }

    LeadForm *form() const;
    OutcomeBanner *banner() const;
    // The calling window (with the agent's acknowledgment) and the do-not-call verdict, for the consent record.
    DncSection *compliance() const { return m_compliance; }
    ValidationSummary *summary() const;
    VendorPicker *vendorPicker() const;
    // Who sends: the configured agent, else the login name, else the computer's name. Never empty, so every row
    // of the history says who sent it.
    QString agentOrFallback() const;
    // Alt+1, Alt+2, ...: the vendor in the picker's order, from anywhere on the page.
    static QKeySequence vendorShortcut(int index);
    DraftStore *drafts() const { return m_drafts; }

Q_SIGNALS:
    void submitted(const QString &historyId);
    void modeChanged(const QString &vendorName, bool training);

private:
    void send(bool allowDuplicate);
    void finished(const SubmissionService::Result &result, const Vendor *vendor, const QUrl &callbackBase,
                  bool training);
    void restoreFocus(const FieldIssues &issues);
    void askDuplicate(const DuplicateHit &hit, const Vendor *vendor);
    void setBusy(bool busy);
    void updateSubmit();
    void updateSummary();
    void formEdited();
    void restoreDraft();
    void discardDraft();
    void hideDraftBar();
    bool mayReplace(); // asks when there is unsent input
    bool replaceLead(const Lead &lead);
    void setLoadedFrom(const QString &text);

    std::unique_ptr<Ui::LeadPage> m_ui;
    Services m_services;
    DraftStore *m_drafts;
    bool m_busy = false;
    bool m_justSent = false; // accepted/sold: no second send until the agent changes something
    QString m_shownId;       // the submission the banner shows; empty once the agent moves on
    QString m_shownVendorName;
    QString m_sentVendorName; // where the lead that m_justSent refers to went
    bool m_shownTraining = false;
    QPointer<QWidget> m_focusBeforeSend; // given back after an answer that leaves the lead to correct
    bool m_draftOffered = false;         // a restore offer is open: autosave waits so it cannot overwrite that draft
    std::optional<Lead> m_offeredDraft;
    QLabel *m_loadedFrom; // where a lead loaded from the history came from
    DncSection *m_compliance;
};

} // namespace LeadRelay
