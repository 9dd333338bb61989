// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Clock.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTime>

namespace LeadRelay
{

// One calling-window rule of the data file (resources/data/calling-rules.json): a jurisdiction allows calls on
// these ISO weekdays (1 = Monday) from start (inclusive) to end (exclusive), local time at the consumer's
// address, between two dates. LeadRelay gives no legal advice: the rules are data, each with its source.
struct CallingRule
{
    QString jurisdiction; // "US" or a state code
    QList<int> days;
    QTime start;
    QTime end;
    QDate effectiveFrom;
    QDate effectiveTo; // invalid: open-ended
    QString text;
    QString source;

    bool inEffectOn(QDate date) const;
    QJsonObject toJson() const;
};

// A set of calling-window rules as shipped (built in) or as a newer file gives them.
class CallingRules
{
public:
    QString id;
    QString published;
    QString notice; // "LeadRelay gives no legal advice…", shown with the rules
    QString origin; // where the set came from: "built-in" or a file's path
    QList<CallingRule> rules;

    bool isEmpty() const { return rules.isEmpty(); }
    // Parses the data file's JSON; an empty set with *error on anything malformed (a half-read rule set must
    // never silently allow more than it says).
    static CallingRules fromJson(const QByteArray &json, QString *error);
    // The set compiled into the application (Qt resource).
    static const CallingRules &builtIn();
    // Rules in effect on date for the US and for this state.
    QList<CallingRule> applicable(const QString &state, QDate date) const;
};

// Where the consumer is, in time: the IANA zones of a service address. Usually one; more than one where a ZIP
// prefix straddles a time-zone line (then the window must hold in every one of them).
namespace ConsumerTimeZone
{
QStringList zonesFor(const QString &state, const QString &zip);
}

// The answer of CallingWindow::check(), kept with the consent record (toJson()).
struct CallingWindowCheck
{
    QString ruleSetId;
    QString ruleSetOrigin;
    QString jurisdiction;       // the consumer's state ("" when unknown)
    QDateTime checkedAtUtc;     // the injected clock's now
    QDateTime consumerLocal;    // in timeZone
    QString timeZone;           // IANA id the local time is given in (the first zone that fails, if any)
    QStringList candidateZones; // every zone the address may be in
    bool zoneKnown = false;
    bool inside = false;
    QList<CallingRule> applied; // the rules in effect for that day (US and the state)
    QString notice;
    // Set by the form when the agent recorded consent outside the window after reading the warning.
    bool acknowledged = false;
    QString acknowledgedBy;
    QDateTime acknowledgedAtUtc;

    // The warning the agent reads, in plain words (empty when inside).
    QString message() const;
    // e.g. "8:00–20:00 (FL), 8:00–21:00 (US)": the window that applies today.
    QString windowText() const;
    QJsonObject toJson() const;
};

// Tells whether now is inside the consumer's calling window. Pure: the rules and the clock are injected.
class CallingWindow
{
public:
    explicit CallingWindow(CallingRules rules = CallingRules::builtIn(), Clock clock = systemClock());
    CallingWindowCheck check(const QString &state, const QString &zip) const;
    CallingWindowCheck checkAt(const QString &state, const QString &zip, const QDateTime &utc) const;
    const CallingRules &rules() const { return m_rules; }

private:
    CallingRules m_rules;
    Clock m_clock;
};

} // namespace LeadRelay
