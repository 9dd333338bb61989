// SPDX-License-Identifier: GPL-3.0-or-later
#include "SettingsDialog.h"

#include "ui_SettingsDialog.h"

#include "AppSettings.h"
#include "ConsentScriptsPage.h"
#include "CredentialStore.h"
#include "HistoryLocationPage.h"
#include "VendorAccountEditor.h"
#include "core/CallbackBase.h"
#include "vendors/Vendor.h"

#include <QHostAddress>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
std::optional<QMessageBox::StandardButton> s_nextConfirmAnswer;

QString publicBaseProblem(const QString &text)
{
    if (text.trimmed().isEmpty())
        return {};
    // The rule lives in core (https:// except loopback: the address carries a secret token).
    return callbackBaseProblem(QUrl(text.trimmed(), QUrl::StrictMode));
}
} // namespace

bool confirmDeliberateAct(QWidget *parent, const QString &title, const QString &text)
{
    if (s_nextConfirmAnswer) {
        const QMessageBox::StandardButton answer = *s_nextConfirmAnswer;
        s_nextConfirmAnswer.reset();
        return answer == QMessageBox::Yes;
    }
    return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) ==
           QMessageBox::Yes;
}

void SettingsDialog::setNextConfirmAnswer(QMessageBox::StandardButton answer)
{
    s_nextConfirmAnswer = answer;
}

SettingsDialog::SettingsDialog(AppSettings *settings, CredentialStore *credentials, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_settings(settings)
    , m_credentials(credentials)
    , m_historyPage(new HistoryLocationPage(this))
{
    m_ui->setupUi(this);
    int tabIndex = 1;
    for (const QString &vendorId : AppSettings::vendorIds()) {
        const Vendor *vendor = vendorById(vendorId);
        if (!vendor)
            continue;
        auto *editor = new VendorAccountEditor(vendor, m_ui->tabs);
        m_ui->tabs->insertTab(tabIndex++, editor, vendor->displayName());
        m_editors << editor;
        connect(editor, &VendorAccountEditor::edited, this, &SettingsDialog::validate);
    }
    m_ui->tabs->insertTab(tabIndex, m_historyPage, tr("History"));
    connect(m_historyPage, &HistoryLocationPage::edited, this, &SettingsDialog::validate);

    connect(m_ui->listenEdit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_ui->publicBaseEdit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_ui->callbackEnabledCheck, &QCheckBox::toggled, this, &SettingsDialog::validate);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    if (m_credentials) {
        connect(m_credentials, &CredentialStore::memoryFallbackChanged, this, &SettingsDialog::updateFallbackNotice);
        // The keychain may still be answering when the dialog opens: show the values once they are in.
        connect(m_credentials, &CredentialStore::loaded, this, [this] {
            for (VendorAccountEditor *editor : std::as_const(m_editors))
                editor->reloadCredentials(m_credentials);
        });
    }
    load();
    updateFallbackNotice();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::setHistoryStore(HistoryStore *store)
{
    if (m_scriptsPage || !store)
        return;
    m_scriptsPage = new ConsentScriptsPage(store, this);
    m_ui->tabs->addTab(m_scriptsPage, tr("Consent scripts"));
}

VendorAccountEditor *SettingsDialog::accountEditor(const QString &vendorId) const
{
    for (VendorAccountEditor *editor : m_editors) {
        if (editor->vendorId() == vendorId)
            return editor;
    }
    return nullptr;
}

void SettingsDialog::load()
{
    m_ui->agentEdit->setText(m_settings->agentName());
    m_historyPage->load(*m_settings, m_credentials);
    m_ui->duplicateSpin->setValue(m_settings->duplicateWindowDays());
    m_ui->staleSpin->setValue(m_settings->staleAfterHours());
    m_ui->callbackEnabledCheck->setChecked(m_settings->callbackEnabled());
    m_ui->listenEdit->setText(m_settings->callbackListenAddress());
    m_ui->portSpin->setValue(m_settings->callbackPort());
    m_ui->publicBaseEdit->setText(m_settings->callbackPublicBase().toString());
    for (VendorAccountEditor *editor : std::as_const(m_editors))
        editor->load(*m_settings, m_credentials);
    validate();
}

void SettingsDialog::save()
{
    m_settings->setAgentName(m_ui->agentEdit->text());
    m_historyPage->save(*m_settings, m_credentials);
    m_settings->setDuplicateWindowDays(m_ui->duplicateSpin->value());
    m_settings->setStaleAfterHours(m_ui->staleSpin->value());
    m_settings->setCallbackEnabled(m_ui->callbackEnabledCheck->isChecked());
    m_settings->setCallbackListenAddress(m_ui->listenEdit->text());
    m_settings->setCallbackPort(quint16(m_ui->portSpin->value()));
    m_settings->setCallbackPublicBase(QUrl(m_ui->publicBaseEdit->text().trimmed()));
    for (VendorAccountEditor *editor : std::as_const(m_editors))
        editor->save(*m_settings, m_credentials);
    m_settings->sync();
}

QString SettingsDialog::validationError() const
{
    // The receiver's fields are greyed out while it is off, so they cannot block OK then.
    const bool receiving = m_ui->callbackEnabledCheck->isChecked();
    if (receiving && QHostAddress(m_ui->listenEdit->text().trimmed()).isNull())
        return tr("The listen address must be an IP address, e.g. 127.0.0.1 or 0.0.0.0.");
    if (const QString problem = publicBaseProblem(m_ui->publicBaseEdit->text()); receiving && !problem.isEmpty())
        return problem;
    for (VendorAccountEditor *editor : m_editors) {
        if (const QString problem = editor->validationError(); !problem.isEmpty())
            return problem;
    }
    return m_historyPage->validationError();
}

void SettingsDialog::validate()
{
    const bool receiving = m_ui->callbackEnabledCheck->isChecked();
    for (QWidget *field : {static_cast<QWidget *>(m_ui->listenEdit), static_cast<QWidget *>(m_ui->portSpin),
                           static_cast<QWidget *>(m_ui->publicBaseEdit)})
        field->setEnabled(receiving);
    const bool listenOk = !receiving || !QHostAddress(m_ui->listenEdit->text().trimmed()).isNull();
    m_ui->listenError->setText(listenOk ? QString() : tr("Not an IP address."));
    m_ui->listenError->setVisible(!listenOk);
    const QString baseProblem = receiving ? publicBaseProblem(m_ui->publicBaseEdit->text()) : QString();
    m_ui->publicBaseError->setText(baseProblem);
    m_ui->publicBaseError->setVisible(!baseProblem.isEmpty());

    const QString problem = validationError();
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setToolTip(problem);
}

void SettingsDialog::accept()
{
    if (!validationError().isEmpty())
        return;
    save();
    QDialog::accept();
}

void SettingsDialog::updateFallbackNotice()
{
    const bool fallback = m_credentials && m_credentials->usingMemoryFallback();
    m_ui->fallbackNotice->setText(fallback ? CredentialStore::fallbackNotice() : QString());
    m_ui->fallbackNotice->setVisible(fallback);
}

} // namespace LeadRelay
