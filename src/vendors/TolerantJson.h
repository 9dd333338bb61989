// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>

#include <optional>

namespace LeadRelay
{

// Strict JSON first; if that fails, repair only the defects the vendors' documents show (an empty value after
// a colon becomes null; a comma right after '{' or '[' or right before '}' or ']' is dropped; and, for nTherm's
// 400 answer `false,\n,"message"`, a comma right after another comma is dropped) and try again.
// Linear in the input; bodies over maxBytes are not parsed.
std::optional<QJsonDocument> parseTolerantJson(const QByteArray &body, qsizetype maxBytes = 4 * 1024 * 1024);

} // namespace LeadRelay
