// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QString>

namespace LeadRelay
{

// The history's schema: a version table and ordered migrations, each applied in its own transaction.
// A file whose version is higher than this build knows is refused and left untouched.
class HistorySchema
{
public:
    static int knownVersion();
    // The version recorded in the file (0 for an empty file), or -1 with error set. Only reads.
    static int currentVersion(const QSqlDatabase &db, QString *error);
    // Brings the file up to knownVersion(). Safe against another process migrating the same file at the same
    // time: each step re-reads the version inside its write transaction. Returns the version reached, or -1
    // with error set.
    // `upTo` stops earlier (tests make files of an older schema with it).
    static int migrate(const QSqlDatabase &db, QString *error, int upTo = -1);
    // The error for a file newer than this build.
    static QString tooNewError(int version);
};

} // namespace LeadRelay
