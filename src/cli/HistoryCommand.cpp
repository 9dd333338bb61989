// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryCommand.h"

#include "CliSupport.h"
#include "store/HistoryStore.h"
#include "vendors/Vendor.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// Rows read per query: bounded memory however large the history is.
constexpr int PageSize = 500;

struct Column
{
    QString title;
    int width;
};

QString fit(const QString &text, int width)
{
    const QString clean = CliSupport::printable(text);
    if (clean.size() <= width) {
        return clean.leftJustified(width, u' ');
    }
    return clean.left(width - 1) + u'…';
}

QString yesNo(bool value)
{
    return value ? HistoryCommand::tr("yes") : HistoryCommand::tr("no");
}

class TableWriter
{
public:
    TableWriter()
        : m_columns{{HistoryCommand::tr("Created (local)"), 19},
                    {HistoryCommand::tr("Vendor"), 6},
                    {HistoryCommand::tr("Outcome"), 17},
                    {HistoryCommand::tr("Billable"), 8},
                    {HistoryCommand::tr("Final"), 5},
                    {HistoryCommand::tr("Agent"), 14},
                    {HistoryCommand::tr("Customer"), 24},
                    {HistoryCommand::tr("Phone"), 10},
                    {HistoryCommand::tr("Campaign"), 20},
                    {HistoryCommand::tr("Id"), 36}}
    {}

    QByteArray header() const
    {
        QStringList cells, rules;
        for (const Column &column : m_columns) {
            cells.append(fit(column.title, column.width));
            rules.append(QString(column.width, u'-'));
        }
        return (line(cells) + line(rules)).toUtf8();
    }

    QByteArray row(const SubmissionRecord &record) const
    {
        const QStringList values{record.createdAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s), record.vendorId,
                                 outcomeStateKey(record.state),
                                 // A returned lead no longer counts: say so where "yes" would be.
                                 record.isReturned() ? HistoryCommand::tr("returned") : yesNo(record.billable),
                                 yesNo(record.final), record.agent, record.customerName, record.phone, record.campaign,
                                 record.id};
        QStringList cells;
        for (qsizetype i = 0; i < m_columns.size(); ++i) {
            cells.append(fit(values.at(i), m_columns.at(i).width));
        }
        return line(cells).toUtf8();
    }

private:
    static QString line(const QStringList &cells)
    {
        // Trailing blanks only make copied text awkward.
        return cells.join(u"  "_s).trimmed() + u'\n';
    }

    QList<Column> m_columns;
};

QByteArray csvLine(QByteArray bytes)
{
    if (!bytes.endsWith('\n')) {
        bytes.append("\r\n");
    }
    return bytes;
}

QString description()
{
    return HistoryCommand::tr(
        "Lists the submission history, newest first, read from the store page by page.\n"
        "DATE is YYYY-MM-DD (a day in local time: --since includes it from its start, --until includes it to\n"
        "its end) or an ISO date and time such as 2026-11-22T17:04:05Z (local time when it has no offset;\n"
        "--until is then exclusive).\n"
        "Formats: table (aligned columns for a terminal), json (an array of rows), csv (for spreadsheets:\n"
        "cells that could run as formulas are neutralised).");
}

} // namespace

std::optional<QDateTime> HistoryCommand::parseDate(const QString &text, bool endOfDay)
{
    static const QRegularExpression plainDate(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    const QString trimmed = text.trimmed();
    if (plainDate.match(trimmed).hasMatch()) {
        const QDate date = QDate::fromString(trimmed, Qt::ISODate);
        if (!date.isValid()) {
            return std::nullopt;
        }
        return (endOfDay ? date.addDays(1) : date).startOfDay(Qt::LocalTime).toUTC();
    }
    const QDateTime moment = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!moment.isValid()) {
        return std::nullopt;
    }
    return moment.toUTC();
}

int HistoryCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption vendorOption(u"vendor"_s, tr("Only this vendor: ntherm or bhm."), tr("VENDOR"));
    const QCommandLineOption outcomeOption(
        u"outcome"_s, tr("Only this outcome: %1, or awaiting_final.").arg(outcomeStateKeys().join(u", "_s)),
        tr("STATE"));
    const QCommandLineOption sinceOption(u"since"_s, tr("Only submissions from this date or moment on."), tr("DATE"));
    const QCommandLineOption untilOption(u"until"_s, tr("Only submissions up to this date or moment."), tr("DATE"));
    const QCommandLineOption searchOption(
        u"search"_s, tr("Only rows whose customer, phone, agent, campaign or vendor lead id contain TEXT."),
        tr("TEXT"));
    const QCommandLineOption agentOption(u"agent"_s, tr("Only this agent's submissions."), tr("NAME"));
    const QCommandLineOption formatOption(u"format"_s, tr("table (default), json or csv."), tr("FORMAT"), u"table"_s);
    const QCommandLineOption limitOption(u"limit"_s, tr("At most N rows (default: all)."), tr("N"));
    parser.addOptions({CliSupport::dbOption(), vendorOption, outcomeOption, sinceOption, untilOption, searchOption,
                       agentOption, formatOption, limitOption});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"history"_s, description(), arguments, &exitCode)) {
        return exitCode;
    }

    HistoryFilter filter;
    if (parser.isSet(vendorOption)) {
        filter.vendorId = parser.value(vendorOption).trimmed().toLower();
        if (!vendorById(filter.vendorId)) {
            CliSupport::err(tr("Unknown vendor '%1': use --vendor ntherm or --vendor bhm.").arg(filter.vendorId));
            return ExitUsage;
        }
    }
    if (parser.isSet(outcomeOption)) {
        filter.stateKey = parser.value(outcomeOption).trimmed().toLower();
        if (filter.stateKey != u"awaiting_final"_s && !outcomeStateFromKey(filter.stateKey)) {
            CliSupport::err(tr("Unknown outcome '%1': use one of %2, awaiting_final.")
                                .arg(filter.stateKey, outcomeStateKeys().join(u", "_s)));
            return ExitUsage;
        }
    }
    for (const auto &[option, bound, endOfDay] :
         {std::tuple{&sinceOption, &filter.since, false}, std::tuple{&untilOption, &filter.until, true}}) {
        if (!parser.isSet(*option)) {
            continue;
        }
        const auto moment = parseDate(parser.value(*option), endOfDay);
        if (!moment) {
            CliSupport::err(tr("--%1 '%2' is not a date: use YYYY-MM-DD or a date and time like "
                               "2026-11-22T17:04:05Z.")
                                .arg(option->names().constFirst(), parser.value(*option)));
            return ExitUsage;
        }
        *bound = *moment;
    }
    filter.text = parser.value(searchOption).trimmed();
    filter.agent = parser.value(agentOption).trimmed();

    const QString format = parser.value(formatOption).trimmed().toLower();
    if (format != u"table"_s && format != u"json"_s && format != u"csv"_s) {
        CliSupport::err(tr("Unknown format '%1': use --format table, json or csv.").arg(format));
        return ExitUsage;
    }
    qint64 limit = -1;
    if (parser.isSet(limitOption)) {
        bool ok = false;
        limit = parser.value(limitOption).toLongLong(&ok);
        if (!ok || limit < 1) {
            CliSupport::err(tr("--limit must be a whole number of rows, 1 or more."));
            return ExitUsage;
        }
    }

    const std::unique_ptr<HistoryStore> store = CliSupport::openStore(parser);
    if (!store) {
        return ExitUsage;
    }

    const TableWriter table;
    if (format == u"table"_s) {
        CliSupport::out(table.header());
    } else if (format == u"csv"_s) {
        CliSupport::out(csvLine(historyCsvHeader()));
    } else {
        CliSupport::out(QByteArray("["));
    }
    qint64 written = 0;
    std::optional<SubmissionRecord> last;
    for (;;) {
        const int pageLimit = int(limit < 0 ? PageSize : qMin<qint64>(PageSize, limit - written));
        if (pageLimit <= 0) {
            break;
        }
        // Keyset paging: each page starts after the last row printed, so rows committed meanwhile by another
        // process neither repeat nor shift a row out, and page 1,000 costs what page 1 does.
        const QList<SubmissionRecord> page =
            last ? store->queryAfter(filter, HistorySort::CreatedAt, Qt::DescendingOrder, *last, pageLimit)
                 : store->query(filter, HistorySort::CreatedAt, Qt::DescendingOrder, 0, pageLimit);
        if (page.isEmpty() && !store->lastError().isEmpty()) {
            CliSupport::err(tr("Cannot read the history: %1").arg(store->lastError()));
            return ExitUsage;
        }
        QByteArray chunk;
        for (const SubmissionRecord &record : page) {
            if (format == u"table"_s) {
                chunk += table.row(record);
            } else if (format == u"csv"_s) {
                chunk += csvLine(historyCsvRow(record));
            } else {
                chunk +=
                    (written == 0 ? "\n" : ",\n") + QJsonDocument(historyJson(record)).toJson(QJsonDocument::Compact);
            }
            ++written;
        }
        CliSupport::out(chunk);
        if (page.size() < pageLimit) {
            break;
        }
        last = page.constLast();
    }
    if (format == u"json"_s) {
        CliSupport::out(QByteArray(written == 0 ? "]\n" : "\n]\n"));
    } else if (format == u"table"_s) {
        CliSupport::out(tr("%n submission(s)", nullptr, int(qMin<qint64>(written, INT_MAX))));
    }
    return ExitOk;
}

} // namespace LeadRelay
