// SPDX-License-Identifier: GPL-3.0-or-later
#include "CertificateSection.h"

#include "ui_CertificateSection.h"

namespace LeadRelay
{

CertificateSection::CertificateSection(QWidget *parent)
    : FormSection(parent)
    , m_ui(std::make_unique<Ui::CertificateSection>())
{
    m_ui->setupUi(this);
    bindLineEdits();
}

CertificateSection::~CertificateSection() = default;

} // namespace LeadRelay
