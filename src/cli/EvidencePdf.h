// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace LeadRelay
{

// Prints the evidence HTML (EvidenceExport::html()) to a PDF with Qt's own writer. Needs a QGuiApplication.
// Returns the error in plain words, empty on success. The desktop app has the same in gui/EvidenceExport.
QString writeEvidencePdf(const QString &html, const QString &path);

} // namespace LeadRelay
