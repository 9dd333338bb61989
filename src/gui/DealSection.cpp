// SPDX-License-Identifier: GPL-3.0-or-later
#include "DealSection.h"

#include "ui_DealSection.h"

namespace LeadRelay
{

DealSection::DealSection(QWidget *parent)
    : FormSection(parent)
    , m_ui(std::make_unique<Ui::DealSection>())
{
    m_ui->setupUi(this);
    bindLineEdits();
}

DealSection::~DealSection() = default;

} // namespace LeadRelay
