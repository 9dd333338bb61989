// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

namespace LeadRelay
{

class HistoryStore;

// "Export evidence…" of the history's detail pane: asks where, then writes one submission's evidence
// (store/EvidenceExport) as PDF (Qt's own writer) or JSON, by the file's suffix. Tests set the path with
// setNextPath() so no file dialog blocks them.
class EvidenceExporter
{
public:
    // The path chosen (empty: cancelled); the file dialog unless a test queued one.
    static QString askPath(QWidget *parent, const QString &suggestedName);
    static void setNextPath(const QString &path);

    // Writes the evidence of submissionId to path (.pdf: PDF, otherwise JSON). Empty on success, else why not.
    static QString write(HistoryStore &store, const QString &submissionId, const QString &path);
    // The same as the CLI's: QTextDocument printed by QPdfWriter.
    static QString writePdf(const QString &html, const QString &path);
};

} // namespace LeadRelay
