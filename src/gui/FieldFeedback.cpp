// SPDX-License-Identifier: GPL-3.0-or-later
#include "FieldFeedback.h"

#include <QLabel>
#include <QStyle>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

const char *FieldFeedback::IssueProperty = "issue";

FieldFeedback::FieldFeedback(const QString &key, QWidget *input, QLabel *caption, QLabel *message, QObject *parent)
    : QObject(parent)
    , m_key(key)
    , m_input(input)
    , m_caption(caption)
    , m_message(message)
{
    if (m_caption)
        m_captionText = m_caption->text();
    if (m_input)
        m_baseToolTip = m_input->toolTip();
    if (m_message) {
        m_message->setObjectName(key + u"_message"_s);
        m_message->clear();
        m_message->setVisible(false);
    }
}

void FieldFeedback::setRequired(RequiredMark mark, const QString &description)
{
    m_mark = mark;
    if (m_caption) {
        switch (mark) {
        case RequiredMark::None:
            m_caption->setText(m_captionText);
            break;
        case RequiredMark::Required:
            m_caption->setText(m_captionText + u" *"_s);
            break;
        case RequiredMark::OneOf:
            m_caption->setText(m_captionText + u" (*)"_s);
            break;
        }
        m_caption->setToolTip(description);
    }
    m_requiredDescription = description;
    updateAccessibleDescription();
}

// Screen readers get what sighted agents see beside the field: whether it is required, and its problems.
void FieldFeedback::updateAccessibleDescription()
{
    if (!m_input)
        return;
    const QString message = messageText();
    m_input->setAccessibleDescription(message.isEmpty()                 ? m_requiredDescription
                                      : m_requiredDescription.isEmpty() ? message
                                                                        : m_requiredDescription + u"; "_s + message);
}

QString FieldFeedback::formatIssue(const FieldIssue &issue)
{
    if (issue.severity == Severity::Warning)
        return tr("⚠ Warning: %1").arg(issue.message);
    return tr("✖ %1").arg(issue.message);
}

void FieldFeedback::setIssues(const FieldIssues &issues)
{
    if (issues == m_issues)
        return;
    m_issues = issues;
    const bool error = hasErrors(issues);
    if (m_message) {
        QStringList lines;
        // Errors first: they are what blocks sending.
        for (const FieldIssue &issue : issues)
            if (issue.severity == Severity::Error)
                lines << formatIssue(issue);
        for (const FieldIssue &issue : issues)
            if (issue.severity == Severity::Warning)
                lines << formatIssue(issue);
        m_message->setText(lines.join(u'\n'));
        m_message->setVisible(!lines.isEmpty());
        m_message->setProperty(IssueProperty, error ? u"error"_s : issues.isEmpty() ? QString() : u"warning"_s);
        m_message->style()->unpolish(m_message);
        m_message->style()->polish(m_message);
    }
    if (m_input) {
        const QString state = error ? u"error"_s : issues.isEmpty() ? QString() : u"warning"_s;
        m_input->setProperty(IssueProperty, state);
        const QString message = messageText();
        m_input->setToolTip(message.isEmpty()         ? m_baseToolTip
                            : m_baseToolTip.isEmpty() ? message
                                                      : m_baseToolTip + u'\n' + message);
        // Dynamic properties only reach the style sheet after a re-polish.
        m_input->style()->unpolish(m_input);
        m_input->style()->polish(m_input);
        m_input->update();
        updateAccessibleDescription();
    }
}

QString FieldFeedback::messageText() const
{
    return m_message ? m_message->text() : QString();
}

} // namespace LeadRelay
