// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/SubmissionRecord.h"

#include <QProgressDialog>

#include <memory>

class QTimer;

namespace LeadRelay
{

class HistoryExport;
class HistoryStore;

// History → Export…: the progress of one export (HistoryExport) with Cancel. The export runs in slices on the GUI
// thread, one or more pages per event-loop turn and never longer than SliceMs, so the window keeps painting and
// answering while a million rows are written; the store's connection stays on its own thread. Cancel (or Esc, or
// closing the window) leaves no file. A failure stays in the dialog in plain words until closed.
class ExportDialog : public QProgressDialog
{
    Q_OBJECT

public:
    static constexpr int SliceMs = 12; // under one frame at 60 Hz
    // Rows per step to begin with; each step's time then sizes the next, so one step stays a few milliseconds
    // on a slow or busy machine too and a slice ends close to SliceMs.
    static constexpr int SliceRows = 100;
    static constexpr int MinStepRows = 5;
    static constexpr int MaxStepRows = 1000;

    // Asks where to write (CSV or JSON by the chosen type); empty when the user chose nothing. Tests queue the
    // answer with setNextPath() so no file dialog opens.
    static QString choosePath(QWidget *parent);
    static void setNextPath(const QString &path);

    // total: how many rows the filter holds, for the bar (-1: unknown, a busy bar).
    ExportDialog(HistoryStore *store, const HistoryFilter &filter, const QString &path, qint64 total,
                 QWidget *parent = nullptr);
    ~ExportDialog() override;

    void start();
    QString resultText() const { return m_result; }
    bool succeeded() const { return m_succeeded; }

Q_SIGNALS:
    // The export ended: written, cancelled or failed (resultText() says which, for the status bar).
    void done(bool succeeded, const QString &text);

private:
    void runSlice();
    void finish(bool succeeded, const QString &text, bool keepOpen);

    std::unique_ptr<HistoryExport> m_export;
    QTimer *m_slice;
    qint64 m_total;
    int m_stepRows = SliceRows;
    QString m_result;
    bool m_succeeded = false;
    bool m_finished = false;
};

} // namespace LeadRelay
