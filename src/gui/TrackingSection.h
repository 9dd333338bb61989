// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FormSection.h"

#include <memory>

namespace Ui
{
class TrackingSection;
}

namespace LeadRelay
{

class TrackingSection : public FormSection
{
    Q_OBJECT

public:
    explicit TrackingSection(QWidget *parent = nullptr);
    ~TrackingSection() override;

private:
    std::unique_ptr<Ui::TrackingSection> m_ui;
};

} // namespace LeadRelay
