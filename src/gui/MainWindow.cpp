// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "ImportDialog.h"

#include "AboutDialog.h"
#include "AppSettings.h"
#include "CallbackService.h"
#include "ConsentSection.h"
#include "CredentialStore.h"
#include "Dashboard.h"
#include "Dialogs.h"
#include "DncSection.h"
#include "FirstPaintNotifier.h"
#include "HistoryView.h"
#include "LeadForm.h"
#include "LeadPage.h"
#include "SettingsDialog.h"
#include "VendorPicker.h"
#include "pipeline/SubmissionService.h"
#include "store/CallingRulesFile.h"
#include "store/DncRegistry.h"
#include "store/HistoryStore.h"
#include "ui_MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QScreen>
#include <QTabBar>
#include <QVBoxLayout>
#include <algorithm>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

MainWindow::MainWindow(const Services &services, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_services(services)
    , m_service(new SubmissionService(services.store, services.nam, services.clock, this))
    , m_callbacks(new CallbackService(services.store, services.settings, this))
{
    m_ui->setupUi(this);
    FirstPaintNotifier::watch(this, [this] {
        // The icon is drawn by the window manager, not in the window: set after the first paint, the SVG engine it
        // needs is not loaded before it (issue 13).
        setWindowIcon(QIcon(u":/icons/leadrelay.svg"_s));
        m_callbacks->startTrainingReceiver();
    });
    m_service->setDuplicateWindowDays(services.settings->duplicateWindowDays());

    LeadPage::Services page;
    page.service = m_service;
    page.account = [this](const QString &vendorId) {
        return m_services.settings->account(vendorId, m_services.simulatorBase);
    };
    page.agent = [this] { return agentName(); };
    page.mailingSameDefault = [this](const QString &vendorId) {
        return m_services.settings->mailingSameDefault(vendorId);
    };
    page.callbackBase = [this](const VendorAccount &account) { return m_callbacks->callbackBaseFor(account.mode); };
    page.clock = services.clock;
    page.draftPath = services.draftPath;
    // Compliance beside the lead: this desk's registry lists and the calling rules in force (DncSection).
    QString rulesError;
    auto registry = std::make_shared<DncRegistry>();
    registry->load();
    page.store = services.store;
    page.registry = registry;
    page.callingRules = CallingRulesFile::load(QString(), &rulesError);
    m_leadPage = new LeadPage(std::move(page), this);
    if (m_services.store && m_services.store->isOpen())
        m_leadPage->form()->consentSection()->setHistoryScripts(m_services.store->consentScripts());
    // Agents usually work one buyer's campaign all day: start where they left off.
    m_leadPage->vendorPicker()->setCurrentVendor(services.settings->lastVendor());
    connect(m_leadPage->vendorPicker(), &VendorPicker::vendorChanged, this, [this](const Vendor *vendor) {
        if (vendor)
            m_services.settings->setLastVendor(vendor->id());
    });
    m_historyPage = new QWidget(this);
    m_historyPage->setObjectName(u"historyPage"_s);
    auto *historyLayout = new QVBoxLayout(m_historyPage);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    m_ui->pages->addTab(m_leadPage, tr("Lead"));
    m_ui->pages->addTab(m_historyPage, tr("History"));
    m_ui->pages->addTab(
        new Dashboard({services.store, [this] { return m_services.settings->staleAfterHours(); }, services.clock},
                      this),
        tr("Dashboard"));
    connect(m_ui->pages, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_ui->pages->widget(index) != m_historyPage)
            return;
        // Built after the switch, so Qt found nothing there to give the focus to: Ctrl+2 and type a name. Not when
        // the agent is on the page tabs themselves (arrow keys switch pages there).
        HistoryView *history = historyView();
        QWidget *focus = QApplication::focusWidget();
        if (!history->isAncestorOf(focus) && focus != m_ui->pages->tabBar())
            history->focusSearch();
    });

    // The numeric keypad's Enter too: agents type numbers there.
    m_ui->action_send->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(m_ui->action_send, &QAction::triggered, this, [this] {
        showForm();
        m_leadPage->submit();
    });
    connect(m_ui->action_new_lead, &QAction::triggered, this, [this] {
        showForm();
        m_leadPage->newLead();
    });
    connect(m_ui->action_quit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->action_show_form, &QAction::triggered, this, &MainWindow::showForm);
    connect(m_ui->action_show_history, &QAction::triggered, this, &MainWindow::showHistory);
    connect(m_ui->action_show_dashboard, &QAction::triggered, this,
            [this] { m_ui->pages->setCurrentWidget(m_ui->pages->findChild<Dashboard *>()); });
    connect(m_ui->action_settings, &QAction::triggered, this, &MainWindow::openSettings);
    QAction *importAction = new QAction(tr("&Import leads…"), this);
    importAction->setObjectName(u"action_import_leads"_s);
    m_ui->menu_lead->insertAction(m_ui->action_quit, importAction);
    connect(importAction, &QAction::triggered, this, &MainWindow::openImport);
    connect(m_ui->action_about, &QAction::triggered, this, &MainWindow::openAbout);

    connect(m_leadPage, &LeadPage::modeChanged, this, &MainWindow::updateTitle);
    connect(services.settings, &AppSettings::changed, this, [this](const QString &key) {
        if (key == QLatin1String(AppSettings::DuplicateWindowDays))
            m_service->setDuplicateWindowDays(m_services.settings->duplicateWindowDays());
        else if (key == QLatin1String(AppSettings::StaleAfterHours)) {
            if (m_history)
                m_history->setStaleAfterHours(m_services.settings->staleAfterHours());
        } else
            m_leadPage->refreshAccount();
    });
    connect(m_callbacks, &CallbackService::finalised, this, [this](const QString &id) {
        const auto record = m_services.store->record(id);
        if (!record)
            return;
        Outcome outcome;
        outcome.state = record->state;
        outcome.billable = record->billable;
        outcome.final = record->final;
        outcome.messages = record->messages;
        m_leadPage->applyFinalResult(id, outcome);
    });
    // Every row this desk wrote: the ones still awaiting a final result are what quitting would cut off.
    connect(services.store, &HistoryStore::changed, this, [this](const QString &id) { m_writtenHere.insert(id); });
    connect(m_callbacks, &CallbackService::statusChanged, this,
            [this](const QString &text) { statusBar()->showMessage(text); });
    statusBar()->showMessage(m_callbacks->statusText());
    // Permanent, so the callback receiver's messages do not hide it: a stale registry list is a compliance risk.
    if (const QString text = DncSection::statusText(*registry, services.clock().date(), rulesError); !text.isEmpty()) {
        auto *compliance = new QLabel(text, this);
        compliance->setObjectName(u"compliance_status"_s);
        statusBar()->addPermanentWidget(compliance);
    }
    if (services.credentials) {
        // Production accounts need the keychain's credentials; the mode badge and defaults follow once loaded.
        connect(services.credentials, &CredentialStore::loaded, m_leadPage, &LeadPage::refreshAccount);
        connect(services.credentials, &CredentialStore::memoryFallbackChanged, this, [this](bool active) {
            if (active)
                statusBar()->showMessage(CredentialStore::fallbackNotice());
        });
    }

    m_leadPage->refreshAccount();
    m_leadPage->offerDraft();
    // The agent types the customer's name first: without this the page tab would hold the focus and the first
    // keys would be lost. Given now, it is the window's focus when it is first activated.
    m_leadPage->form()->focusField(Key::FirstName);
    fitToScreen(); // last: the pages' minimum size counts
}

MainWindow::~MainWindow() = default;

QString MainWindow::agentName() const
{
    const QString configured = m_services.settings->agentName();
    if (!configured.isEmpty())
        return configured;
    // Until the agent sets a name, the login name says who recorded the consent.
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user;
}

int MainWindow::awaitingFinalHere()
{
    // A callback token is only given when a receiver of this desk listens (CallbackService::callbackBaseFor), so a
    // row this window wrote that has one and is still preliminary waits for this desk's receiver.
    int awaiting = 0;
    for (auto it = m_writtenHere.begin(); it != m_writtenHere.end();) {
        const auto record = m_services.store->record(*it);
        if (record && record->state == OutcomeState::Accepted && !record->final && !record->callbackToken.isEmpty()) {
            ++awaiting;
            ++it;
        } else if (record && record->state == OutcomeState::Sending) {
            ++it; // its answer may still make it wait
        } else {
            it = m_writtenHere.erase(it);
        }
    }
    return awaiting;
}

// Call centres run 1366×768 laptops with a desktop panel: the designed 1360×940 would put the status bar and the
// bottom of the side panel off-screen. The window takes the designed size where it fits and the available area,
// less room for the window manager's frame, where it does not; the form scrolls inside.
void MainWindow::fitToScreen()
{
    const QScreen *screen = this->screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    // The frame is unknown until the window is mapped: allow for a usual title bar and border.
    const QMargins frame(8, 40, 8, 8);
    const QSize room = available.size().shrunkBy(frame);
    const QSize size = this->size().boundedTo(room).expandedTo(minimumSizeHint().boundedTo(room));
    resize(size);
    const QPoint centred = available.center() - QPoint(size.width() / 2, size.height() / 2);
    move(std::max(centred.x(), available.left() + frame.left()), std::max(centred.y(), available.top() + frame.top()));
}

void MainWindow::updateTitle(const QString &vendorName, bool training)
{
    const QString mode = training ? tr("LeadRelay — TRAINING (%1 simulator)").arg(vendorName)
                                  : tr("LeadRelay — PRODUCTION (%1)").arg(vendorName);
    setWindowTitle(mode + u" — "_s + historyTitle());
}

// Which history the leads go to (issue 9): a desk on the team server and a desk on its own file look the same
// otherwise. display() never holds the password.
QString MainWindow::historyTitle() const
{
    const HistoryLocation location = m_services.store->location();
    if (location.isServer())
        return tr("team: %1").arg(location.display());
    if (m_services.historyInstead)
        return tr("history: this computer (team server not reached)");
    return tr("history: this computer");
}

void MainWindow::showForm()
{
    m_ui->pages->setCurrentWidget(m_leadPage);
}

HistoryView *MainWindow::historyView()
{
    if (m_history)
        return m_history;
    m_history = new HistoryView(m_services.store, m_historyPage, m_services.clock);
    m_history->setStaleAfterHours(m_services.settings->staleAfterHours());
    m_historyPage->layout()->addWidget(m_history);
    m_history->show(); // at once: the layout would show it only on the next pass of the event loop, a blank frame
    connect(m_history, &HistoryView::loadLeadRequested, this, [this](const HistoryLoad &load) {
        showForm(); // first: the focus the page gives goes to a visible field
        m_leadPage->loadFromHistory(load);
    });
    connect(m_history, &HistoryView::showFormRequested, this, &MainWindow::showForm);
    connect(m_history, &HistoryView::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text); });
    return m_history;
}

void MainWindow::showHistory()
{
    m_ui->pages->setCurrentWidget(m_historyPage);
}

void MainWindow::setSimulatorBase(const QUrl &base)
{
    m_services.simulatorBase = base;
    m_leadPage->refreshAccount();
}

void MainWindow::historyOpened()
{
    m_leadPage->form()->consentSection()->setHistoryScripts(m_services.store->consentScripts());
}

void MainWindow::openAbout()
{
    // Not modal: the agent may keep working, and reading the versions to a support line takes a while.
    auto *about = new AboutDialog(this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->show();
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_services.settings, m_services.credentials, this);
    dialog.setHistoryStore(m_services.store);
    const int answer = dialog.exec();
    // A script saved in Settings is read from the next lead on (saving does not wait for OK).
    if (m_services.store)
        m_leadPage->form()->consentSection()->setHistoryScripts(m_services.store->consentScripts());
    if (answer == QDialog::Accepted)
        m_leadPage->refreshAccount();
}

ImportDialog *MainWindow::openImport()
{
    ImportDialog::Services services;
    services.store = m_services.store;
    services.service = m_service;
    services.account = [this](const QString &vendorId) {
        return m_services.settings->account(vendorId, m_services.simulatorBase);
    };
    services.agent = [this] { return m_leadPage->agentOrFallback(); }; // never empty, as for the form
    services.callbackBase = [this](const VendorAccount &account) { return m_callbacks->callbackBaseFor(account.mode); };
    services.clock = m_services.clock;
    auto *dialog = new ImportDialog(std::move(services), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const Vendor *vendor = m_leadPage->vendorPicker()->currentVendor())
        dialog->setVendor(vendor->id());
    connect(dialog, &ImportDialog::openLeadRequested, this, [this](const Lead &lead) {
        m_leadPage->loadLead(lead);
        showForm();
    });
    connect(dialog, &ImportDialog::showSubmissionRequested, this, [this](const QString &id) {
        showHistory();
        m_history->selectId(id);
    });
    dialog->show();
    return dialog;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Closing mid-send loses the answer, not the lead: the history row stays "sending" and becomes
    // "delivery unknown" at the next start. The agent should know before choosing that.
    // An import sending rows is the same case, many times over (its answers are recorded by the dialog).
    const QList<ImportDialog *> imports = findChildren<ImportDialog *>();
    const bool importing = std::any_of(imports.cbegin(), imports.cend(), [](ImportDialog *d) { return d->isBusy(); });
    if ((m_leadPage->isBusy() || importing) &&
        !Dialogs::confirm(this, tr("A lead is being sent"),
                          tr("LeadRelay is waiting for the vendor's answer. If you close now, the lead is recorded as "
                             "\"delivery unknown\" and you will have to check with the vendor. Close anyway?"),
                          tr("Close anyway"), tr("Keep waiting"))) {
        event->ignore();
        return;
    }
    // A final result comes back to a receiver inside this process (the training one, or the in-app receiver for
    // production): quitting means it is not recorded, and in training the simulator that would send it goes too.
    if (const int awaiting = awaitingFinalHere();
        awaiting > 0 &&
        !Dialogs::confirm(this, tr("Final results still to come"),
                          tr("%n submission(s) are waiting for the vendor's final result. LeadRelay receives it "
                             "itself, so it arrives only while LeadRelay runs: if you quit now, it will not be "
                             "recorded and you will have to ask the vendor.",
                             "", awaiting),
                          tr("Quit anyway"), tr("Keep running"))) {
        event->ignore();
        return;
    }
    // Whatever the last half second of typing was, it is on disk before the window goes.
    m_leadPage->flushDraft();
    QMainWindow::closeEvent(event);
}

} // namespace LeadRelay
