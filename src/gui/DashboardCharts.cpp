// SPDX-License-Identifier: GPL-3.0-or-later
#include "DashboardCharts.h"

#include "ReportTableModel.h"
#include "vendors/Vendor.h"

#include <QCoreApplication>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QStackedBarSeries>
#include <QtCharts/QValueAxis>

using namespace Qt::StringLiterals;

namespace LeadRelay::DashboardCharts
{

namespace
{

QString tr(const char *text)
{
    // The context lupdate gives tr() calls in this namespace (translations/leadrelay_es.ts).
    return QCoreApplication::translate("LeadRelay::DashboardCharts", text);
}

void clear(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// Colours a supervisor reads at a glance, the same in every chart: sold green, waiting blue, refused red.
QColor stateColour(const QString &state)
{
    static const QHash<QString, QColor> colours{
        {u"sold"_s, QColor(0x2e, 0x7d, 0x32)},
        {u"accepted"_s, QColor(0x15, 0x65, 0xc0)},
        {u"accepted_not_sold"_s, QColor(0x90, 0xa4, 0xae)},
        {u"rejected"_s, QColor(0xc6, 0x28, 0x28)},
        {u"invalid"_s, QColor(0xef, 0x6c, 0x00)},
        {u"delivery_unknown"_s, QColor(0x6a, 0x1b, 0x9a)},
        {u"account_error"_s, QColor(0x8d, 0x6e, 0x63)},
        {u"not_delivered"_s, QColor(0x42, 0x42, 0x42)},
        {u"sending"_s, QColor(0xbd, 0xbd, 0xbd)},
    };
    return colours.value(state, Qt::gray);
}

} // namespace

void fillPerDay(QChart *chart, const ReportTable &days)
{
    clear(chart);
    // Bars and their labels: days, or ISO weeks (labelled by their Monday) when there are too many days.
    const bool weekly = days.rows.size() > MaxDailyBars;
    QStringList categories;
    QList<QMap<QString, qint64>> counts;
    for (const ReportRow &row : days.rows) {
        QString label = row.key;
        if (weekly) {
            const QDate day = QDate::fromString(row.key, Qt::ISODate);
            label = day.addDays(1 - day.dayOfWeek()).toString(u"yyyy-MM-dd"_s);
        }
        if (categories.isEmpty() || categories.constLast() != label) {
            categories.append(label);
            counts.append(QMap<QString, qint64>());
        }
        for (auto it = row.byState.cbegin(); it != row.byState.cend(); ++it)
            counts.last()[it.key()] += it.value();
    }
    chart->setTitle(weekly ? tr("Submissions per week (UTC), by outcome")
                           : tr("Submissions per day (UTC), by outcome"));
    auto *series = new QStackedBarSeries(chart);
    qint64 highest = 0;
    for (const QMap<QString, qint64> &bar : std::as_const(counts)) {
        qint64 sum = 0;
        for (const qint64 value : bar)
            sum += value;
        highest = qMax(highest, sum);
    }
    for (const QString &state : ReportTableModel::states()) {
        if (days.total.byState.value(state) == 0)
            continue; // no empty entries in the legend
        auto *set = new QBarSet(ReportTableModel::stateTitle(state));
        set->setColor(stateColour(state));
        set->setBorderColor(stateColour(state));
        for (const QMap<QString, qint64> &bar : std::as_const(counts))
            set->append(double(bar.value(state)));
        series->append(set);
    }
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis(chart);
    x->append(categories);
    // Long periods: labels upright would overlap.
    x->setLabelsAngle(categories.size() > 10 ? -90 : 0);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis(chart);
    // Whole submissions: ticks at a round step (1, 2, 5, 10, 20, 50…), at most five above zero, so no label
    // repeats ("0 0 0 1" on an empty or small period).
    qint64 step = 1;
    for (int i = 0; (highest + step - 1) / step > 5; ++i)
        step *= (i % 3 == 1) ? 5 : 2;
    y->setRange(0, double(qMax<qint64>((highest + step - 1) / step, 1) * step));
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(double(step));
    y->setLabelFormat(u"%d"_s);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setVisible(series->count() > 0);
}

void fillVendorRate(QChart *chart, const ReportTable &vendors)
{
    clear(chart);
    chart->setTitle(tr("Sold or accepted, % of sent, per vendor"));
    auto *series = new QHorizontalBarSeries(chart);
    auto *set = new QBarSet(tr("Sold or accepted"));
    set->setColor(stateColour(u"sold"_s));
    QStringList categories;
    for (const ReportRow &row : vendors.rows) {
        const Vendor *vendor = vendorById(row.key);
        categories.append(vendor ? vendor->displayName() : row.key);
        set->append(100.0 * row.successRate());
    }
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(u"@value %"_s);
    series->setLabelsPrecision(3);
    chart->addSeries(series);
    auto *y = new QBarCategoryAxis(chart);
    y->append(categories);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    auto *x = new QValueAxis(chart);
    x->setRange(0, 100);
    x->setLabelFormat(u"%d %%"_s);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    chart->legend()->setVisible(false);
}

} // namespace LeadRelay::DashboardCharts
