// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvidenceExport.h"

#include "store/EvidenceExport.h"
#include "store/HistoryStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileDialog>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextDocument>

#include <optional>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{
std::optional<QString> s_nextPath;

QString tr(const char *text)
{
    return QCoreApplication::translate("LeadRelay::EvidenceExporter", text);
}
} // namespace

void EvidenceExporter::setNextPath(const QString &path)
{
    s_nextPath = path;
}

QString EvidenceExporter::askPath(QWidget *parent, const QString &suggestedName)
{
    if (s_nextPath) {
        const QString path = *s_nextPath;
        s_nextPath.reset();
        return path;
    }
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, tr("Export evidence"), folder + u'/' + suggestedName,
                                        tr("PDF document (*.pdf);;JSON (*.json)"));
}

QString EvidenceExporter::writePdf(const QString &html, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return file.errorString();
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::Letter));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle(tr("Consent evidence"));
        writer.setCreator(QCoreApplication::applicationName());
        QTextDocument document;
        document.setHtml(html);
        document.print(&writer);
    }
    if (!file.flush() || file.size() == 0)
        return file.errorString();
    return {};
}

QString EvidenceExporter::write(HistoryStore &store, const QString &submissionId, const QString &path)
{
    const auto document = EvidenceExport::document(store, submissionId);
    if (!document)
        return store.lastError().isEmpty() ? tr("The history no longer holds this submission.") : store.lastError();
    if (path.endsWith(u".pdf"_s, Qt::CaseInsensitive))
        return writePdf(EvidenceExport::html(*document), path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(EvidenceExport::json(*document)) < 0 || !file.commit())
        return file.errorString();
    return {};
}

} // namespace LeadRelay
