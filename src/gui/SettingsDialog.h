// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Preferences: agent, one account box per vendor (training/production, endpoint, credentials, defaults),
// history (this computer or a team server: HistoryLocationPage), duplicate window, callback receiver, stale hours.
// Inputs are checked inline; OK stays disabled while something is invalid. Usage:
//   SettingsDialog dialog(settings, credentials, this);
//   dialog.exec();   // on accept: settings written (AppSettings::changed per key), credentials to the keychain
// Tests: setNextConfirmAnswer(QMessageBox::Yes) answers the "switch to production?" question without a dialog.

#include <QDialog>
#include <QMessageBox>

#include <memory>
#include <optional>

namespace Ui
{
class SettingsDialog;
}

namespace LeadRelay
{

class AppSettings;
class ConsentScriptsPage;
class CredentialStore;
class HistoryStore;
class HistoryLocationPage;
class VendorAccountEditor;

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(AppSettings *settings, CredentialStore *credentials, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // Test hook: the answer the next confirmation question gets instead of showing a message box.
    static void setNextConfirmAnswer(QMessageBox::StandardButton answer);

    VendorAccountEditor *accountEditor(const QString &vendorId) const;
    // Adds the "Consent scripts" page, reading and writing the scripts in this history.
    void setHistoryStore(HistoryStore *store);
    ConsentScriptsPage *consentScriptsPage() const { return m_scriptsPage; }
    // Empty when every input is acceptable; else the first problem (also shown beside the field).
    QString validationError() const;
    void save();

    void accept() override;

private:
    void load();
    void validate();
    void updateFallbackNotice();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    AppSettings *m_settings;
    CredentialStore *m_credentials;
    QList<VendorAccountEditor *> m_editors;
    HistoryLocationPage *m_historyPage;
    ConsentScriptsPage *m_scriptsPage = nullptr;
};

// Asks a yes/no question, or returns the answer set by SettingsDialog::setNextConfirmAnswer (tests).
bool confirmDeliberateAct(QWidget *parent, const QString &title, const QString &text);

} // namespace LeadRelay
