// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the field-rule tests: a fixed "today", the sample lead, and issues in a form a failure message shows.
#include "../TestData.h"
#include "core/LeadValidator.h"

#include <QDate>
#include <QStringList>

namespace LeadRelay::Test
{

using namespace Qt::StringLiterals;

inline const QDate Today(2026, 11, 22);

inline QString messages(const FieldIssues &issues)
{
    QStringList texts;
    for (const FieldIssue &issue : issues)
        texts << issue.field + u": "_s + issue.message;
    return texts.join(u" | "_s);
}

// "ok", "warning" or "error": the most severe issue, so a row states its expectation in one word.
inline QString verdict(const FieldIssues &issues)
{
    if (hasErrors(issues))
        return u"error"_s;
    return issues.isEmpty() ? u"ok"_s : u"warning"_s;
}

inline FieldIssues errorsOn(const FieldIssues &issues, const QString &field)
{
    FieldIssues result;
    for (const FieldIssue &issue : issues) {
        if (issue.field == field && issue.severity == Severity::Error)
            result.append(issue);
    }
    return result;
}

} // namespace LeadRelay::Test
