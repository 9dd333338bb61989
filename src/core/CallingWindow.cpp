// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallingWindow.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

const QStringList dayKeys = {u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s, u"sun"_s};

QString hhmm(QTime time)
{
    return time.toString(u"HH:mm"_s);
}

QDate dateValue(const QJsonValue &value, bool *ok)
{
    if (value.isNull() || value.isUndefined())
        return QDate();
    const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
    if (!date.isValid())
        *ok = false;
    return date;
}

bool parseRule(const QJsonObject &object, CallingRule *rule)
{
    bool ok = true;
    rule->jurisdiction = object.value(u"jurisdiction"_s).toString().trimmed().toUpper();
    for (const QJsonValue &day : object.value(u"days"_s).toArray()) {
        const int index = int(dayKeys.indexOf(day.toString().toLower()));
        if (index < 0)
            return false;
        rule->days.append(index + 1);
    }
    rule->start = QTime::fromString(object.value(u"start"_s).toString(), u"HH:mm"_s);
    rule->end = QTime::fromString(object.value(u"end"_s).toString(), u"HH:mm"_s);
    rule->effectiveFrom = dateValue(object.value(u"effective_from"_s), &ok);
    rule->effectiveTo = dateValue(object.value(u"effective_to"_s), &ok);
    rule->text = object.value(u"text"_s).toString();
    rule->source = object.value(u"source"_s).toString();
    // A rule without a source is not shown to anyone as law.
    return ok && !rule->jurisdiction.isEmpty() && !rule->days.isEmpty() && rule->start.isValid() &&
           rule->end.isValid() && rule->start < rule->end && rule->effectiveFrom.isValid() &&
           !rule->source.trimmed().isEmpty();
}

} // namespace

bool CallingRule::inEffectOn(QDate date) const
{
    return date >= effectiveFrom && (!effectiveTo.isValid() || date <= effectiveTo);
}

QJsonObject CallingRule::toJson() const
{
    QJsonArray dayArray;
    for (int day : days)
        dayArray.append(dayKeys.at(day - 1));
    return QJsonObject{
        {u"jurisdiction"_s, jurisdiction},
        {u"days"_s, dayArray},
        {u"start"_s, hhmm(start)},
        {u"end"_s, hhmm(end)},
        {u"effective_from"_s, effectiveFrom.toString(Qt::ISODate)},
        {u"effective_to"_s, effectiveTo.isValid() ? QJsonValue(effectiveTo.toString(Qt::ISODate)) : QJsonValue()},
        {u"text"_s, text},
        {u"source"_s, source},
    };
}

CallingRules CallingRules::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        *error = QCoreApplication::translate("LeadRelay::CallingWindow", "The calling rules are not a JSON object: %1")
                     .arg(parseError.errorString());
        return {};
    }
    const QJsonObject root = document.object();
    CallingRules set;
    set.id = root.value(u"rule_set_id"_s).toString();
    set.published = root.value(u"published"_s).toString();
    set.notice = root.value(u"notice"_s).toString();
    const QJsonArray rules = root.value(u"rules"_s).toArray();
    for (qsizetype i = 0; i < rules.size(); ++i) {
        CallingRule rule;
        if (!parseRule(rules.at(i).toObject(), &rule)) {
            *error = QCoreApplication::translate("LeadRelay::CallingWindow",
                                                 "Calling rule %1 is incomplete (jurisdiction, days, start before end, "
                                                 "effective_from and source are required).")
                         .arg(i + 1);
            return {};
        }
        set.rules.append(rule);
    }
    if (set.id.isEmpty() || set.rules.isEmpty()) {
        *error = QCoreApplication::translate("LeadRelay::CallingWindow",
                                             "The calling rules have no rule_set_id or no rules.");
        return {};
    }
    return set;
}

const CallingRules &CallingRules::builtIn()
{
    static const CallingRules set = [] {
        QFile file(u":/leadrelay/data/calling-rules.json"_s);
        QString error;
        CallingRules rules = file.open(QIODevice::ReadOnly) ? fromJson(file.readAll(), &error) : CallingRules();
        rules.origin = u"built-in"_s;
        return rules;
    }();
    return set;
}

QList<CallingRule> CallingRules::applicable(const QString &state, QDate date) const
{
    QList<CallingRule> result;
    for (const CallingRule &rule : rules) {
        if ((rule.jurisdiction == u"US"_s || rule.jurisdiction == state) && rule.inEffectOn(date))
            result.append(rule);
    }
    return result;
}

CallingWindow::CallingWindow(CallingRules rules, Clock clock)
    : m_rules(std::move(rules))
    , m_clock(std::move(clock))
{}

CallingWindowCheck CallingWindow::check(const QString &state, const QString &zip) const
{
    return checkAt(state, zip, m_clock());
}

namespace
{

// Inside when every jurisdiction with a rule in effect on that date has one for this weekday whose window
// holds the time (start inclusive, end exclusive: 21:00:00 is already "after 9 p.m.").
bool insideAt(const QList<CallingRule> &rules, const QDateTime &local, QList<CallingRule> *applied)
{
    QStringList jurisdictions;
    for (const CallingRule &rule : rules) {
        if (!jurisdictions.contains(rule.jurisdiction))
            jurisdictions.append(rule.jurisdiction);
    }
    const int weekday = local.date().dayOfWeek();
    const QTime time = local.time();
    bool inside = true;
    for (const QString &jurisdiction : std::as_const(jurisdictions)) {
        bool allowed = false;
        for (const CallingRule &rule : rules) {
            if (rule.jurisdiction != jurisdiction || !rule.days.contains(weekday))
                continue;
            applied->append(rule);
            if (time >= rule.start && time < rule.end)
                allowed = true;
        }
        inside = inside && allowed;
    }
    return inside;
}

} // namespace

CallingWindowCheck CallingWindow::checkAt(const QString &stateInput, const QString &zip, const QDateTime &utc) const
{
    CallingWindowCheck result;
    const QString state = stateInput.trimmed().toUpper();
    result.ruleSetId = m_rules.id;
    result.ruleSetOrigin = m_rules.origin;
    result.notice = m_rules.notice;
    result.jurisdiction = state;
    result.checkedAtUtc = utc.toUTC();
    result.candidateZones = ConsumerTimeZone::zonesFor(state, zip);
    bool first = true;
    bool inside = true;
    for (const QString &zoneId : std::as_const(result.candidateZones)) {
        const QTimeZone zone(zoneId.toLatin1());
        if (!zone.isValid())
            continue;
        const QDateTime local = utc.toTimeZone(zone);
        QList<CallingRule> applied;
        const bool here = insideAt(m_rules.applicable(state, local.date()), local, &applied);
        // Report the zone that fails, so the agent sees the local time that matters.
        if (first || (inside && !here)) {
            result.consumerLocal = local;
            result.timeZone = zoneId;
            result.applied = applied;
        }
        first = false;
        inside = inside && here;
        result.zoneKnown = true;
    }
    // Without a known local time nothing proves the call is inside: the agent is warned.
    result.inside = result.zoneKnown && inside;
    return result;
}

QString CallingWindowCheck::windowText() const
{
    QStringList parts;
    for (const CallingRule &rule : applied)
        parts.append(u"%1–%2 (%3)"_s.arg(hhmm(rule.start), hhmm(rule.end), rule.jurisdiction));
    return parts.join(u", "_s);
}

QString CallingWindowCheck::message() const
{
    if (inside)
        return QString();
    if (!zoneKnown)
        return QCoreApplication::translate(
            "LeadRelay::CallingWindow",
            "The consumer's local time is unknown (no valid state and ZIP in the service address), so "
            "LeadRelay cannot tell whether this call is inside the calling window.");
    const QString local = consumerLocal.toString(u"ddd HH:mm"_s);
    if (applied.isEmpty())
        return QCoreApplication::translate(
                   "LeadRelay::CallingWindow",
                   "It is %1 for the consumer (%2): no calling window allows calls on this day.")
            .arg(local, timeZone);
    QStringList sources;
    for (const CallingRule &rule : applied) {
        if (!sources.contains(rule.source))
            sources.append(rule.source);
    }
    return QCoreApplication::translate("LeadRelay::CallingWindow",
                                       "It is %1 for the consumer (%2), outside the calling window %3. Sources: %4.")
        .arg(local, timeZone, windowText(), sources.join(u"; "_s));
}

QJsonObject CallingWindowCheck::toJson() const
{
    QJsonArray rules;
    QStringList texts;
    QStringList sources;
    for (const CallingRule &rule : applied) {
        rules.append(rule.toJson());
        texts.append(rule.text);
        if (!sources.contains(rule.source))
            sources.append(rule.source);
    }
    QJsonObject object{
        {u"rule_set_id"_s, ruleSetId},
        {u"rule_set_origin"_s, ruleSetOrigin},
        {u"jurisdiction"_s, jurisdiction},
        {u"checked_at_utc"_s, checkedAtUtc.toString(Qt::ISODateWithMs)},
        {u"consumer_local_time"_s, consumerLocal.isValid() ? consumerLocal.toString(Qt::ISODate) : QString()},
        {u"time_zone"_s, timeZone},
        {u"candidate_time_zones"_s, QJsonArray::fromStringList(candidateZones)},
        {u"time_zone_known"_s, zoneKnown},
        {u"inside_window"_s, inside},
        {u"window"_s, windowText()},
        {u"rule_text"_s, texts.join(u' ')},
        {u"source"_s, sources.join(u"; "_s)},
        {u"rules"_s, rules},
        {u"notice"_s, notice},
        {u"acknowledged_outside_window"_s, acknowledged},
    };
    if (acknowledged) {
        object.insert(u"acknowledged_by"_s, acknowledgedBy);
        object.insert(u"acknowledged_at_utc"_s, acknowledgedAtUtc.toString(Qt::ISODateWithMs));
    }
    return object;
}

} // namespace LeadRelay
