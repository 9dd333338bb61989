// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FormSection.h"

#include <memory>

namespace Ui
{
class AddressSection;
}

namespace LeadRelay
{

// A postal address. Used twice: the service address, and the mailing address whose inputs carry the
// "mailing_" keys and which can follow the service address ("same as service address": filled, read-only, synced).
class AddressSection : public FormSection
{
    Q_OBJECT

public:
    enum class Kind
    {
        Service,
        Mailing,
    };

    explicit AddressSection(Kind kind, QWidget *parent = nullptr);
    ~AddressSection() override;

    Kind kind() const { return m_kind; }
    // Mailing only: the address copied while "same as service address" is checked.
    void followService(AddressSection *service);
    bool sameAsService() const;
    // The account's default for a new lead: set without counting as the agent's input.
    void setSameAsService(bool same);

    QList<QWidget *> tabChain() const override;
    void writeTo(Lead &lead) const override;
    void readFrom(const Lead &lead) override;
    void clear() override;

private:
    void applySame();
    QString prefixed(const QString &key) const;

    std::unique_ptr<Ui::AddressSection> m_ui;
    Kind m_kind;
    AddressSection *m_service = nullptr;
};

} // namespace LeadRelay
