// SPDX-License-Identifier: GPL-3.0-or-later
#include "CustomerSection.h"

#include "ui_CustomerSection.h"

#include "core/LeadValidator.h"

#include <QLineEdit>

namespace LeadRelay
{

CustomerSection::CustomerSection(QWidget *parent)
    : FormSection(parent)
    , m_ui(std::make_unique<Ui::CustomerSection>())
{
    m_ui->setupUi(this);
    // Connected before bindLineEdits() so the form validates the formatted text.
    connect(m_ui->phone, &QLineEdit::textEdited, this, [this](const QString &text) { reformatPhone(text); });
    bindLineEdits();
}

// "(310) 555-1212" as the agent types, with the cursor kept after the same number of digits.
void CustomerSection::reformatPhone(const QString &text)
{
    QLineEdit *edit = m_ui->phone;
    QString formatted = formatPhoneAsTyped(text);
    // After a deletion, punctuation the formatter would add back at the end would make Backspace do nothing.
    if (text.size() < m_lastPhone.size())
        while (!formatted.isEmpty() && !formatted.back().isDigit())
            formatted.chop(1);
    m_lastPhone = formatted;
    if (formatted == text)
        return;
    const int cursor = edit->cursorPosition();
    qsizetype digitsBefore = 0;
    for (qsizetype i = 0; i < cursor && i < text.size(); ++i)
        if (text.at(i).isDigit())
            ++digitsBefore;
    edit->setText(formatted);
    qsizetype position = 0;
    for (qsizetype seen = 0; position < formatted.size() && seen < digitsBefore; ++position)
        if (formatted.at(position).isDigit())
            ++seen;
    // Past the punctuation that follows the last digit typed, as the agent expects when typing at the end.
    if (cursor >= text.size())
        position = formatted.size();
    edit->setCursorPosition(int(position));
}

CustomerSection::~CustomerSection() = default;

} // namespace LeadRelay
