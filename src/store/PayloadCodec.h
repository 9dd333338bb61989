// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace LeadRelay::PayloadCodec
{

// How the big per-row payloads (lead, redacted request, raw answer, callback body) are stored since schema 8.
//
// Small JSON documents compress poorly one by one (zstd on a 1.3 KB lead saves about half) and very well with a
// dictionary trained from the history's own payloads (a tenth of the size), so the history keeps its dictionaries
// in a table (payload_dictionaries: id -> bytes, never changed once written) and every stored value names the one it
// was compressed with:
//
//   0x00, kind, id as an unsigned LEB128 varint, zstd frame
//     kind 0x01: compressed with dictionary `id` (0: with no dictionary)
//     kind 0x02: compressed against the same row's lead as zstd prefix (the redacted request largely repeats the
//                lead, so it costs only what differs); id is 0
//
// A value that does not start with 0x00 was written before schema 8: UTF-8 text (or base64 text when the column's
// *_base64 flag is set), as before. Text columns never held a NUL (HistorySql::storeBytes refused them), so the two
// cannot be confused.

// A trained dictionary, with zstd's digested forms made once (creating them costs more than compressing a row).
class Dictionary
{
public:
    Dictionary(int id, const QByteArray &bytes);
    ~Dictionary();
    Dictionary(const Dictionary &) = delete;
    Dictionary &operator=(const Dictionary &) = delete;

    int id() const { return m_id; }
    QByteArray bytes() const { return m_bytes; }
    bool isValid() const;

    struct Digested;
    const Digested &digested() const { return *m_digested; }

private:
    int m_id;
    QByteArray m_bytes;
    std::unique_ptr<Digested> m_digested;
};

using DictionaryLookup = std::function<std::shared_ptr<const Dictionary>(int id)>;

// zstd level for payloads. Writes are one row at a time (a begin, an answer), so a high level costs microseconds;
// the compaction pass of an old 1M-row history is where it shows (see bench_history --sizes).
constexpr int Level = 6;

bool isEncoded(const QByteArray &stored);
// Compressed with `dictionary` (nullptr: with no dictionary).
QByteArray encode(const QByteArray &bytes, const Dictionary *dictionary);
// The smaller of `bytes` compressed against `lead` and compressed with `dictionary`.
QByteArray encodeAgainstLead(const QByteArray &bytes, const QByteArray &lead, const Dictionary *dictionary);

struct Decoded
{
    QByteArray bytes;
    QString error; // empty when decoded
};
// The original bytes of an encoded value (isEncoded()). `lead`: the row's decoded lead, for kind 0x02.
Decoded decode(const QByteArray &stored, const DictionaryLookup &lookup, const QByteArray &lead = {});

// A dictionary of at most `capacity` bytes trained from samples (ZDICT_trainFromBuffer); empty when zstd finds the
// samples too few or too alike.
QByteArray train(const QList<QByteArray> &samples, int capacity);

} // namespace LeadRelay::PayloadCodec
