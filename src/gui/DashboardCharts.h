// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/Report.h"

#include <QtCharts/QChart>

namespace LeadRelay::DashboardCharts
{

// More days than this are drawn a week per bar (the table still has every day): a year of daily bars is a
// smear at 1366 pixels.
constexpr int MaxDailyBars = 62;

// Submissions per day (or week), stacked by outcome; replaces what the chart showed.
void fillPerDay(QChart *chart, const ReportTable &days);
// The sold-or-accepted rate of sent submissions per vendor, in percent.
void fillVendorRate(QChart *chart, const ReportTable &vendors);

} // namespace LeadRelay::DashboardCharts
