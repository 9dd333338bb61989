// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace LeadRelay
{

class HistoryStore;

// One submission's evidence as one self-contained document: the consent record (with its hash and the previous
// record's), the lifecycle (sent, answered, final, returned), the redacted request and the vendor's answer. The
// JSON is for programs; the HTML is what the PDF is printed from (QTextDocument + QPdfWriter live above the
// store: gui/EvidenceExport and the CLI).
namespace EvidenceExport
{

inline constexpr auto Format = "leadrelay-evidence/1";

// nullopt when the history has no such submission (or could not be read: see store.lastError()).
std::optional<QJsonObject> document(HistoryStore &store, const QString &submissionId);
QByteArray json(const QJsonObject &document); // indented, UTF-8
QString html(const QJsonObject &document);    // every item of the document, labelled for a person
QString suggestedFileName(const QJsonObject &document, const QString &suffix);

} // namespace EvidenceExport
} // namespace LeadRelay
