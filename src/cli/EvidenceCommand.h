// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace LeadRelay
{

// `leadrelay-cli evidence verify|export`: checks the consent evidence chain, and writes one submission's
// evidence as PDF or JSON.
class EvidenceCommand
{
    Q_DECLARE_TR_FUNCTIONS(EvidenceCommand)

public:
    static int run(const QStringList &arguments); // arguments[0] is "evidence"
    // True when these arguments need a QGuiApplication (the PDF writer); main() makes one, offscreen.
    static bool needsGui(const QStringList &arguments);

    // Exit status of verify when the chain is broken.
    static constexpr int ExitChainBroken = 1;
};

} // namespace LeadRelay
