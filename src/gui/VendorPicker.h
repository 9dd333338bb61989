// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "vendors/Vendor.h"

#include <QWidget>

#include <memory>

namespace Ui
{
class VendorPicker;
}

namespace LeadRelay
{

// The vendor the lead goes to, and the mode of that vendor's account: a TRAINING badge that cannot be missed,
// "PRODUCTION" plainly.
class VendorPicker : public QWidget
{
    Q_OBJECT

public:
    explicit VendorPicker(QWidget *parent = nullptr);
    ~VendorPicker() override;

    const Vendor *currentVendor() const;
    void setCurrentVendor(const QString &vendorId);
    void setMode(AccountMode mode);
    AccountMode mode() const { return m_mode; }
    QString badgeText() const;

Q_SIGNALS:
    void vendorChanged(const LeadRelay::Vendor *vendor);

private:
    std::unique_ptr<Ui::VendorPicker> m_ui;
    AccountMode m_mode = AccountMode::Training;
};

} // namespace LeadRelay
