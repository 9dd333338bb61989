// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace LeadRelay
{

// `leadrelay-cli submit`: one lead file to one vendor, through the same SubmissionService as the desktop app.
class SubmitCommand
{
    Q_DECLARE_TR_FUNCTIONS(SubmitCommand)

public:
    static int run(const QStringList &arguments); // arguments[0] is "submit"
};

} // namespace LeadRelay
