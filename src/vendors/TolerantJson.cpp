// SPDX-License-Identifier: GPL-3.0-or-later
#include "TolerantJson.h"

#include "VendorsLog.h"

#include <QJsonParseError>

namespace LeadRelay
{

namespace
{

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// One pass over the body, outside string literals only:
//  - ':' followed by ',' or '}' gets "null" inserted (BHM's `"disposition": ,`);
//  - a ',' right after '{', '[' or another ',' is dropped (nTherm's 400 answer has `false,\n,"message"`: the
//    document's own "stray comma", which the two rules of SPEC-DECISIONS.md alone would not repair);
//  - a ',' right before '}' or ']' is blanked out.
// Whitespace between the tokens is allowed. The output is at most five times the input (one "null" per ':'),
// every input byte is looked at once, and a dropped trailing comma is overwritten in place, so the pass is
// linear in time and memory.
QByteArray repairDocumentedDefects(const QByteArray &body)
{
    QByteArray out;
    out.reserve(body.size() + body.size() / 8 + 16);

    bool inString = false;
    bool escaped = false;
    char lastSignificant = '\0'; // last non-space byte written outside a string literal
    qsizetype lastCommaAt = -1;  // where that byte is in `out` when it is a ','

    for (const char c : body) {
        if (inString) {
            out.append(c);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
                lastSignificant = '"';
            }
            continue;
        }
        if (isJsonSpace(c)) {
            out.append(c);
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out.append(c);
            lastSignificant = c;
            break;
        case ',':
            if (lastSignificant == '{' || lastSignificant == '[' || lastSignificant == ',')
                break; // dropped
            if (lastSignificant == ':')
                out.append("null");
            lastCommaAt = out.size();
            out.append(c);
            lastSignificant = c;
            break;
        case '}':
        case ']':
            if (lastSignificant == ',' && lastCommaAt >= 0)
                out[lastCommaAt] = ' ';
            else if (lastSignificant == ':' && c == '}')
                out.append("null");
            out.append(c);
            lastSignificant = c;
            break;
        default:
            out.append(c);
            lastSignificant = c;
            break;
        }
    }
    return out;
}

std::optional<QJsonDocument> parseStrict(const QByteArray &bytes)
{
    QJsonParseError error;
    // Qt's parser limits nesting depth itself, so deeply nested input fails instead of exhausting the stack.
    QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    return document;
}

} // namespace

std::optional<QJsonDocument> parseTolerantJson(const QByteArray &body, qsizetype maxBytes)
{
    if (body.size() > maxBytes || body.isEmpty())
        return std::nullopt;
    if (auto strict = parseStrict(body))
        return strict;
    auto repaired = parseStrict(repairDocumentedDefects(body));
    if (repaired)
        qCDebug(lcVendors) << "vendor answer needed repair before it could be read," << body.size() << "bytes";
    return repaired;
}

} // namespace LeadRelay
