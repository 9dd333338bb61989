// SPDX-License-Identifier: GPL-3.0-or-later
// The CSV cell writer (csvCell, store/HistoryCsv.cpp), the contract of issue 8 point 6:
//  - the cell is valid RFC 4180 (quoted when it holds a comma, a quote or a line break; quotes doubled inside);
//  - unquoted, it is the text as given (as UTF-8), or that text after one neutralising apostrophe;
//  - no cell starts like a formula: after any leading spaces and tabs, the first character is none of
//    = + - @ | nor the full-width ＝ ＋ － ＠ (a spreadsheet would run it, CSV injection).
// The input is tried both as UTF-8 and as UTF-16, so unpaired surrogates and every code unit reach the writer.
#include "FuzzSupport.h"

#include "store/HistoryStore.h"

#include <cstring>
#include <optional>

using namespace LeadRelay;

namespace
{

bool startsLikeFormula(const QString &cell)
{
    for (const QChar c : cell) {
        if (c == u' ' || c == u'\t')
            continue;
        switch (c.unicode()) {
        case u'=':
        case u'+':
        case u'-':
        case u'@':
        case u'|':
        case 0xFF1D: // ＝
        case 0xFF0B: // ＋
        case 0xFF0D: // －
        case 0xFF20: // ＠
            return true;
        default:
            return false;
        }
    }
    return false;
}

// The cell's content after RFC 4180 unquoting; nullopt when the quoting is wrong.
std::optional<QByteArray> unquote(const QByteArray &cell)
{
    if (!cell.startsWith('"')) {
        if (cell.contains('"') || cell.contains(',') || cell.contains('\r') || cell.contains('\n'))
            return std::nullopt;
        return cell;
    }
    if (cell.size() < 2 || !cell.endsWith('"'))
        return std::nullopt;
    QByteArray inner = cell.mid(1, cell.size() - 2);
    for (qsizetype i = 0; i < inner.size(); ++i) {
        if (inner.at(i) != '"')
            continue;
        if (i + 1 >= inner.size() || inner.at(i + 1) != '"')
            return std::nullopt; // a lone quote inside
        inner.remove(i + 1, 1);
    }
    return inner;
}

void check(const QString &value)
{
    const QByteArray cell = csvCell(value);
    const QByteArray given = value.toUtf8();
    const std::optional<QByteArray> content = unquote(cell);
    FUZZ_CHECK(content.has_value(), "the cell is valid RFC 4180", given + "\n--- cell ---\n" + cell);
    FUZZ_CHECK(*content == given || *content == "'" + given,
               "the cell holds the text as given, at most after one apostrophe", given + "\n--- cell ---\n" + cell);
    FUZZ_CHECK(!startsLikeFormula(QString::fromUtf8(*content)), "no cell starts like a formula",
               given + "\n--- cell ---\n" + cell);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    LeadRelayFuzz::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = LeadRelayFuzz::bytes(data, size);
    check(QString::fromUtf8(input));
    QString utf16(input.size() / 2, Qt::Uninitialized);
    std::memcpy(utf16.data(), input.constData(), static_cast<size_t>(utf16.size()) * sizeof(QChar));
    check(utf16);
    return 0;
}
