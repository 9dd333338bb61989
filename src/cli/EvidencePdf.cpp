// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvidencePdf.h"

#include <QCoreApplication>
#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace LeadRelay
{

QString writeEvidencePdf(const QString &html, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return file.errorString();
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::Letter));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setTitle(QCoreApplication::translate("LeadRelay::EvidenceExport", "Consent evidence"));
        writer.setCreator(QCoreApplication::applicationName());
        QTextDocument document;
        document.setHtml(html);
        document.print(&writer);
    }
    if (!file.flush() || file.size() == 0)
        return file.errorString();
    return {};
}

} // namespace LeadRelay
