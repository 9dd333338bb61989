// SPDX-License-Identifier: GPL-3.0-or-later
#include "FormSection.h"

#include "FieldFeedback.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

FieldFeedback *FormSection::feedback(const QString &key) const
{
    for (FieldFeedback *f : m_feedbacks)
        if (f->key() == key)
            return f;
    return nullptr;
}

QList<QWidget *> FormSection::tabChain() const
{
    QList<QWidget *> chain;
    for (FieldFeedback *f : m_feedbacks)
        if (f->input())
            chain << f->input();
    return chain;
}

QLineEdit *FormSection::lineEdit(const QString &key) const
{
    return findChild<QLineEdit *>(key);
}

void FormSection::bindLineEdits()
{
    for (const QString &key : Lead::textKeys()) {
        QLineEdit *edit = lineEdit(key);
        if (!edit)
            continue;
        bind(key, edit, findChild<QLabel *>(key + u"_label"_s), findChild<QLabel *>(key + u"_message"_s));
        connect(edit, &QLineEdit::textEdited, this, [this, key] { Q_EMIT edited(key); });
        connect(edit, &QLineEdit::editingFinished, this, [this, key] { Q_EMIT left(key); });
    }
    // Tab and summary order follow the rows of the section's grid, i.e. what the agent sees.
    if (auto *grid = findChild<QGridLayout *>(u"grid"_s)) {
        auto rowOf = [grid](FieldFeedback *f) {
            int row = 0, column = 0, rowSpan = 0, columnSpan = 0;
            const int index = f->input() ? grid->indexOf(f->input()) : -1;
            if (index < 0)
                return 1000;
            grid->getItemPosition(index, &row, &column, &rowSpan, &columnSpan);
            return row;
        };
        std::stable_sort(m_feedbacks.begin(), m_feedbacks.end(),
                         [&rowOf](FieldFeedback *a, FieldFeedback *b) { return rowOf(a) < rowOf(b); });
    }
}

FieldFeedback *FormSection::bind(const QString &key, QWidget *input, QLabel *caption, QLabel *message)
{
    auto *f = new FieldFeedback(key, input, caption, message, this);
    m_feedbacks << f;
    return f;
}

void FormSection::writeTo(Lead &lead) const
{
    for (FieldFeedback *f : m_feedbacks)
        if (auto *edit = qobject_cast<QLineEdit *>(f->input()))
            lead.setText(f->key(), edit->text().trimmed());
}

void FormSection::readFrom(const Lead &lead)
{
    for (FieldFeedback *f : m_feedbacks)
        if (auto *edit = qobject_cast<QLineEdit *>(f->input())) {
            edit->setText(lead.text(f->key()));
            // Show the start of long values (URLs), as after typing them.
            edit->setCursorPosition(0);
        }
}

void FormSection::clear()
{
    for (FieldFeedback *f : m_feedbacks) {
        if (auto *edit = qobject_cast<QLineEdit *>(f->input()))
            edit->clear();
        f->setIssues({});
    }
}

} // namespace LeadRelay
