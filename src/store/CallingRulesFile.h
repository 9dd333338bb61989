// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/CallingWindow.h"

namespace LeadRelay
{

// The calling rules in force on this desk: a file given explicitly (--rules FILE), else calling-rules.json in
// LeadRelay's data folder (AppDataLocation), else the set built into the application. A newer file is how the
// rules are updated without rebuilding; one that cannot be read leaves the built-in set in force and says why.
namespace CallingRulesFile
{
QString defaultPath(); // AppDataLocation/calling-rules.json
CallingRules load(const QString &explicitPath, QString *error);
} // namespace CallingRulesFile

} // namespace LeadRelay
