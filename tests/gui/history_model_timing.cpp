// SPDX-License-Identifier: GPL-3.0-or-later
// Prints how long the history model takes on a real file (not a test: figures for the README and for checking
// that the view stays responsive with half a million rows). Usage: history_model_timing <history.sqlite>
// A file of that size: make_history_db <file> 500000.
#include "gui/HistoryTableModel.h"
#include "store/HistoryStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace LeadRelay;
using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QTextStream out(stdout);
    if (app.arguments().size() < 2) {
        out << "usage: history_model_timing <history.sqlite>\n";
        return 2;
    }
    HistoryStore store(app.arguments().at(1));
    if (!store.open()) {
        out << store.lastError() << '\n';
        return 1;
    }
    QElapsedTimer timer;
    std::unique_ptr<HistoryTableModel> model;
    // The model asks its worker and returns at once: what the GUI thread spent, then when the answer was complete.
    auto step = [&](const char *what, auto &&action) {
        timer.start();
        action();
        const double gui = timer.nsecsElapsed() / 1000000.0;
        while (model && model->isLoading())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        out << qSetFieldWidth(44) << Qt::left << what << qSetFieldWidth(0) << "GUI thread " << gui
            << " ms, answered after " << timer.nsecsElapsed() / 1000000.0 << " ms\n";
        out.flush();
    };

    step("open (count + first page)", [&] { model = std::make_unique<HistoryTableModel>(&store); });
    out << "rows in the file: " << model->totalCount() << '\n';
    step("fetchMore x 10 (2,000 more rows)", [&] {
        for (int i = 0; i < 10; ++i) {
            model->fetchMore({});
            while (model->isLoading())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        }
    });
    step("refresh (re-read 2,200 loaded rows)", [&] { model->refresh(); });
    step("sort by customer", [&] { model->sort(HistoryTableModel::CustomerColumn, Qt::AscendingOrder); });
    step("sort by outcome, descending", [&] { model->sort(HistoryTableModel::OutcomeColumn, Qt::DescendingOrder); });
    step("sort by time (default)", [&] { model->sort(HistoryTableModel::TimeColumn, Qt::DescendingOrder); });
    HistoryFilter filter;
    filter.text = u"Nguyen"_s;
    step("filter: text \"Nguyen\"", [&] { model->setFilter(filter); });
    out << "  matching: " << model->totalCount() << '\n';
    filter = {};
    filter.vendorId = u"ntherm"_s;
    filter.stateKey = u"awaiting_final"_s;
    step("filter: nTherm awaiting final", [&] { model->setFilter(filter); });
    out << "  matching: " << model->totalCount() << '\n';
    filter = {};
    filter.since = QDateTime::currentDateTimeUtc().addDays(-1);
    step("filter: last 24 hours", [&] { model->setFilter(filter); });
    out << "  matching: " << model->totalCount() << '\n';
    step("clear filter", [&] { model->setFilter({}); });
    step("change check (data_version, on the worker)", [&] {
        model->setPolling(true); // checks once at once
        model->setPolling(false);
    });
    return 0;
}
