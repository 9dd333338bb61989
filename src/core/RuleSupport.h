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

// An unpaired UTF-16 surrogate ("\ud800" in JSON) has no UTF-8 form: the vendor would receive a replacement
// character while the history keeps the original, so such text is refused wherever it enters.
inline bool isValidUnicode(const QString &value)
{
    return QStringView(value).isValidUtf16();
}

inline bool hasNul(const QString &value)
{
    return value.contains(QChar(u'\0'));
}

// Text that cannot be stored and sent as it is (a broken character or a NUL), for every field whatever its own
// rule; empty when fine. Defined in FieldRules.cpp.
FieldIssues unstorableText(const QString &value, const QString &field);
// A NUL, a tab or line break, or another invisible control character, each named; empty when there is none.
FieldIssues controlCharacter(const QString &value, const QString &field);

inline bool hasWhitespace(const QString &value)
{
    for (const QChar ch : value) {
        if (ch.isSpace())
            return true;
    }
    return false;
}

} // namespace LeadRelay::RuleSupport
