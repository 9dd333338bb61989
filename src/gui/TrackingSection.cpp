// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrackingSection.h"

#include "ui_TrackingSection.h"

namespace LeadRelay
{

TrackingSection::TrackingSection(QWidget *parent)
    : FormSection(parent)
    , m_ui(std::make_unique<Ui::TrackingSection>())
{
    m_ui->setupUi(this);
    bindLineEdits();
}

TrackingSection::~TrackingSection() = default;

} // namespace LeadRelay
