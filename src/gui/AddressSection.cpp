// SPDX-License-Identifier: GPL-3.0-or-later
#include "AddressSection.h"

#include "FieldFeedback.h"
#include "ui_AddressSection.h"

#include <QLineEdit>
#include <QValidator>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
// State codes are upper case; doing it while typing saves the agent a Shift and a correction.
class UpperCaseValidator : public QValidator
{
public:
    using QValidator::QValidator;
    State validate(QString &input, int &) const override
    {
        input = input.toUpper();
        return Acceptable;
    }
};

const QStringList &addressKeys()
{
    static const QStringList keys{u"street"_s, u"city"_s, u"state"_s, u"zip"_s};
    return keys;
}
} // namespace

AddressSection::AddressSection(Kind kind, QWidget *parent)
    : FormSection(parent)
    , m_ui(std::make_unique<Ui::AddressSection>())
    , m_kind(kind)
{
    m_ui->setupUi(this);
    m_ui->state->setValidator(new UpperCaseValidator(m_ui->state));
    if (kind == Kind::Mailing) {
        m_ui->group->setTitle(tr("Mailing address"));
        setObjectName(u"mailing_address"_s);
        // The same form, under the mailing keys, so tests and validation address them by their lead key.
        for (const QString &key : addressKeys()) {
            findChild<QLineEdit *>(key)->setObjectName(prefixed(key));
            findChild<QLabel *>(key + u"_label"_s)->setObjectName(prefixed(key) + u"_label"_s);
            findChild<QLabel *>(key + u"_message"_s)->setObjectName(prefixed(key) + u"_message"_s);
        }
        connect(m_ui->mailing_same_as_service, &QCheckBox::toggled, this, [this] {
            applySame();
            Q_EMIT edited(Key::MailingSame);
        });
    } else {
        setObjectName(u"service_address"_s);
        // Only the mailing address can follow another one; one widget per lead key in the whole form.
        delete m_ui->mailing_same_as_service;
        m_ui->mailing_same_as_service = nullptr;
    }
    bindLineEdits();
}

AddressSection::~AddressSection() = default;

QString AddressSection::prefixed(const QString &key) const
{
    return m_kind == Kind::Mailing ? u"mailing_"_s + key : key;
}

void AddressSection::followService(AddressSection *service)
{
    m_service = service;
    connect(service, &FormSection::edited, this, [this] {
        if (sameAsService())
            applySame();
    });
}

bool AddressSection::sameAsService() const
{
    return m_ui->mailing_same_as_service && m_ui->mailing_same_as_service->isChecked();
}

void AddressSection::setSameAsService(bool same)
{
    if (m_kind != Kind::Mailing)
        return;
    const QSignalBlocker blocker(m_ui->mailing_same_as_service);
    m_ui->mailing_same_as_service->setChecked(same);
    applySame();
}

void AddressSection::applySame()
{
    const bool same = sameAsService();
    for (const QString &key : addressKeys()) {
        QLineEdit *edit = lineEdit(prefixed(key));
        edit->setReadOnly(same);
        edit->setClearButtonEnabled(!same);
        // Locked copies are skipped by Tab: the agent goes straight on to the next thing to type.
        edit->setFocusPolicy(same ? Qt::ClickFocus : Qt::StrongFocus);
        if (same && m_service)
            edit->setText(m_service->lineEdit(key)->text());
    }
}

QList<QWidget *> AddressSection::tabChain() const
{
    QList<QWidget *> chain = FormSection::tabChain();
    if (m_kind == Kind::Mailing)
        chain.prepend(m_ui->mailing_same_as_service);
    return chain;
}

void AddressSection::writeTo(Lead &lead) const
{
    FormSection::writeTo(lead);
    if (m_kind == Kind::Mailing)
        lead.mailingSameAsService = sameAsService();
}

void AddressSection::readFrom(const Lead &lead)
{
    FormSection::readFrom(lead);
    if (m_kind == Kind::Mailing) {
        const QSignalBlocker blocker(m_ui->mailing_same_as_service);
        m_ui->mailing_same_as_service->setChecked(lead.mailingSameAsService);
        applySame();
    }
}

void AddressSection::clear()
{
    FormSection::clear();
    if (m_kind == Kind::Mailing) {
        const QSignalBlocker blocker(m_ui->mailing_same_as_service);
        m_ui->mailing_same_as_service->setChecked(false);
        applySame();
    }
}

} // namespace LeadRelay
