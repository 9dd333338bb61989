// SPDX-License-Identifier: GPL-3.0-or-later
#include "VendorAccountEditor.h"

#include "ui_VendorAccountEditor.h"

#include "AppSettings.h"
#include "CredentialStore.h"
#include "SettingsDialog.h"
#include "core/LeadValidator.h"
#include "vendors/Vendor.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// Production talks to the vendor over the internet: https only. Plain http is accepted for a loopback host,
// where a trainer may run a local stand-in.
QString endpointProblem(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (text.trimmed().isEmpty())
        return VendorAccountEditor::tr("The endpoint is required.");
    if (!url.isValid() || url.host().isEmpty())
        return VendorAccountEditor::tr("Not a valid URL.");
    if (url.scheme() == u"https"_s)
        return {};
    const QHostAddress host(url.host());
    const bool loopback = url.host() == u"localhost"_s || (!host.isNull() && host.isLoopback());
    if (url.scheme() == u"http"_s && loopback)
        return {};
    return VendorAccountEditor::tr("A production endpoint must use https://.");
}

} // namespace

VendorAccountEditor::VendorAccountEditor(const Vendor *vendor, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::VendorAccountEditor>())
    , m_vendor(vendor)
{
    m_ui->setupUi(this);
    setObjectName(vendor->id() + u"AccountEditor"_s);
    if (vendor->id() == u"bhm"_s) {
        m_ui->userLabel->setText(tr("Affiliate id"));
        m_ui->secretLabel->setText(tr("API key"));
    } else {
        m_ui->userLabel->setText(tr("User name"));
        m_ui->secretLabel->setText(tr("Password"));
    }
    m_ui->productionRadio->setText(tr("Production: real leads to %1").arg(vendor->displayName()));
    m_ui->endpointEdit->setPlaceholderText(vendor->productionEndpoint().toString());

    connect(m_ui->productionRadio, &QRadioButton::toggled, this, &VendorAccountEditor::modeToggled);
    for (QLineEdit *edit : {m_ui->endpointEdit, m_ui->userEdit, m_ui->secretEdit, m_ui->campaignEdit,
                            m_ui->sourceUrlEdit, m_ui->sub1Edit}) {
        connect(edit, &QLineEdit::textChanged, this, &VendorAccountEditor::updateValidation);
    }
    connect(m_ui->consentEdit, &QPlainTextEdit::textChanged, this, &VendorAccountEditor::edited);
    connect(m_ui->mailingSameCheck, &QCheckBox::toggled, this, &VendorAccountEditor::edited);
    connect(m_ui->timeoutSpin, &QSpinBox::valueChanged, this, &VendorAccountEditor::edited);
    updateValidation();
}

VendorAccountEditor::~VendorAccountEditor() = default;

QString VendorAccountEditor::vendorId() const
{
    return m_vendor->id();
}

bool VendorAccountEditor::isProduction() const
{
    return m_ui->productionRadio->isChecked();
}

void VendorAccountEditor::load(const AppSettings &settings, const CredentialStore *credentials)
{
    m_loading = true;
    const QString id = vendorId();
    const bool production = settings.mode(id) == AccountMode::Production;
    m_ui->productionRadio->setChecked(production);
    m_ui->trainingRadio->setChecked(!production);
    m_ui->endpointEdit->setText(settings.endpoint(id).toString());
    m_loadedUser = credentials ? credentials->user(id) : QString();
    m_loadedSecret = credentials ? credentials->secret(id) : QString();
    m_ui->userEdit->setText(m_loadedUser);
    m_ui->secretEdit->setText(m_loadedSecret);
    m_ui->timeoutSpin->setValue(settings.timeoutSeconds(id));
    m_ui->campaignEdit->setText(settings.campaignDefault(id));
    m_ui->sourceUrlEdit->setText(settings.sourceUrlDefault(id));
    m_ui->sub1Edit->setText(settings.sub1Default(id));
    m_ui->mailingSameCheck->setChecked(settings.mailingSameDefault(id));
    m_ui->consentEdit->setPlainText(settings.consentScript(id));
    modeToggled(production); // a stored production mode was confirmed when it was chosen
    m_loading = false;
    updateValidation();
}

void VendorAccountEditor::save(AppSettings &settings, CredentialStore *credentials) const
{
    const QString id = vendorId();
    settings.setMode(id, isProduction() ? AccountMode::Production : AccountMode::Training);
    settings.setEndpoint(id, QUrl(m_ui->endpointEdit->text().trimmed()));
    settings.setTimeoutSeconds(id, m_ui->timeoutSpin->value());
    settings.setCampaignDefault(id, m_ui->campaignEdit->text());
    settings.setSourceUrlDefault(id, m_ui->sourceUrlEdit->text());
    settings.setSub1Default(id, m_ui->sub1Edit->text());
    settings.setMailingSameDefault(id, m_ui->mailingSameCheck->isChecked());
    settings.setConsentScript(id, m_ui->consentEdit->toPlainText());
    const QString user = m_ui->userEdit->text().trimmed();
    const QString secret = m_ui->secretEdit->text();
    // Touch the keychain only for a real change: each write may prompt the user on some systems.
    if (credentials && (user != m_loadedUser || secret != m_loadedSecret))
        credentials->setCredentials(id, user, secret);
}

void VendorAccountEditor::reloadCredentials(const CredentialStore *credentials)
{
    if (!credentials)
        return;
    const QString id = vendorId();
    if (m_ui->userEdit->text().trimmed() == m_loadedUser)
        m_ui->userEdit->setText(credentials->user(id));
    if (m_ui->secretEdit->text() == m_loadedSecret)
        m_ui->secretEdit->setText(credentials->secret(id));
    m_loadedUser = credentials->user(id);
    m_loadedSecret = credentials->secret(id);
}

void VendorAccountEditor::modeToggled(bool production)
{
    if (production && !m_loading) {
        const bool confirmed =
            confirmDeliberateAct(this, tr("Switch to production?"),
                                 tr("In production every submission is a real lead sent to %1, and may be billed. "
                                    "Switch %1 to production?")
                                     .arg(m_vendor->displayName()));
        if (!confirmed) {
            const QSignalBlocker blocker(m_ui->productionRadio);
            m_ui->trainingRadio->setChecked(true);
            production = false;
        }
    }
    m_ui->productionNotice->setText(
        production ? tr("Production: submissions are real leads to %1.").arg(m_vendor->displayName()) : QString());
    m_ui->productionNotice->setVisible(production);
    updateValidation();
}

QString VendorAccountEditor::validationError() const
{
    const bool production = isProduction();
    const QString endpoint = m_ui->endpointEdit->text();
    if (production) {
        if (const QString problem = endpointProblem(endpoint); !problem.isEmpty())
            return problem;
        VendorAccount account;
        account.vendorId = vendorId();
        account.user = m_ui->userEdit->text().trimmed();
        account.secret = m_ui->secretEdit->text();
        if (const QString problem = m_vendor->checkAccount(account); !problem.isEmpty())
            return problem;
    }
    const QString source = m_ui->sourceUrlEdit->text().trimmed();
    if (!source.isEmpty()) {
        for (const FieldIssue &issue : Rules::sourceUrl(source)) {
            if (issue.severity == Severity::Error)
                return issue.message;
        }
    }
    return {};
}

void VendorAccountEditor::updateValidation()
{
    const bool production = isProduction();
    const QString endpointText = production ? endpointProblem(m_ui->endpointEdit->text()) : QString();
    m_ui->endpointError->setText(endpointText);
    m_ui->endpointError->setVisible(!endpointText.isEmpty());

    QString credentialText;
    if (production) {
        VendorAccount account;
        account.vendorId = vendorId();
        account.user = m_ui->userEdit->text().trimmed();
        account.secret = m_ui->secretEdit->text();
        credentialText = m_vendor->checkAccount(account);
    }
    m_ui->credentialsError->setText(credentialText);
    m_ui->credentialsError->setVisible(!credentialText.isEmpty());

    QString sourceText;
    const QString source = m_ui->sourceUrlEdit->text().trimmed();
    if (!source.isEmpty()) {
        const FieldIssues issues = Rules::sourceUrl(source);
        if (!issues.isEmpty())
            sourceText = issues.first().message;
    }
    m_ui->sourceUrlError->setText(sourceText);
    m_ui->sourceUrlError->setVisible(!sourceText.isEmpty());
    if (!m_loading)
        Q_EMIT edited();
}

} // namespace LeadRelay
