// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

namespace LeadRelay
{

// Whether url may be the public base of the callback receiver (what vendors call: <base>/callback/<vendor>/<token>).
// Empty when fine; otherwise why not, in plain words.
//
// The callback URL carries the row's secret token: whoever reads it can write that lead's final result. So the
// base must be https://, except a loopback address (127.0.0.0/8, ::1, localhost), where the training simulator
// calls back on the same machine and nothing crosses a network. One rule for every place a base is accepted: the
// app's settings, the CLI's --callback-base, and the team's base stored in the database.
QString callbackBaseProblem(const QUrl &url);

// True for localhost and loopback addresses (127.0.0.0/8, ::1, IPv4-mapped 127/8).
bool isLoopbackHost(const QString &host);

} // namespace LeadRelay
