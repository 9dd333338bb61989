// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One vendor's account inside the SettingsDialog (ui/VendorAccountEditor.ui): training/production, endpoint,
// credentials, timeout and the per-account defaults. Switching to production asks for confirmation.

#include <QWidget>

#include <memory>

namespace Ui
{
class VendorAccountEditor;
}

namespace LeadRelay
{

class AppSettings;
class CredentialStore;
class Vendor;

class VendorAccountEditor : public QWidget
{
    Q_OBJECT

public:
    VendorAccountEditor(const Vendor *vendor, QWidget *parent = nullptr);
    ~VendorAccountEditor() override;

    QString vendorId() const;
    void load(const AppSettings &settings, const CredentialStore *credentials);
    void save(AppSettings &settings, CredentialStore *credentials) const;
    // The keychain answered after the dialog opened: fill in its values unless the user already typed others.
    void reloadCredentials(const CredentialStore *credentials);
    QString validationError() const; // empty when fine; also shown inline
    bool isProduction() const;

Q_SIGNALS:
    void edited();

private:
    void modeToggled(bool production);
    void updateValidation();

    std::unique_ptr<Ui::VendorAccountEditor> m_ui;
    const Vendor *m_vendor;
    QString m_loadedUser;
    QString m_loadedSecret;
    bool m_loading = false;
};

} // namespace LeadRelay
