// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReportCommand.h"

#include "CliSupport.h"
#include "store/HistoryStore.h"
#include "store/Report.h"
#include "vendors/Vendor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

// The history view's default (AppSettings::StaleAfterHours): a preliminary answer this old without a final
// result is worth asking the vendor about.
constexpr int DefaultStaleHours = 24;

QString keyTitle(ReportBy by)
{
    switch (by) {
    case ReportBy::Day:
        return ReportCommand::tr("Day (UTC)");
    case ReportBy::Vendor:
        return ReportCommand::tr("Vendor");
    case ReportBy::Agent:
        return ReportCommand::tr("Agent");
    case ReportBy::Campaign:
        return ReportCommand::tr("Campaign");
    }
    return {};
}

// Machine-readable column names (CSV header, JSON keys): never translated, never renamed.
const QStringList &fieldNames()
{
    static const QStringList names{u"submissions"_s, u"sent"_s,     u"sold_or_accepted"_s, u"rate"_s,
                                   u"rejected"_s,    u"invalid"_s,  u"delivery_unknown"_s, u"awaiting_final"_s,
                                   u"returned"_s,    u"billable"_s, u"net_billable"_s,     u"avg_final_seconds"_s};
    return names;
}

QStringList tableTitles()
{
    return {ReportCommand::tr("Rows"),     ReportCommand::tr("Sent"),      ReportCommand::tr("Sold/acc."),
            ReportCommand::tr("Rate"),     ReportCommand::tr("Rejected"),  ReportCommand::tr("Invalid"),
            ReportCommand::tr("Unknown"),  ReportCommand::tr("Awaiting"),  ReportCommand::tr("Returned"),
            ReportCommand::tr("Billable"), ReportCommand::tr("Net bill."), ReportCommand::tr("Avg final")};
}

QString rateText(const ReportRow &row)
{
    return row.sent > 0 ? QString::number(100.0 * row.successRate(), 'f', 1) + u'%' : u"-"_s;
}

QString secondsText(const ReportRow &row)
{
    return row.finalTimed > 0 ? QString::number(row.averageFinalSeconds(), 'f', 1) : QString();
}

QStringList figures(const ReportRow &row, bool forTable)
{
    return {QString::number(row.submissions),     QString::number(row.sent),
            QString::number(row.soldOrAccepted),  forTable ? rateText(row) : QString::number(row.successRate(), 'f', 4),
            QString::number(row.rejected),        QString::number(row.invalid),
            QString::number(row.deliveryUnknown), QString::number(row.awaitingFinal),
            QString::number(row.returned),        QString::number(row.billable),
            QString::number(row.netBillable),     forTable && row.finalTimed == 0 ? u"-"_s : secondsText(row)};
}

QJsonObject jsonRow(const ReportRow &row)
{
    QJsonObject object{
        {u"submissions"_s, row.submissions},
        {u"sent"_s, row.sent},
        {u"sold_or_accepted"_s, row.soldOrAccepted},
        {u"rate"_s, row.successRate()},
        {u"rejected"_s, row.rejected},
        {u"invalid"_s, row.invalid},
        {u"delivery_unknown"_s, row.deliveryUnknown},
        {u"awaiting_final"_s, row.awaitingFinal},
        {u"returned"_s, row.returned},
        {u"billable"_s, row.billable},
        {u"net_billable"_s, row.netBillable},
    };
    object.insert(u"avg_final_seconds"_s, row.finalTimed > 0 ? QJsonValue(row.averageFinalSeconds()) : QJsonValue());
    QJsonObject states;
    for (auto it = row.byState.cbegin(); it != row.byState.cend(); ++it)
        states.insert(it.key(), it.value());
    object.insert(u"by_state"_s, states);
    return object;
}

QString description()
{
    return ReportCommand::tr(
        "Counts the submission history as the dashboard does: per day, vendor, agent or campaign, how many were\n"
        "sent, sold or accepted (and the rate of sent), rejected, invalid, of unknown delivery, awaiting a final\n"
        "result, returned by the buyer, billable and net billable (billable and not returned), and the average\n"
        "wait from the preliminary answer to the final result. Sent counts every row but those provably never\n"
        "delivered and those still sending.\n"
        "Days are UTC days (YYYY-MM-DD): --since and --until both include their day.\n"
        "Formats: table (aligned columns and a total), json (rows, total and the stale count), csv (one row per\n"
        "group and a total row; cells that could run as formulas are neutralised).");
}

std::optional<QDate> parseDay(const QString &text)
{
    static const QRegularExpression plainDate(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    const QString trimmed = text.trimmed();
    if (!plainDate.match(trimmed).hasMatch())
        return std::nullopt;
    const QDate date = QDate::fromString(trimmed, Qt::ISODate);
    return date.isValid() ? std::optional(date) : std::nullopt;
}

} // namespace

QByteArray ReportCommand::table(const ReportTable &report, int staleHours)
{
    const QStringList titles = tableTitles();
    int keyWidth = int(keyTitle(report.by).size());
    for (const ReportRow &row : report.rows)
        keyWidth = qMax(keyWidth, int(qMin<qsizetype>(CliSupport::printable(row.key).size(), 32)));
    keyWidth = qMax(keyWidth, int(tr("Total").size()));
    QList<int> widths;
    for (const QString &title : titles)
        widths.append(int(qMax<qsizetype>(title.size(), 9)));
    auto line = [&](const QString &key, const QStringList &cells) -> QString {
        QString text = CliSupport::printable(key).left(keyWidth).leftJustified(keyWidth, u' ');
        for (qsizetype i = 0; i < cells.size(); ++i)
            text += u"  "_s + cells.at(i).rightJustified(widths.at(i), u' ');
        return text.trimmed() + u'\n';
    };
    QString text = line(keyTitle(report.by), titles);
    QStringList rules;
    for (const int width : widths)
        rules.append(QString(width, u'-'));
    text += line(QString(keyWidth, u'-'), rules);
    for (const ReportRow &row : report.rows)
        text += line(row.key, figures(row, true));
    text += line(tr("Total"), figures(report.total, true));
    if (report.stale >= 0) {
        text += tr("Awaiting a final result: %1, of which stale (no final result %n hour(s) after the answer): %2",
                   nullptr, staleHours)
                    .arg(report.total.awaitingFinal)
                    .arg(report.stale) +
                u'\n';
    }
    return text.toUtf8();
}

QByteArray ReportCommand::json(const ReportTable &report, int staleHours)
{
    QJsonArray rows;
    for (const ReportRow &row : report.rows) {
        QJsonObject object = jsonRow(row);
        object.insert(Report::byName(report.by), row.key);
        rows.append(object);
    }
    QJsonObject root{{u"by"_s, Report::byName(report.by)},
                     {u"days"_s, u"UTC"_s},
                     {u"rows"_s, rows},
                     {u"total"_s, jsonRow(report.total)}};
    if (report.stale >= 0) {
        root.insert(u"stale"_s, report.stale);
        root.insert(u"stale_after_hours"_s, staleHours);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray ReportCommand::csv(const ReportTable &report)
{
    // The same quoting and formula neutralising as the history's CSV (csvCell).
    auto line = [](const QString &key, const QStringList &cells) -> QByteArray {
        QByteArray bytes = csvCell(key);
        for (const QString &cell : cells)
            bytes += ',' + csvCell(cell);
        return bytes + "\r\n";
    };
    QByteArray bytes = line(Report::byName(report.by), fieldNames());
    for (const ReportRow &row : report.rows)
        bytes += line(row.key, figures(row, false));
    // The total's key is empty, not a word: a script summing the column's rows must not meet a text row by day.
    bytes += line(QString(), figures(report.total, false));
    return bytes;
}

int ReportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption byOption(u"by"_s, tr("Group by day (default), vendor, agent or campaign."), tr("GROUP"),
                                      u"day"_s);
    const QCommandLineOption sinceOption(u"since"_s, tr("From this UTC day on (YYYY-MM-DD)."), tr("DATE"));
    const QCommandLineOption untilOption(u"until"_s, tr("Up to and including this UTC day (YYYY-MM-DD)."), tr("DATE"));
    const QCommandLineOption vendorOption(u"vendor"_s, tr("Only this vendor: ntherm or bhm."), tr("VENDOR"));
    const QCommandLineOption agentOption(u"agent"_s, tr("Only this agent's submissions."), tr("NAME"));
    const QCommandLineOption campaignOption(u"campaign"_s, tr("Only this campaign."), tr("CAMPAIGN"));
    const QCommandLineOption modeOption(u"mode"_s, tr("Only training or only production submissions."), tr("MODE"));
    const QCommandLineOption staleOption(
        u"stale-hours"_s,
        tr("A preliminary answer without a final result after N hours is stale (default %1).").arg(DefaultStaleHours),
        tr("N"), QString::number(DefaultStaleHours));
    const QCommandLineOption formatOption(u"format"_s, tr("table (default), json or csv."), tr("FORMAT"), u"table"_s);
    parser.addOptions({CliSupport::dbOption(), byOption, sinceOption, untilOption, vendorOption, agentOption,
                       campaignOption, modeOption, staleOption, formatOption});
    int exitCode = ExitOk;
    if (!CliSupport::parse(parser, u"report"_s, description(), arguments, &exitCode))
        return exitCode;

    const auto by = Report::byFromName(parser.value(byOption).trimmed().toLower());
    if (!by) {
        CliSupport::err(
            tr("Unknown grouping '%1': use --by day, vendor, agent or campaign.").arg(parser.value(byOption)));
        return ExitUsage;
    }
    ReportFilter filter;
    for (const auto &[option, day] : {std::pair{&sinceOption, &filter.since}, std::pair{&untilOption, &filter.until}}) {
        if (!parser.isSet(*option))
            continue;
        const auto parsed = parseDay(parser.value(*option));
        if (!parsed) {
            CliSupport::err(tr("--%1 '%2' is not a day: use YYYY-MM-DD (a UTC day).")
                                .arg(option->names().constFirst(), parser.value(*option)));
            return ExitUsage;
        }
        *day = *parsed;
    }
    if (parser.isSet(vendorOption)) {
        filter.vendorId = parser.value(vendorOption).trimmed().toLower();
        if (!vendorById(filter.vendorId)) {
            CliSupport::err(tr("Unknown vendor '%1': use --vendor ntherm or --vendor bhm.").arg(filter.vendorId));
            return ExitUsage;
        }
    }
    filter.agent = parser.value(agentOption).trimmed();
    filter.campaign = parser.value(campaignOption).trimmed();
    if (parser.isSet(modeOption)) {
        filter.accountMode = parser.value(modeOption).trimmed().toLower();
        if (filter.accountMode != u"training"_s && filter.accountMode != u"production"_s) {
            CliSupport::err(tr("Unknown mode '%1': use --mode training or --mode production.").arg(filter.accountMode));
            return ExitUsage;
        }
    }
    bool ok = false;
    const int staleHours = parser.value(staleOption).toInt(&ok);
    if (!ok || staleHours < 1 || staleHours > 720) {
        CliSupport::err(tr("--stale-hours must be a whole number of hours from 1 to 720."));
        return ExitUsage;
    }
    const QString format = parser.value(formatOption).trimmed().toLower();
    if (format != u"table"_s && format != u"json"_s && format != u"csv"_s) {
        CliSupport::err(tr("Unknown format '%1': use --format table, json or csv.").arg(format));
        return ExitUsage;
    }

    const std::unique_ptr<HistoryStore> store = CliSupport::openStore(parser);
    if (!store)
        return ExitUsage;
    filter.staleBefore = QDateTime::currentDateTimeUtc().addSecs(-qint64(staleHours) * 3600);
    ReportTable report;
    if (!store->report(filter, *by, &report)) {
        CliSupport::err(tr("Cannot read the history: %1").arg(store->lastError()));
        return ExitUsage;
    }
    if (format == u"json"_s)
        CliSupport::out(json(report, staleHours));
    else if (format == u"csv"_s)
        CliSupport::out(csv(report));
    else
        CliSupport::out(table(report, staleHours));
    return ExitOk;
}

} // namespace LeadRelay
