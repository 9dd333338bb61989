// SPDX-License-Identifier: GPL-3.0-or-later
// LeadPage: what reaches the form other than typing: a lead from a file, a row of the history, a saved draft.
#include "LeadPage.h"

#include "ConsentSection.h"
#include "Dialogs.h"
#include "DraftStore.h"
#include "LeadForm.h"
#include "OutcomeBanner.h"
#include "ValidationSummary.h"
#include "VendorPicker.h"
#include "ui_LeadPage.h"

#include <QApplication>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcLeadPage)

namespace LeadRelay
{

bool LeadPage::mayReplace()
{
    return !form()->hasUnsentInput() ||
           Dialogs::confirm(this, tr("Replace the lead you are typing?"),
                            tr("The lead you are typing has not been sent. Replace it with the one from the history?"),
                            tr("Replace"), tr("Keep typing"));
}

bool LeadPage::replaceLead(const Lead &lead)
{
    if (m_busy || !mayReplace())
        return false;
    form()->clear();
    form()->setLead(lead);
    banner()->clearBanner();
    m_justSent = false;
    m_shownId.clear();
    setLoadedFrom({});
    return true;
}

void LeadPage::loadLead(const Lead &lead)
{
    Lead copy = lead;
    // A new consent has to be captured for a new call.
    copy.consent.clear();
    copy.consentRecordedAt = {};
    copy.agent.clear();
    if (replaceLead(copy))
        refreshAccount();
}

bool LeadPage::loadFromHistory(const HistoryLoad &load)
{
    if (m_busy)
        return false;
    Lead copy = load.lead;
    // Sent as digits; shown as the form shows what the agent types.
    if (const QString digits = normalizedPhone(copy.phone); !digits.isEmpty())
        copy.phone = formatPhoneAsTyped(digits);
    // Asked before anything changes, the buyer included.
    if (!mayReplace())
        return false;
    form()->clear(); // nothing unsent now: replaceLead() will not ask again
    vendorPicker()->setCurrentVendor(load.vendorId);
    if (!replaceLead(copy))
        return false;
    // The consent the customer gave on that call, with its time and agent, says so; answering again re-records it.
    if (copy.consentRecordedAt.isValid())
        if (auto *consent = form()->findChild<ConsentSection *>())
            consent->setRecordFromEarlierSubmission(true);
    refreshAccount();
    // It is in the history already: replacing it untouched loses nothing, so it is neither asked about nor a draft.
    form()->markSent();
    m_drafts->remove();

    const QString when = QLocale().toString(load.submittedAt.toLocalTime(), u"yyyy-MM-dd HH:mm"_s);
    const Vendor *sentTo = vendorById(load.sentToVendorId);
    const QString sentToName = sentTo ? sentTo->displayName() : load.sentToVendorId;
    const Vendor *now = form()->vendor();
    if (load.otherBuyer && now) {
        setLoadedFrom(tr("Loaded from the submission of %1 to %2, now for %3: check what %3 needs, then send.")
                          .arg(when, sentToName, now->displayName()));
        // The other buyer's problems at once, and the focus where the agent acts on them (nothing is sent yet).
        form()->revealAll();
        if (form()->isValid())
            m_ui->submit->setFocus(Qt::OtherFocusReason);
        else
            summary()->focusList();
    } else {
        setLoadedFrom(tr("Loaded from the submission of %1 to %2.").arg(when, sentToName));
        form()->focusField(Key::FirstName);
    }
    // A practice lead must not reach a real buyer unnoticed.
    if (load.training && now && m_services.account && m_services.account(now->id()).mode == AccountMode::Production)
        setLoadedFrom(loadedFromText() + u' ' +
                      tr("That submission was training; %1 is set to PRODUCTION.").arg(now->displayName()));
    return true;
}

QString LeadPage::loadedFromText() const
{
    return m_loadedFrom->isHidden() ? QString() : m_loadedFrom->text();
}

void LeadPage::setLoadedFrom(const QString &text)
{
    m_loadedFrom->setText(text);
    m_loadedFrom->setVisible(!text.isEmpty());
}

void LeadPage::offerDraft()
{
    const DraftStore::Loaded loaded = m_drafts->load();
    if (!loaded.error.isEmpty()) {
        m_ui->draft_text->setText(loaded.brokenPath.isEmpty()
                                      ? tr("The saved unsent lead could not be read (%1).").arg(loaded.error)
                                      : tr("The saved unsent lead could not be read (%1). The file was kept as %2.")
                                            .arg(loaded.error, loaded.brokenPath));
        m_ui->draft_restore->hide();
        m_ui->draft_discard->setText(tr("Dismiss"));
        m_ui->draft_bar->show();
        return;
    }
    if (!loaded.lead || loaded.lead->isEmpty())
        return;
    m_offeredDraft = loaded.lead;
    m_draftOffered = true;
    const QDateTime saved = loaded.savedAt.toLocalTime();
    const QString when =
        saved.date() == QDate::currentDate() ? saved.toString(u"HH:mm"_s) : saved.toString(u"yyyy-MM-dd HH:mm"_s);
    const QString who = QString(loaded.lead->firstName + u' ' + loaded.lead->lastName).trimmed();
    m_ui->draft_text->setText(who.isEmpty() ? tr("Restore unsent lead from %1?").arg(when)
                                            : tr("Restore unsent lead from %1 (%2)?").arg(when, who));
    m_ui->draft_restore->show();
    m_ui->draft_discard->setText(tr("Discard"));
    m_ui->draft_bar->show();
}

void LeadPage::restoreDraft()
{
    if (!m_offeredDraft)
        return hideDraftBar();
    if (form()->hasUnsentInput() &&
        !Dialogs::confirm(this, tr("Replace the lead you are typing?"),
                          tr("Restoring the unsent lead replaces what you have typed since. Continue?"), tr("Restore"),
                          tr("Keep typing")))
        return;
    const Lead lead = *m_offeredDraft;
    hideDraftBar();
    form()->setLead(lead);
}

void LeadPage::discardDraft()
{
    const bool wasOffer = m_draftOffered;
    hideDraftBar();
    if (!wasOffer)
        return;
    m_drafts->remove();
    // What was typed while the offer stood is the draft now.
    if (form()->hasUnsentInput())
        m_drafts->schedule(form()->lead());
}

void LeadPage::hideDraftBar()
{
    m_draftOffered = false;
    m_offeredDraft.reset();
    m_ui->draft_bar->hide();
}

} // namespace LeadRelay
