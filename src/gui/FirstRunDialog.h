// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The first start (issue 11, item 4): the agent's name, required, and each buyer's defaults (campaign, source URL,
// sub1, "mailing same as service"), which then fill every new lead. One short dialog; "Skip: try it in training"
// (or Escape) leaves the accounts in training and asks no more. Usage:
//   FirstRunDialog::offer(&settings, window);   // at start, once the window is painted
// Accepting or skipping writes the settings (AppSettings::changed follows per key).

#include <QDialog>

#include <memory>

class QLineEdit;
class QPushButton;

namespace Ui
{
class FirstRunDialog;
}

namespace LeadRelay
{

class AppSettings;

class FirstRunDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FirstRunDialog(AppSettings *settings, QWidget *parent = nullptr);
    ~FirstRunDialog() override;

    // Neither answered nor skipped before, and no agent name set (an upgraded desk has one).
    static bool isNeeded(const AppSettings &settings);
    // When needed: opens the dialog window-modal over `window` (deleted on close) and gives the window back its
    // activation afterwards, so the cursor is in the form again. Null when not needed.
    static FirstRunDialog *offer(AppSettings *settings, QWidget *window);

    QPushButton *startButton() const;
    QPushButton *skipButton() const;
    QString problem() const; // empty when Start may be pressed

    void accept() override; // Start: writes the name and the defaults
    void reject() override; // Skip: training for every account, nothing else written

private:
    struct VendorFields
    {
        QString vendorId;
        QLineEdit *campaign = nullptr;
        QLineEdit *sourceUrl = nullptr;
        QLineEdit *sub1 = nullptr;
    };

    void addVendor(const QString &vendorId);
    void validate();

    std::unique_ptr<Ui::FirstRunDialog> m_ui;
    AppSettings *m_settings;
    QList<VendorFields> m_vendors;
    QPushButton *m_start = nullptr;
    QPushButton *m_skip = nullptr;
};

} // namespace LeadRelay
