// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FormSection.h"

#include <memory>

namespace Ui
{
class CertificateSection;
}

namespace LeadRelay
{

class CertificateSection : public FormSection
{
    Q_OBJECT

public:
    explicit CertificateSection(QWidget *parent = nullptr);
    ~CertificateSection() override;

private:
    std::unique_ptr<Ui::CertificateSection> m_ui;
};

} // namespace LeadRelay
