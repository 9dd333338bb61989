// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FieldIssue.h"
#include "Lead.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QStringList>

namespace LeadRelay
{

// What a vendor needs of a lead: plain required keys, and groups of which at least one must be filled.
struct VendorRequirements
{
    QStringList required;
    QList<QStringList> atLeastOneOf;
    bool consentRequired = false; // every consent question needs an explicit answer
    bool isRequired(const QString &key) const;
};

// Field rules (SPEC-DECISIONS.md). Pure functions: the widget calls them on every change and shows the result.
// Each returns the issues of one field (empty: fine). An empty value is not an issue here: whether a field is
// required is the vendor's business (see validate()).
namespace Rules
{
FieldIssues phone(const QString &value, const QString &field = Key::Phone);
FieldIssues email(const QString &value);
FieldIssues state(const QString &value, const QString &field = Key::State);
FieldIssues zip(const QString &value, const QString &state, const QString &field = Key::Zip);
FieldIssues dob(const QString &value, const QDate &today);
FieldIssues ip(const QString &value);
FieldIssues sourceUrl(const QString &value);
FieldIssues trustedFormCertUrl(const QString &value);
FieldIssues jornayaLeadId(const QString &value);
FieldIssues name(const QString &value, const QString &field);
// Free text (street, city, utility, sub1...): not only spaces, no control characters, a sane length.
FieldIssues text(const QString &value, const QString &field);
} // namespace Rules

class LeadValidator
{
public:
    // Consent texts travel with every submission (N3) and are stored with it. A spoken question, even a long
    // TCPA disclosure, fits in 1,000 characters; an answer is "Yes" or "No" or a short note; a script read on a
    // call has a handful of questions. Far above that is a pasted document or an attack, not a consent.
    static constexpr qsizetype MaxConsentQuestionLength = 1000;
    static constexpr qsizetype MaxConsentAnswerLength = 100;
    static constexpr qsizetype MaxConsentEntries = 50;

    // Issues of one field of the lead, including cross-field checks (ZIP against state).
    static FieldIssues validateField(const Lead &lead, const QString &key, const QDate &today);
    // Every field rule plus the vendor's required fields and either-or groups.
    static FieldIssues validate(const Lead &lead, const VendorRequirements &requirements, const QDate &today);

    // Messages are translated in the "LeadValidator" context. Last, because the macro ends with "private:".
    Q_DECLARE_TR_FUNCTIONS(LeadValidator)
};

// 10 digits for a valid US number, else empty. Accepts any common format, +1 and 1 prefixes.
QString normalizedPhone(const QString &input);
// "(310) 555-1212" for what the agent has typed so far; digits that do not fit are kept as typed.
QString formatPhoneAsTyped(const QString &input);
// libphonenumber reads the metadata of every region on its first use (about 31 million instructions, some 10 ms):
// without this, the agent's first digit in a phone field would wait for it. main.cpp calls it on a worker thread once
// the window is painted (issue 13, cold start). Safe on any thread: a phone rule used in the meantime waits for the
// one build (the library's singleton), so a digit typed meanwhile is formatted a moment late, never lost.
void loadPhoneRules();
// Whether the metadata is built (by loadPhoneRules() or a phone rule): the cold-start test checks it is not before
// the first paint.
bool phoneRulesLoaded();

// The US states, DC and territories (PR, VI, GU, AS, MP), upper case. Rules::state() accepts any case
// (vendor adapters send state.trimmed().toUpper()); isUsStateCode() wants the upper-case code.
const QStringList &usStateCodes();
bool isUsStateCode(const QString &code);
// The state codes whose ZIP codes start with this 3-digit prefix; empty when the prefix is unassigned.
QStringList statesForZipPrefix(const QString &prefix);

} // namespace LeadRelay
