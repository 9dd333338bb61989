// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FormSection.h"

#include <memory>

namespace Ui
{
class DealSection;
}

namespace LeadRelay
{

class DealSection : public FormSection
{
    Q_OBJECT

public:
    explicit DealSection(QWidget *parent = nullptr);
    ~DealSection() override;

private:
    std::unique_ptr<Ui::DealSection> m_ui;
};

} // namespace LeadRelay
