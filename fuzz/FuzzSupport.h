// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the fuzz targets: a QCoreApplication for the code that needs one, input helpers, and a check that
// stops the run (so libFuzzer keeps the input as a crash artifact) with a message saying which contract broke.

#include <QByteArray>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace LeadRelayFuzz
{

// Some Qt code (translations, QUrl's IDN handling, the event dispatcher) expects an application object. One for
// the whole run, created before the first input. The code under test logs what it repairs or refuses; at a
// million inputs that is noise that slows the run and buries the report, so only critical messages remain.
inline void ensureApplication()
{
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.info=false\n*.warning=false"));
    static int argc = 1;
    static char name[] = "leadrelay-fuzz";
    static char *argv[] = {name, nullptr};
    static const std::unique_ptr<QCoreApplication> app = [] {
        return QCoreApplication::instance() ? nullptr : std::make_unique<QCoreApplication>(argc, argv);
    }();
}

// A copy, like every QByteArray the real callers pass (read from a socket or a file, so NUL-terminated); a
// fromRawData view of the fuzzer's buffer is not terminated, which no real caller ever hands these functions.
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

// The input split at its first line feed: a small header (an HTTP status, a flag) and the body after it.
struct Split
{
    QByteArray head;
    QByteArray body;
};

inline Split splitFirstLine(const QByteArray &input)
{
    const qsizetype newline = input.indexOf('\n');
    if (newline < 0)
        return {input, {}};
    return {input.left(newline), input.mid(newline + 1)};
}

[[noreturn]] inline void fail(const char *contract, const QByteArray &detail)
{
    std::fprintf(stderr, "\n*** contract broken: %s\n*** %s\n", contract, detail.constData());
    std::fflush(stderr);
    std::abort();
}

} // namespace LeadRelayFuzz

// FUZZ_CHECK(condition, contract, detail): abort with the contract's wording and a detail (QByteArray) when false.
#define FUZZ_CHECK(condition, contract, detail)                                                                        \
    do {                                                                                                               \
        if (!(condition))                                                                                              \
            LeadRelayFuzz::fail(contract, (detail));                                                                   \
    } while (false)
