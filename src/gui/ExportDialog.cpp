// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportDialog.h"

#include "store/HistoryExport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLocale>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
QStringList &nextPaths()
{
    static QStringList paths;
    return paths;
}
} // namespace

QString ExportDialog::choosePath(QWidget *parent)
{
    if (!nextPaths().isEmpty())
        return nextPaths().takeFirst();
    const QString csv = tr("CSV for spreadsheets (*.csv)");
    const QString json = tr("JSON for scripts (*.json)");
    QString selected = csv;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString path = QFileDialog::getSaveFileName(parent, tr("Export history"), folder + u"/history.csv"_s,
                                                csv + u";;"_s + json, &selected);
    // The type chosen decides the format: give the name its suffix when the user typed none.
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += selected == json ? u".json"_s : u".csv"_s;
    return path;
}

void ExportDialog::setNextPath(const QString &path)
{
    nextPaths().append(path);
}

ExportDialog::ExportDialog(HistoryStore *store, const HistoryFilter &filter, const QString &path, qint64 total,
                           QWidget *parent)
    : QProgressDialog(parent)
    , m_export(std::make_unique<HistoryExport>(store, filter, path))
    , m_slice(new QTimer(this))
    , m_total(total)
{
    setObjectName(u"exportDialog"_s);
    m_export->setPageRows(SliceRows);
    setWindowTitle(tr("Export history"));
    setLabelText(tr("Writing %1…").arg(QDir::toNativeSeparators(path)));
    setAutoClose(false);
    setAutoReset(false);
    setMinimumDuration(0);
    setWindowModality(Qt::WindowModal);
    // Keep the rows we know of on the bar; more may arrive while it runs.
    setRange(0, total > 0 && total < INT_MAX ? int(total) : 0);
    setValue(0);
    m_slice->setSingleShot(true);
    m_slice->setInterval(0);
    connect(m_slice, &QTimer::timeout, this, &ExportDialog::runSlice);
    connect(this, &QProgressDialog::canceled, this, [this] {
        if (m_finished) {
            close();
            return;
        }
        m_slice->stop();
        m_export->cancel();
        finish(false, tr("Export cancelled: no file was written."), false);
    });
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::start()
{
    show();
    if (!m_export->start()) {
        finish(false, m_export->error(), true);
        return;
    }
    m_slice->start();
}

void ExportDialog::runSlice()
{
    QElapsedTimer slice;
    slice.start();
    bool more = true;
    qint64 lastStep = 0;
    // No step that would run past the slice: the loop stops when the last one's time no longer fits.
    while (more && (slice.elapsed() == 0 || slice.elapsed() + lastStep <= SliceMs)) {
        const qint64 before = slice.elapsed();
        m_export->setPageRows(m_stepRows);
        more = m_export->step();
        lastStep = slice.elapsed() - before;
        // Aim for a quarter of a slice per step.
        if (lastStep > SliceMs / 2)
            m_stepRows = qMax(MinStepRows, m_stepRows / 2);
        else if (lastStep < SliceMs / 8)
            m_stepRows = qMin(MaxStepRows, m_stepRows * 2);
    }
    if (!m_export->error().isEmpty()) {
        finish(false, m_export->error(), true);
        return;
    }
    if (maximum() > 0)
        setValue(int(qMin<qint64>(m_export->written(), maximum())));
    // A modal progress dialog handles events inside setValue(): Cancel may have been pressed just now.
    if (m_finished)
        return;
    if (more) {
        m_slice->start();
        return;
    }
    setLabelText(tr("Saving…"));
    if (!m_export->commit()) {
        finish(false, m_export->error(), true);
        return;
    }
    QLocale locale;
    finish(true,
           m_export->written() == 1
               ? tr("Exported 1 submission to %1.").arg(QDir::toNativeSeparators(m_export->path()))
               : tr("Exported %1 submissions to %2.")
                     .arg(locale.toString(m_export->written()), QDir::toNativeSeparators(m_export->path())),
           false);
}

void ExportDialog::finish(bool succeeded, const QString &text, bool keepOpen)
{
    m_finished = true;
    m_succeeded = succeeded;
    m_result = text;
    if (keepOpen) {
        // The problem beside what caused it, in the dialog the user is looking at, until they close it.
        setLabelText(tr("The export failed: %1").arg(text));
        setCancelButtonText(tr("Close"));
        setRange(0, 1);
        setValue(0);
    } else {
        close();
    }
    Q_EMIT done(succeeded, text);
}

} // namespace LeadRelay
