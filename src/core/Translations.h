// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace LeadRelay
{

// LeadRelay's own catalogue (embedded under :/i18n) and Qt's (dialog buttons, QCommandLineParser), for the
// user's locale; English when there is none. The app and leadrelay-cli both call it at start.
void installTranslations(QCoreApplication *app);

} // namespace LeadRelay
