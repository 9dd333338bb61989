// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to the rule implementations in core: small helpers so each rule reads as a list of checks.

#include "FieldIssue.h"

#include <QString>

namespace LeadRelay::RuleSupport
{

inline FieldIssues error(const QString &field, const QString &message)
{
    return {FieldIssue{field, Severity::Error, message}};
}

inline FieldIssue warningIssue(const QString &field, const QString &message)
{
    return FieldIssue{field, Severity::Warning, message};
}

inline FieldIssues warning(const QString &field, const QString &message)
{
    return {warningIssue(field, message)};
}

inline bool hasControlCharacter(const QString &value)
{
    for (const QChar ch : value) {
        if (ch.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

inline bool hasWhitespace(const QString &value)
{
    for (const QChar ch : value) {
        if (ch.isSpace())
            return true;
    }
    return false;
}

} // namespace LeadRelay::RuleSupport
