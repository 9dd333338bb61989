// SPDX-License-Identifier: GPL-3.0-or-later
#include "VendorPicker.h"

#include "PngIcons.h"
#include "ui_VendorPicker.h"

#include <QIcon>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

VendorPicker::VendorPicker(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::VendorPicker>())
{
    m_ui->setupUi(this);
    for (const Vendor *vendor : allVendors())
        m_ui->vendor->addItem(vendor->displayName(), vendor->id());
    connect(m_ui->vendor, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT vendorChanged(currentVendor()); });
    setMode(AccountMode::Training);
}

VendorPicker::~VendorPicker() = default;

const Vendor *VendorPicker::currentVendor() const
{
    return vendorById(m_ui->vendor->currentData().toString());
}

void VendorPicker::setCurrentVendor(const QString &vendorId)
{
    const int index = m_ui->vendor->findData(vendorId);
    if (index >= 0)
        m_ui->vendor->setCurrentIndex(index);
}

void VendorPicker::setMode(AccountMode mode)
{
    m_mode = mode;
    const bool training = mode == AccountMode::Training;
    const QString name = currentVendor() ? currentVendor()->displayName() : QString();
    // Pre-rendered (resources/icons/prerendered, with @2x): on the first screen, an SVG would load Qt's SVG icon
    // engine before the first paint (issue 13).
    m_ui->mode_icon->setPixmap(
        pngIcon(training ? u":/icons/prerendered/training.png"_s : u":/icons/prerendered/production.png"_s)
            .pixmap(QSize(28, 22)));
    m_ui->mode_badge->setText(training ? tr("TRAINING") : tr("PRODUCTION"));
    m_ui->mode_badge->setProperty("mode", training ? u"training"_s : u"production"_s);
    // Training is loud (nothing reaches a real vendor); production is the normal case and stays plain.
    m_ui->mode_badge->setStyleSheet(training ? u"QLabel { background: #f57c00; color: white; font-weight: bold;"
                                               u" padding: 3px 10px; border-radius: 4px; }"_s
                                             : u"QLabel { font-weight: bold; padding: 3px 6px; }"_s);
    m_ui->mode_detail->setText(training
                                   ? tr("Leads go to the built-in %1 simulator; nothing is sold or billed.").arg(name)
                                   : tr("Leads go to %1 for real and may be billed.").arg(name));
    m_ui->mode_badge->setAccessibleName(m_ui->mode_badge->text() + u' ' + m_ui->mode_detail->text());
}

QString VendorPicker::badgeText() const
{
    return m_ui->mode_badge->text();
}

} // namespace LeadRelay
