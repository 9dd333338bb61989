// SPDX-License-Identifier: GPL-3.0-or-later
#include "LeadPage.h"

#include "ConsentSection.h"
#include "Dialogs.h"
#include "DncSection.h"
#include "DraftStore.h"
#include "LeadForm.h"
#include "OutcomeBanner.h"
#include "PngIcons.h"
#include "ValidationSummary.h"
#include "VendorPicker.h"
#include "ui_LeadPage.h"

#include <QApplication>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QShortcut>
#include <QSysInfo>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcLeadPage, "leadrelay.gui.leadpage")

namespace LeadRelay
{

LeadPage::LeadPage(Services services, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LeadPage>())
    , m_services(std::move(services))
    , m_drafts(new DraftStore(m_services.draftPath.isEmpty() ? DraftStore::defaultPath() : m_services.draftPath, this))
    , m_loadedFrom(new QLabel(this))
{
    m_ui->setupUi(this);
    m_ui->draft_bar->hide();
    // Above the outcome banner: where the lead on the form came from, until the agent starts a new one.
    m_loadedFrom->setObjectName(u"loaded_from"_s);
    m_loadedFrom->setWordWrap(true);
    m_loadedFrom->setTextFormat(Qt::PlainText);
    m_loadedFrom->hide();
    m_ui->pageLayout->insertWidget(m_ui->pageLayout->indexOf(m_ui->outcome_banner), m_loadedFrom);
    m_compliance = new DncSection({m_services.store, m_services.registry, m_services.callingRules, m_services.clock,
                                   [this] { return agentOrFallback(); }},
                                  this);
    m_ui->pageLayout->insertWidget(m_ui->pageLayout->indexOf(m_ui->outcome_banner), m_compliance);
    // Pre-rendered, as for the vendor picker's mode icon: no SVG engine before the first paint (issue 13).
    m_ui->draft_icon->setPixmap(pngIcon(u":/icons/prerendered/warning.png"_s).pixmap(QSize(20, 20)));
    m_ui->submit->setDefault(true);
    // Shortcuts as the platform writes them, in the user's language (Qt's own translations: "Intro", "Ctrl").
    const QString sendKeys = QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText);
    const QString newKeys = QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText);
    m_ui->submit->setToolTip(tr("Send the lead (%1)").arg(sendKeys));
    m_ui->submit_hint->setText(tr("%1 sends · %2 starts a new lead").arg(sendKeys, newKeys));
    form()->setClock(m_services.clock);

    connect(vendorPicker(), &VendorPicker::vendorChanged, this, [this](const Vendor *vendor) {
        form()->setVendor(vendor);
        refreshAccount();
    });
    connect(form(), &LeadForm::problemsChanged, this, [this] {
        updateSummary();
        updateSubmit();
    });
    connect(form(), &LeadForm::edited, this, &LeadPage::formEdited);
    connect(summary(), &ValidationSummary::fieldActivated, this, [this](const QString &key) {
        form()->focusField(key);
        m_ui->form_scroll->ensureWidgetVisible(QApplication::focusWidget() ? QApplication::focusWidget() : form());
    });
    connect(m_ui->submit, &QPushButton::clicked, this, &LeadPage::submit);
    connect(banner(), &OutcomeBanner::newLeadRequested, this, [this] { newLead(); });
    connect(m_ui->draft_restore, &QPushButton::clicked, this, &LeadPage::restoreDraft);
    connect(m_ui->draft_discard, &QPushButton::clicked, this, &LeadPage::discardDraft);
    connect(m_drafts, &DraftStore::failed, this, [this](const QString &error) {
        // Typing goes on; the agent should know the safety net is gone.
        m_ui->draft_text->setText(tr("The unsent lead could not be saved as a draft: %1").arg(error));
        m_ui->draft_restore->hide();
        m_ui->draft_discard->setText(tr("Dismiss"));
        m_ui->draft_bar->show();
    });

    // The vendor without reaching for the picker (two Shift+Tabs away from the first field).
    const QList<const Vendor *> vendors = allVendors();
    QStringList keys;
    for (int i = 0; i < int(vendors.size()); ++i) {
        const QString id = vendors.at(i)->id();
        auto *shortcut = new QShortcut(vendorShortcut(i), this);
        shortcut->setObjectName(u"vendor_shortcut_"_s + id);
        connect(shortcut, &QShortcut::activated, this, [this, id] {
            if (!m_busy)
                vendorPicker()->setCurrentVendor(id);
        });
        keys << tr("%1: %2").arg(vendorShortcut(i).toString(QKeySequence::NativeText), vendors.at(i)->displayName());
    }
    vendorPicker()->setToolTip(tr("Choose the vendor (%1)").arg(keys.join(tr(", "))));

    form()->setTabSuccessor(m_ui->submit);
    form()->setVendor(vendorPicker()->currentVendor());
    refreshAccount();
}

LeadPage::~LeadPage()
{
    m_drafts->flush();
    // Closing the window moves the focus out of a field, which would reach this half-destroyed page.
    form()->disconnect(this);
    vendorPicker()->disconnect(this);
    summary()->disconnect(this);
}

QKeySequence LeadPage::vendorShortcut(int index)
{
    return QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + index));
}

QString LeadPage::agentOrFallback() const
{
    if (const QString agent = m_services.agent ? m_services.agent().trimmed() : QString(); !agent.isEmpty())
        return agent;
    if (const QString login = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")).trimmed();
        !login.isEmpty())
        return login;
    return QSysInfo::machineHostName();
}

LeadForm *LeadPage::form() const
{
    return m_ui->lead_form;
}

OutcomeBanner *LeadPage::banner() const
{
    return m_ui->outcome_banner;
}

ValidationSummary *LeadPage::summary() const
{
    return m_ui->summary;
}

VendorPicker *LeadPage::vendorPicker() const
{
    return m_ui->vendor_picker;
}

void LeadPage::refreshAccount()
{
    const Vendor *vendor = vendorPicker()->currentVendor();
    if (!vendor)
        return;
    const VendorAccount account = m_services.account ? m_services.account(vendor->id()) : VendorAccount{};
    vendorPicker()->setMode(account.mode);
    form()->setAgent(agentOrFallback());
    form()->applyAccount(account, m_services.mailingSameDefault && m_services.mailingSameDefault(vendor->id()));
    m_ui->submit->setText(tr("Send to %1").arg(vendor->displayName()));
    updateSummary();
    updateSubmit();
    Q_EMIT modeChanged(vendor->displayName(), account.mode == AccountMode::Training);
}

void LeadPage::updateSummary()
{
    const Vendor *vendor = form()->vendor();
    // Send is off in both cases: the panel must not say "ready to send".
    if (m_busy && vendor) {
        summary()->setSending(vendor->displayName());
        return;
    }
    if (m_justSent && vendor) {
        summary()->setSent(m_sentVendorName.isEmpty() ? vendor->displayName() : m_sentVendorName,
                           QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText));
        return;
    }
    summary()->setState(vendor ? vendor->displayName() : QString(), form()->blockingCount(), form()->summaryEntries());
}

void LeadPage::updateSubmit()
{
    m_ui->submit->setEnabled(!m_busy && !m_justSent && form()->vendor() && form()->isValid());
}

void LeadPage::formEdited()
{
    m_compliance->refresh(form()->lead());
    if (m_justSent) {
        m_justSent = false;
        updateSummary();
    }
    updateSubmit();
    if (m_draftOffered)
        return;
    if (form()->hasUnsentInput())
        m_drafts->schedule(form()->lead());
    else
        m_drafts->remove();
}

void LeadPage::flushDraft()
{
    m_drafts->flush();
}

void LeadPage::submit()
{
    if (m_busy)
        return;
    form()->revealAll();
    if (!form()->isValid()) {
        // Nothing modal: the list of what blocks sending takes the focus, each entry leads to its field.
        summary()->focusList();
        return;
    }
    if (m_justSent)
        return;
    // Consent recorded outside the consumer's calling window goes only once the agent has acknowledged it.
    m_compliance->refresh(form()->lead());
    if (!m_compliance->mayRecordConsent()) {
        banner()->showProblem(u"calling_window"_s, tr("NOT SENT: consent was recorded outside the calling window."),
                              tr("Read the warning above and tick the box to acknowledge it, or call back later."));
        m_compliance->focusAcknowledgment();
        return;
    }
    send(false);
}

void LeadPage::send(bool allowDuplicate)
{
    const Vendor *vendor = form()->vendor();
    if (!vendor || !m_services.service)
        return;
    SubmissionService::Request request;
    request.lead = form()->lead();
    // Shown formatted while typing, sent as digits.
    if (const QString digits = normalizedPhone(request.lead.phone); !digits.isEmpty())
        request.lead.phone = digits;
    if (request.lead.agent.trimmed().isEmpty())
        request.lead.agent = agentOrFallback();
    request.vendor = vendor;
    request.account = m_services.account ? m_services.account(vendor->id()) : VendorAccount{};
    request.callbackBase = m_services.callbackBase ? m_services.callbackBase(request.account) : QUrl();
    request.allowDuplicate = allowDuplicate;
    // What the agent saw and acknowledged, kept in the consent record.
    request.callingWindow = m_compliance->callingWindow().toJson();
    request.dnc = m_compliance->dncCheck().toJson();
    m_drafts->flush();
    // Not when the focus already left the page (a resend after the duplicate question): keep the agent's place.
    if (QWidget *focus = QApplication::focusWidget(); focus && isAncestorOf(focus))
        m_focusBeforeSend = focus;
    setBusy(true);
    banner()->showSending(vendor->displayName());
    const QUrl callbackBase = request.callbackBase;
    const bool training = request.account.mode == AccountMode::Training;
    m_services.service->submit(request, this,
                               [this, vendor, callbackBase, training](const SubmissionService::Result &result) {
                                   finished(result, vendor, callbackBase, training);
                               });
}

void LeadPage::finished(const SubmissionService::Result &result, const Vendor *vendor, const QUrl &callbackBase,
                        bool training)
{
    setBusy(false);
    const QString name = vendor->displayName();
    switch (result.kind) {
    case SubmissionService::Result::Sent: {
        const Outcome &outcome = result.outcome;
        banner()->showOutcome(outcome, name, !callbackBase.isEmpty() && vendor->supportsCallback(), training);
        m_shownId = result.historyId;
        m_shownVendorName = name;
        m_shownTraining = training;
        form()->setVendorIssues(outcome.fieldIssues);
        const bool taken = outcome.state == OutcomeState::Sold || outcome.state == OutcomeState::Accepted ||
                           outcome.state == OutcomeState::AcceptedNotSold;
        if (taken) {
            m_justSent = true;
            m_sentVendorName = name;
            form()->markSent();
            m_drafts->remove();
            updateSummary();
        }
        // setBusy(false) above has enabled the form and the summary again.
        if (taken)
            banner()->focusNewLead();
        else
            restoreFocus(outcome.fieldIssues);
        Q_EMIT submitted(result.historyId);
        break;
    }
    case SubmissionService::Result::LocalInvalid:
        form()->setVendorIssues(result.issues);
        banner()->showProblem(u"local_invalid"_s, tr("NOT SENT: the lead has problems to fix first."),
                              tr("Nothing was sent to %1. The list on the right leads to each field.").arg(name));
        summary()->focusList();
        break;
    case SubmissionService::Result::Duplicate:
        if (result.duplicate)
            askDuplicate(*result.duplicate, vendor);
        break;
    case SubmissionService::Result::StoreFailed:
        restoreFocus({});
        banner()->showProblem(
            u"store_failed"_s, tr("NOT SENT: the history could not be written."),
            tr("Nothing was sent to %1, so nothing can be lost. The database said: %2").arg(name, result.error));
        break;
    case SubmissionService::Result::DoNotCall:
        restoreFocus({});
        banner()->showProblem(u"do_not_call"_s, tr("NOT SENT: the customer asked not to be called."), result.error);
        break;
    case SubmissionService::Result::ConfigError:
        restoreFocus({});
        banner()->showProblem(u"config_error"_s, tr("NOT SENT: the %1 account is not set up correctly.").arg(name),
                              tr("Nothing was sent. %1 Check the account in Settings.").arg(result.error));
        break;
    }
    updateSubmit();
}

void LeadPage::askDuplicate(const DuplicateHit &hit, const Vendor *vendor)
{
    const QString when = QLocale().toString(hit.createdAt.toLocalTime(), QLocale::ShortFormat);
    const QString outcome = OutcomeBanner::plainWordFor(hit.state);
    // Nothing is in flight while the agent decides: the banner must not still say "Sending… the form is locked".
    banner()->showProblem(u"duplicate_question"_s, tr("NOT SENT YET: possible duplicate."),
                          tr("Nothing was sent to %1. Decide whether to send it anyway.").arg(vendor->displayName()));
    const QString question = tr("%1 already received a lead with this phone number on %2 (outcome: %3).\n\n"
                                "Sending it again may create a duplicate or be billed twice. Send anyway?")
                                 .arg(vendor->displayName(), when, outcome);
    if (Dialogs::confirm(this, tr("Possible duplicate"), question, tr("Send anyway"), tr("Do not send"))) {
        send(true);
        return;
    }
    restoreFocus({});
    banner()->showProblem(u"duplicate"_s, tr("NOT SENT: possible duplicate."),
                          tr("An earlier lead with this phone number went to %1 on %2 (outcome: %3).")
                              .arg(vendor->displayName(), when, outcome));
}

// While the lead was in flight its fields were disabled and Qt moved the focus wherever it could (the page tab):
// keys typed after the answer would not reach the lead. The focus goes back to the first field the vendor
// objected to, or to where the agent was.
void LeadPage::restoreFocus(const FieldIssues &issues)
{
    for (const FieldIssue &issue : issues)
        if (!issue.field.isEmpty() && form()->focusField(issue.field))
            return;
    QWidget *previous = m_focusBeforeSend;
    if (previous && isAncestorOf(previous) && previous->isVisible() && previous->isEnabled())
        previous->setFocus(Qt::OtherFocusReason);
    else if (m_ui->submit->isEnabled())
        m_ui->submit->setFocus(Qt::OtherFocusReason);
    else
        form()->focusField(Key::FirstName);
}

void LeadPage::setBusy(bool busy)
{
    m_busy = busy;
    // The window keeps repainting and the history stays usable; only this lead is frozen while in flight.
    form()->setEnabled(!busy);
    vendorPicker()->setEnabled(!busy);
    summary()->setEnabled(!busy);
    updateSummary();
    updateSubmit();
}

bool LeadPage::newLead()
{
    if (m_busy)
        return false;
    if (form()->hasUnsentInput() &&
        !Dialogs::confirm(this, tr("Start a new lead?"),
                          tr("The lead you are typing has not been sent. Discard it and start a new one?"),
                          tr("Discard and start new"), tr("Keep typing")))
        return false;
    form()->clear();
    m_compliance->clear();
    m_drafts->remove();
    m_justSent = false;
    m_shownId.clear();
    banner()->clearBanner();
    setLoadedFrom({});
    refreshAccount();
    form()->focusField(Key::FirstName);
    return true;
}

void LeadPage::applyFinalResult(const QString &historyId, const Outcome &outcome)
{
    if (historyId.isEmpty() || historyId != m_shownId || m_busy)
        return;
    banner()->showOutcome(outcome, m_shownVendorName, true, m_shownTraining);
}

} // namespace LeadRelay
