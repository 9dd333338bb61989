// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QCoreApplication>

namespace LeadRelay
{

class SubmitSetup;

// `leadrelay-cli submit --batch FILE`: validates every row of a CSV or JSON Lines file, then sends the valid ones
// through the same pipeline as a single submission (BatchSender), resumably.
class BatchCommand
{
    Q_DECLARE_TR_FUNCTIONS(BatchCommand)

public:
    static int run(const QCommandLineParser &parser, SubmitSetup &setup);
    static QString description(); // appended to `submit --help`
};

} // namespace LeadRelay
