// SPDX-License-Identifier: GPL-3.0-or-later
#include "BatchReport.h"

#include "CliSupport.h"
#include "store/HistoryStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

QStringList issueMessages(const FieldIssues &issues)
{
    QStringList messages;
    for (const FieldIssue &issue : issues) {
        const QString prefix = issue.severity == Severity::Warning ? BatchReport::tr("warning: ") : QString();
        messages.append(issue.field.isEmpty() ? prefix + issue.message
                                              : BatchReport::tr("%1%2: %3").arg(prefix, issue.field, issue.message));
    }
    return messages;
}

} // namespace

BatchReport::BatchReport(const BatchFile &file)
    : m_file(file)
{}

void BatchReport::addInvalidRows(bool dryRun)
{
    for (const BatchRow &row : m_file.rows) {
        if (row.isValid() && !dryRun)
            continue;
        Line line;
        line.line = row.line;
        line.outcome = row.isValid() ? u"valid"_s : u"invalid"_s;
        line.messages = issueMessages(row.issues);
        line.exitCode = row.isValid() ? ExitOk : ExitRejected;
        m_lines.insert(row.line, line);
    }
}

void BatchReport::add(const BatchSender::RowResult &result)
{
    using Row = BatchSender::RowResult;
    Line line;
    line.line = result.line;
    line.id = result.historyId;
    line.messages = issueMessages(result.issues);
    switch (result.kind) {
    case Row::Sent:
        line.outcome = outcomeStateKey(result.outcome.state);
        line.messages = result.outcome.messages + line.messages;
        line.messages += issueMessages(result.outcome.fieldIssues);
        line.exitCode = CliSupport::exitCodeFor(result.outcome.state);
        if (result.answerKept != SubmissionService::Result::AnswerKept::InHistory)
            line.exitCode = ExitNotRecorded;
        break;
    case Row::LocalInvalid:
        line.outcome = u"invalid"_s;
        line.exitCode = ExitRejected;
        break;
    case Row::Duplicate:
        line.outcome = u"duplicate"_s;
        line.messages.prepend(tr("Not sent: this phone number was sent to this vendor on %1 (submission %2, "
                                 "outcome %3).")
                                  .arg(result.earlier->createdAt.toUTC().toString(Qt::ISODate), result.earlier->id,
                                       outcomeStateKey(result.earlier->state)));
        line.exitCode = ExitRejected;
        break;
    case Row::AlreadySent:
        // A run again after an interruption: the row's own submission, as the history knows it now.
        line.outcome = u"already_sent"_s;
        line.id = result.earlier->id;
        line.messages.prepend(
            tr("Not sent again: an earlier run recorded this row on %1 (outcome %2).")
                .arg(result.earlier->createdAt.toUTC().toString(Qt::ISODate), outcomeStateKey(result.earlier->state)));
        if (result.earlier->state == OutcomeState::DeliveryUnknown || result.earlier->state == OutcomeState::Sending)
            line.messages.append(tr("It may have reached the vendor: check with the vendor before sending it again."));
        line.exitCode = CliSupport::exitCodeFor(result.earlier->state);
        break;
    case Row::StoreFailed:
        line.outcome = u"store_failed"_s;
        line.messages.prepend(tr("Not sent: the history could not be written (%1).").arg(result.error));
        line.exitCode = ExitUsage;
        break;
    case Row::DoNotCall:
        line.outcome = u"do_not_call"_s;
        line.messages.prepend(result.error);
        line.exitCode = ExitRejected;
        break;
    case Row::ConfigError:
        line.outcome = u"config_error"_s;
        line.messages.prepend(tr("Not sent: %1").arg(result.error));
        line.exitCode = ExitUsage;
        break;
    case Row::NotStarted:
        line.outcome = u"not_started"_s;
        line.messages.prepend(tr("Not sent: the batch was stopped first; run it again to send it."));
        line.exitCode = ExitNotDelivered;
        break;
    }
    m_lines.insert(line.line, line);
}

int BatchReport::severity(int exitCode)
{
    switch (exitCode) {
    case ExitOk:
        return 0;
    case ExitRejected:
        return 1;
    case ExitNotDelivered:
        return 2;
    case ExitUsage:
        return 3;
    case ExitNotRecorded:
        return 4;
    default:
        return 3;
    }
}

int BatchReport::exitCode() const
{
    int worst = ExitOk;
    for (const Line &line : m_lines) {
        if (severity(line.exitCode) > severity(worst))
            worst = line.exitCode;
    }
    return worst;
}

QMap<QString, int> BatchReport::counts() const
{
    QMap<QString, int> counts;
    for (const Line &line : m_lines)
        ++counts[line.outcome];
    return counts;
}

QString BatchReport::summary() const
{
    QStringList parts;
    const QMap<QString, int> byOutcome = counts();
    for (auto it = byOutcome.cbegin(); it != byOutcome.cend(); ++it)
        parts.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
    return tr("Batch: %1 rows: %2.").arg(total()).arg(parts.isEmpty() ? tr("nothing") : parts.join(u", "_s));
}

QString BatchReport::progress(qint64 elapsedMs) const
{
    const double seconds = qMax<qint64>(elapsedMs, 1) / 1000.0;
    const double rate = done() / seconds;
    const int left = total() - done();
    QString eta = u"--:--"_s;
    if (rate > 0.0) {
        const int secondsLeft = int(left / rate);
        eta = u"%1:%2"_s.arg(secondsLeft / 60).arg(secondsLeft % 60, 2, 10, QLatin1Char('0'));
    }
    QStringList parts;
    const QMap<QString, int> byOutcome = counts();
    for (auto it = byOutcome.cbegin(); it != byOutcome.cend(); ++it)
        parts.append(u"%1 %2"_s.arg(it.key()).arg(it.value()));
    return tr("%1/%2 rows, %3/s, %4, %5 left")
        .arg(done())
        .arg(total())
        .arg(rate, 0, 'f', 1)
        .arg(parts.join(u", "_s), eta);
}

bool BatchReport::writeResults(const QString &path, QString *error) const
{
    const bool csv = path.endsWith(u".csv"_s, Qt::CaseInsensitive);
    QByteArray bytes;
    if (csv)
        bytes += "line,submission_id,outcome,messages\r\n";
    for (const Line &line : m_lines) {
        if (csv) {
            bytes += QByteArray::number(line.line) + ',' + csvCell(line.id) + ',' + csvCell(line.outcome) + ',' +
                     csvCell(line.messages.join(u"; "_s)) + "\r\n";
        } else {
            const QJsonObject object{{u"line"_s, line.line},
                                     {u"submission_id"_s, line.id.isEmpty() ? QJsonValue() : QJsonValue(line.id)},
                                     {u"outcome"_s, line.outcome},
                                     {u"messages"_s, QJsonArray::fromStringList(line.messages)}};
            bytes += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace LeadRelay
