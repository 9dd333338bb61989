// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace LeadRelay
{

// Every connection to the callback receiver is an open file. Linux starts a process with a soft limit of 1,024
// open files, far below the hard limit the system allows it to raise itself to (often 524,288): at 1,024, about
// a thousand idle connections were enough to stop the receiver accepting anyone. Raising the soft limit to the
// hard one costs nothing until the files are really opened; the receiver's own connection cap (BoundedTcpServer)
// still keeps well below whatever limit is in force.
//
// Raises the soft RLIMIT_NOFILE to the hard limit and returns the soft limit now in force (0 when unknown).
// Call it once where a receiver starts (the CLI's "callbacks" command, the app's callback service).
quint64 raiseOpenFileLimit();

// The soft limit now in force (0 when unknown or unlimited).
quint64 openFileLimit();

} // namespace LeadRelay
