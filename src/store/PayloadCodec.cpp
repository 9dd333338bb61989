// SPDX-License-Identifier: GPL-3.0-or-later
#include "PayloadCodec.h"

#include <QCoreApplication>

#include <zdict.h>
#include <zstd.h>

namespace LeadRelay::PayloadCodec
{

namespace
{

constexpr char Marker = '\0';
constexpr char KindDictionary = 0x01;
constexpr char KindLead = 0x02;
// A stored value never decodes to more than this (payloads are capped at 64 KiB before they are stored, the lead is
// a form's worth of text): a corrupted header cannot make a reader allocate gigabytes.
constexpr unsigned long long MaxDecoded = 16 * 1024 * 1024;

struct CContext
{
    ZSTD_CCtx *context = ZSTD_createCCtx();
    ~CContext() { ZSTD_freeCCtx(context); }
};

struct DContext
{
    ZSTD_DCtx *context = ZSTD_createDCtx();
    ~DContext() { ZSTD_freeDCtx(context); }
};

// One context per thread, reused: creating one costs more than compressing a lead. The frame keeps its content
// size (decode() needs it) and drops what a stored value has no use for: the checksum (SQLite and PostgreSQL check
// their pages) and zstd's own dictionary id (the header names ours).
ZSTD_CCtx *compressor()
{
    thread_local CContext holder;
    ZSTD_CCtx_reset(holder.context, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(holder.context, ZSTD_c_compressionLevel, Level);
    ZSTD_CCtx_setParameter(holder.context, ZSTD_c_contentSizeFlag, 1);
    ZSTD_CCtx_setParameter(holder.context, ZSTD_c_checksumFlag, 0);
    ZSTD_CCtx_setParameter(holder.context, ZSTD_c_dictIDFlag, 0);
    return holder.context;
}

ZSTD_DCtx *decompressor()
{
    thread_local DContext holder;
    ZSTD_DCtx_reset(holder.context, ZSTD_reset_session_and_parameters);
    return holder.context;
}

void appendVarint(QByteArray &out, quint32 value)
{
    do {
        char byte = char(value & 0x7f);
        value >>= 7;
        if (value)
            byte = char(byte | 0x80);
        out.append(byte);
    } while (value);
}

QByteArray header(char kind, quint32 id)
{
    QByteArray out;
    out.append(Marker);
    out.append(kind);
    appendVarint(out, id);
    return out;
}

QByteArray compressWith(ZSTD_CCtx *context, const QByteArray &bytes, QByteArray out)
{
    const qsizetype start = out.size();
    out.resize(start + qsizetype(ZSTD_compressBound(size_t(bytes.size()))));
    const size_t written = ZSTD_compress2(context, out.data() + start, size_t(out.size() - start), bytes.constData(),
                                          size_t(bytes.size()));
    if (ZSTD_isError(written))
        return {};
    out.resize(start + qsizetype(written));
    return out;
}

} // namespace

struct Dictionary::Digested
{
    ZSTD_CDict *compress = nullptr;
    ZSTD_DDict *decompress = nullptr;
    ~Digested()
    {
        ZSTD_freeCDict(compress);
        ZSTD_freeDDict(decompress);
    }
};

Dictionary::Dictionary(int id, const QByteArray &bytes)
    : m_id(id)
    , m_bytes(bytes)
    , m_digested(std::make_unique<Digested>())
{
    m_digested->compress = ZSTD_createCDict(bytes.constData(), size_t(bytes.size()), Level);
    m_digested->decompress = ZSTD_createDDict(bytes.constData(), size_t(bytes.size()));
}

Dictionary::~Dictionary() = default;

bool Dictionary::isValid() const
{
    return m_id > 0 && !m_bytes.isEmpty() && m_digested->compress && m_digested->decompress;
}

bool isEncoded(const QByteArray &stored)
{
    return !stored.isEmpty() && stored.at(0) == Marker;
}

QByteArray encode(const QByteArray &bytes, const Dictionary *dictionary)
{
    ZSTD_CCtx *context = compressor();
    const bool with = dictionary && dictionary->isValid();
    if (with)
        ZSTD_CCtx_refCDict(context, dictionary->digested().compress);
    return compressWith(context, bytes, header(KindDictionary, with ? quint32(dictionary->id()) : 0));
}

QByteArray encodeAgainstLead(const QByteArray &bytes, const QByteArray &lead, const Dictionary *dictionary)
{
    const QByteArray plain = encode(bytes, dictionary);
    if (lead.isEmpty())
        return plain;
    ZSTD_CCtx *context = compressor();
    ZSTD_CCtx_refPrefix(context, lead.constData(), size_t(lead.size()));
    const QByteArray delta = compressWith(context, bytes, header(KindLead, 0));
    return !delta.isEmpty() && delta.size() < plain.size() ? delta : plain;
}

Decoded decode(const QByteArray &stored, const DictionaryLookup &lookup, const QByteArray &lead)
{
    if (!isEncoded(stored) || stored.size() < 3)
        return {{},
                QCoreApplication::translate("LeadRelay::PayloadCodec", "the stored value is not a compressed payload")};
    const char kind = stored.at(1);
    quint32 id = 0;
    qsizetype at = 2;
    for (int shift = 0;; shift += 7) {
        if (at >= stored.size() || shift > 28)
            return {
                {},
                QCoreApplication::translate("LeadRelay::PayloadCodec", "the compressed payload's header is damaged")};
        const auto byte = quint8(stored.at(at++));
        id |= quint32(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            break;
    }
    const char *frame = stored.constData() + at;
    const auto frameSize = size_t(stored.size() - at);
    const unsigned long long size = ZSTD_getFrameContentSize(frame, frameSize);
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > MaxDecoded)
        return {{}, QCoreApplication::translate("LeadRelay::PayloadCodec", "the compressed payload is damaged")};
    ZSTD_DCtx *context = decompressor();
    std::shared_ptr<const Dictionary> dictionary;
    if (kind == KindDictionary && id != 0) {
        dictionary = lookup ? lookup(int(id)) : nullptr;
        if (!dictionary || !dictionary->isValid())
            return {{},
                    QCoreApplication::translate("LeadRelay::PayloadCodec",
                                                "compression dictionary %1 is missing from the history")
                        .arg(id)};
        ZSTD_DCtx_refDDict(context, dictionary->digested().decompress);
    } else if (kind == KindLead) {
        if (lead.isEmpty())
            return {{},
                    QCoreApplication::translate("LeadRelay::PayloadCodec",
                                                "the payload was compressed against the lead, which is missing")};
        ZSTD_DCtx_refPrefix(context, lead.constData(), size_t(lead.size()));
    } else if (kind != KindDictionary) {
        return {{},
                QCoreApplication::translate("LeadRelay::PayloadCodec", "the compressed payload has an unknown kind %1")
                    .arg(int(kind))};
    }
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    const size_t written = ZSTD_decompressDCtx(context, out.data(), size_t(out.size()), frame, frameSize);
    if (ZSTD_isError(written) || written != size)
        return {{},
                QCoreApplication::translate("LeadRelay::PayloadCodec", "the compressed payload is damaged (%1)")
                    .arg(QString::fromLatin1(ZSTD_isError(written) ? ZSTD_getErrorName(written) : "wrong size"))};
    return {out, {}};
}

QByteArray train(const QList<QByteArray> &samples, int capacity)
{
    QByteArray all;
    std::vector<size_t> sizes;
    sizes.reserve(size_t(samples.size()));
    for (const QByteArray &sample : samples) {
        if (sample.isEmpty())
            continue;
        all.append(sample);
        sizes.push_back(size_t(sample.size()));
    }
    if (sizes.size() < 8)
        return {};
    QByteArray dictionary(capacity, Qt::Uninitialized);
    const size_t made = ZDICT_trainFromBuffer(dictionary.data(), size_t(capacity), all.constData(), sizes.data(),
                                              unsigned(sizes.size()));
    if (ZDICT_isError(made))
        return {};
    dictionary.resize(qsizetype(made));
    return dictionary;
}

} // namespace LeadRelay::PayloadCodec
