// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/FieldIssue.h"

#include <QObject>
#include <QPointer>

class QLabel;
class QWidget;

namespace LeadRelay
{

// Shows the issues of one field: a message under it ("✖ ..." for errors, "⚠ Warning: ..." for warnings, so the
// meaning never rests on colour alone), a coloured frame on the input, and the required mark on its caption.
class FieldFeedback : public QObject
{
    Q_OBJECT

public:
    enum class RequiredMark
    {
        None,
        Required, // " *"
        OneOf,    // " (*)": one field of a group must be filled
    };

    FieldFeedback(const QString &key, QWidget *input, QLabel *caption, QLabel *message, QObject *parent = nullptr);

    QString key() const { return m_key; }
    QWidget *input() const { return m_input; }
    // The caption without the required mark, for the summary.
    QString caption() const { return m_captionText; }

    void setRequired(RequiredMark mark, const QString &description = {});
    RequiredMark requiredMark() const { return m_mark; }

    void setIssues(const FieldIssues &issues);
    FieldIssues issues() const { return m_issues; }
    QString messageText() const;

    // "error", "warning" or "": the dynamic property the form's style sheet colours inputs by.
    static const char *IssueProperty;
    static QString formatIssue(const FieldIssue &issue);

private:
    void updateAccessibleDescription();

    QString m_key;
    QPointer<QWidget> m_input;
    QPointer<QLabel> m_caption;
    QPointer<QLabel> m_message;
    QString m_captionText;
    QString m_baseToolTip;
    QString m_requiredDescription;
    RequiredMark m_mark = RequiredMark::None;
    FieldIssues m_issues;
};

} // namespace LeadRelay
