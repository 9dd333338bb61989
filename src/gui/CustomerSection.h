// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FormSection.h"

#include <memory>

namespace Ui
{
class CustomerSection;
}

namespace LeadRelay
{

class CustomerSection : public FormSection
{
    Q_OBJECT

public:
    explicit CustomerSection(QWidget *parent = nullptr);
    ~CustomerSection() override;

private:
    void reformatPhone(const QString &text);

    std::unique_ptr<Ui::CustomerSection> m_ui;
    QString m_lastPhone;
};

} // namespace LeadRelay
