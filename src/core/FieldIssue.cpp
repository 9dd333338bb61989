// SPDX-License-Identifier: GPL-3.0-or-later
#include "FieldIssue.h"

#include <algorithm>

namespace LeadRelay
{

bool hasErrors(const FieldIssues &issues)
{
    return std::any_of(issues.cbegin(), issues.cend(),
                       [](const FieldIssue &issue) { return issue.severity == Severity::Error; });
}

FieldIssues issuesFor(const FieldIssues &issues, const QString &field)
{
    FieldIssues result;
    std::copy_if(issues.cbegin(), issues.cend(), std::back_inserter(result),
                 [&field](const FieldIssue &issue) { return issue.field == field; });
    return result;
}

} // namespace LeadRelay
