// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace LeadRelay
{

enum class Severity
{
    Error,   // blocks submission
    Warning, // shown, does not block
};

// One problem with one field of a lead: from local validation or from a vendor's rejection.
struct FieldIssue
{
    QString field; // a lead key from LEAD-FORMAT.md, e.g. "phone", "mailing_state"; empty for the lead as a whole
    Severity severity = Severity::Error;
    QString message; // for the agent, in plain words

    bool operator==(const FieldIssue &) const = default;
};

using FieldIssues = QList<FieldIssue>;

bool hasErrors(const FieldIssues &issues);
FieldIssues issuesFor(const FieldIssues &issues, const QString &field);

} // namespace LeadRelay
