// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConsentRecord.h"

#include "HistorySql.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

QString ConsentScript::reference() const
{
    return id + u"-v"_s + QString::number(version);
}

std::optional<std::pair<QString, int>> ConsentScript::parseReference(const QString &reference)
{
    static const QRegularExpression pattern(u"^(.+)-v([1-9][0-9]{0,8})$"_s);
    const QRegularExpressionMatch match = pattern.match(reference);
    if (!match.hasMatch())
        return std::nullopt;
    return std::pair<QString, int>{match.captured(1), match.captured(2).toInt()};
}

QJsonObject ConsentScript::toJson() const
{
    return {
        {u"id"_s, id},
        {u"version"_s, version},
        {u"language"_s, language},
        {u"title"_s, title},
        {u"disclosure"_s, disclosure},
        {u"questions"_s, QJsonArray::fromStringList(questions)},
        {u"sellers"_s, QJsonArray::fromStringList(sellers)},
        {u"purpose"_s, purpose},
        {u"created_at"_s, HistorySql::timeValue(createdAt).toString()},
        {u"created_by"_s, createdBy},
    };
}

namespace ConsentEvidence
{

QJsonObject content(const Lead &lead, const std::optional<ConsentScript> &script, const ConsentContext &context)
{
    QJsonArray answers;
    QStringList asked;
    for (const ConsentAnswer &answer : lead.consent) {
        answers.append(QJsonObject{{u"question"_s, answer.question}, {u"answer"_s, answer.answer}});
        asked << answer.question;
    }
    QJsonObject scriptJson;
    if (script) {
        scriptJson = script->toJson();
        scriptJson.insert(u"text_known"_s, true);
    } else {
        // An older form's script (or one typed into the account settings) is not in the history: the record says
        // so rather than pretend, and keeps the questions as they were answered.
        scriptJson = QJsonObject{{u"id"_s, lead.consentScript},
                                 {u"version"_s, 0},
                                 {u"questions"_s, QJsonArray::fromStringList(asked)},
                                 {u"text_known"_s, false}};
    }
    const QString name = QString(lead.firstName.trimmed() + u' ' + lead.lastName.trimmed()).trimmed();
    const QJsonValue localTime = context.callingWindow.value(u"consumer_local_time"_s);
    return {
        {u"format"_s, QString::fromLatin1(Format)},
        {u"script"_s, scriptJson},
        {u"answers"_s, answers},
        {u"consumer_name"_s, name},
        // Exactly as typed: the number the consumer agreed to be called at (not a normalised form of it).
        {u"phone_consented"_s, lead.phone},
        {u"sellers_named"_s, QJsonArray::fromStringList(script ? script->sellers : QStringList())},
        {u"purpose"_s, script ? script->purpose : QString()},
        {u"recorded_at_utc"_s, HistorySql::timeValue(lead.consentRecordedAt).toString()},
        {u"consumer_local_time"_s, localTime.isString() ? localTime : QJsonValue(QJsonValue::Null)},
        {u"calling_window"_s, context.callingWindow},
        {u"calling_rule_set"_s, context.callingWindow.value(u"rule_set_id"_s).toString()},
        {u"dnc"_s, context.dnc},
        {u"agent"_s, lead.agent},
        {u"desk"_s, context.desk},
        {u"campaign"_s, lead.campaign},
        {u"app_version"_s, context.appVersion},
    };
}

QStringList contentKeys()
{
    return {u"format"_s,
            u"script"_s,
            u"answers"_s,
            u"consumer_name"_s,
            u"phone_consented"_s,
            u"sellers_named"_s,
            u"purpose"_s,
            u"recorded_at_utc"_s,
            u"consumer_local_time"_s,
            u"calling_window"_s,
            u"calling_rule_set"_s,
            u"dnc"_s,
            u"agent"_s,
            u"desk"_s,
            u"campaign"_s,
            u"app_version"_s,
            u"submission_id"_s,
            u"stored_at_utc"_s};
}

} // namespace ConsentEvidence
} // namespace LeadRelay
