// SPDX-License-Identifier: GPL-3.0-or-later
#include "VendorAnswer.h"

#include "VendorsLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace LeadRelay
{

namespace
{

// Bounds the walk over hostile answers (a list of a million empty lists) independently of MaxTexts.
constexpr int MaxVisitedValues = 10000;
// Numbers above this are not exact in a JSON double, so an id that large would be silently wrong.
constexpr double MaxExactInteger = 9007199254740992.0;

QString cut(const QString &text)
{
    if (text.size() <= VendorAnswer::MaxTextChars)
        return text;
    return text.left(VendorAnswer::MaxTextChars) + u'…';
}

QString numberText(double value)
{
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < MaxExactInteger)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 17);
}

} // namespace

QStringList VendorAnswer::texts(const QJsonValue &value)
{
    QStringList result;
    QList<QJsonValue> pending{value}; // a stack: the last element is taken next
    int visited = 0;
    while (!pending.isEmpty() && result.size() < MaxTexts && visited < MaxVisitedValues) {
        const QJsonValue current = pending.takeLast();
        ++visited;
        switch (current.type()) {
        case QJsonValue::String: {
            const QString text = current.toString().trimmed();
            if (!text.isEmpty())
                result.append(cut(text));
            break;
        }
        case QJsonValue::Double:
            result.append(numberText(current.toDouble()));
            break;
        case QJsonValue::Bool:
            result.append(current.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            break;
        case QJsonValue::Array: {
            const QJsonArray array = current.toArray();
            for (qsizetype i = array.size() - 1; i >= 0; --i)
                pending.append(array.at(i));
            break;
        }
        case QJsonValue::Object: {
            const QJsonObject object = current.toObject();
            if (object.contains(QLatin1String("error")))
                pending.append(object.value(QLatin1String("error")));
            else if (object.contains(QLatin1String("message")))
                pending.append(object.value(QLatin1String("message")));
            else if (!object.isEmpty())
                result.append(cut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact))));
            break;
        }
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            break;
        }
    }
    return result;
}

std::optional<bool> VendorAnswer::flag(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        if (value.toDouble() == 1.0)
            return true;
        if (value.toDouble() == 0.0)
            return false;
        return std::nullopt;
    case QJsonValue::String: {
        const QString text = value.toString().trimmed();
        if (text == u"1" || text.compare(u"true", Qt::CaseInsensitive) == 0)
            return true;
        if (text == u"0" || text.compare(u"false", Qt::CaseInsensitive) == 0)
            return false;
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

QString VendorAnswer::idText(const QJsonValue &value)
{
    if (value.isString())
        return cut(value.toString().trimmed());
    if (value.isDouble())
        return numberText(value.toDouble());
    return {};
}

Outcome VendorAnswer::unreadable(int httpStatus, const QByteArray &body)
{
    Outcome outcome;
    outcome.state = OutcomeState::DeliveryUnknown;
    outcome.final = false;
    outcome.billable = false;
    outcome.httpStatus = httpStatus;
    outcome.rawBody = body;
    outcome.unparsable = true;
    if (isSuccessStatus(httpStatus)) {
        outcome.messages.append(tr("The vendor's answer could not be read; it may have accepted the lead. "
                                   "Check with the vendor before resubmitting."));
    } else if (httpStatus >= 500) {
        outcome.messages.append(tr("The vendor reported a server error (HTTP %1) and its answer could not be read; "
                                   "it may or may not have received the lead. Check with the vendor before "
                                   "resubmitting.")
                                    .arg(httpStatus));
    } else {
        outcome.messages.append(tr("The vendor's answer (HTTP %1) could not be read; it may have received the lead. "
                                   "Check with the vendor before resubmitting.")
                                    .arg(httpStatus));
    }
    qCInfo(lcVendors) << "unreadable vendor answer: HTTP" << httpStatus << body.size() << "bytes";
    return outcome;
}

QString VendorAnswer::accountProblem(const QString &vendorName, int httpStatus)
{
    return tr("%1 refused the account (HTTP %2): check the account's credentials in the settings. "
              "The lead itself was not judged.")
        .arg(vendorName, QString::number(httpStatus));
}

} // namespace LeadRelay
