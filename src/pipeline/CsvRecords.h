// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace LeadRelay
{

// One record of a CSV file and the file line it starts on (1-based).
struct CsvRecord
{
    int line = 0;
    QStringList cells;
};

// RFC 4180, tolerant of LF-only line ends: quoted cells may hold commas, doubled quotes and line breaks.
// A quote left open at the end is reported in *error (with its line), not guessed at. Shared by batch files
// (BatchFile) and buyers' returns (ReturnsImport). Implemented in BatchFile.cpp.
QList<CsvRecord> splitCsv(const QString &text, QString *error);

} // namespace LeadRelay
