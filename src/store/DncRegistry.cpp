// SPDX-License-Identifier: GPL-3.0-or-later
#include "DncRegistry.h"

#include "DncList.h"
#include "StoreLog.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtEndian>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

namespace
{

constexpr char Magic[8] = {'L', 'R', 'D', 'N', 'C', 'R', 'G', '1'};
constexpr int ListNameBytes = 32;
const QString Suffix = u".lrdnc"_s;

quint32 suffixAt(const uchar *p)
{
    return (quint32(p[0]) << 16) | (quint32(p[1]) << 8) | quint32(p[2]);
}

} // namespace

QJsonObject RegistryHit::toJson() const
{
    return QJsonObject{{u"list"_s, list}, {u"download_date"_s, downloadDate.toString(Qt::ISODate)}};
}

bool RegistryFile::open(const QString &path, QString *error)
{
    m_path = path;
    m_file = std::make_unique<QFile>(path);
    if (!m_file->open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(path, m_file->errorString());
        return false;
    }
    m_size = m_file->size();
    m_data = m_size >= DataOffset ? m_file->map(0, m_size) : nullptr;
    if (!m_data || std::memcmp(m_data, Magic, sizeof Magic) != 0 ||
        qFromLittleEndian<quint32>(m_data + 8) != quint32(AreaCodes)) {
        *error = tr("%1 is not a LeadRelay do-not-call registry file.").arg(path);
        m_data = nullptr;
        return false;
    }
    const char *name = reinterpret_cast<const char *>(m_data + 16);
    m_list = QString::fromUtf8(name, qsizetype(strnlen(name, ListNameBytes)));
    m_count = 0;
    for (int area = 0; area < AreaCodes; ++area) {
        const IndexEntry e = entry(area);
        if (DataOffset + (qint64(e.first) + e.count) * SuffixBytes > m_size) {
            *error = tr("%1 is truncated.").arg(path);
            m_data = nullptr;
            return false;
        }
        m_count += e.count;
    }
    return true;
}

RegistryFile::IndexEntry RegistryFile::entry(int areaCode) const
{
    const uchar *p = m_data + HeaderSize + areaCode * IndexEntrySize;
    return {qFromLittleEndian<quint32>(p), qFromLittleEndian<quint32>(p + 4), qFromLittleEndian<qint32>(p + 8)};
}

bool RegistryFile::contains(quint64 number) const
{
    if (!m_data || number >= 10'000'000'000ULL)
        return false;
    const IndexEntry e = entry(int(number / 10'000'000));
    const quint32 wanted = quint32(number % 10'000'000);
    const uchar *base = m_data + DataOffset + qint64(e.first) * SuffixBytes;
    quint32 low = 0;
    quint32 high = e.count;
    // The numbers of an area code are spread evenly enough that interpolating lands within a few entries (two or
    // three probes instead of fifteen, each a likely cache miss); binary search finishes, whatever the spread.
    for (int round = 0; round < 3 && high - low > 32; ++round) {
        const quint32 first = suffixAt(base + qint64(low) * SuffixBytes);
        const quint32 last = suffixAt(base + qint64(high - 1) * SuffixBytes);
        if (wanted < first || wanted > last)
            return false;
        if (last == first)
            break;
        const quint32 guess = low + quint32(quint64(wanted - first) * (high - 1 - low) / (last - first));
        const quint32 value = suffixAt(base + qint64(guess) * SuffixBytes);
        if (value == wanted)
            return true;
        if (value < wanted)
            low = guess + 1;
        else
            high = guess;
    }
    while (low < high) {
        const quint32 mid = low + (high - low) / 2;
        const quint32 value = suffixAt(base + qint64(mid) * SuffixBytes);
        if (value == wanted)
            return true;
        if (value < wanted)
            low = mid + 1;
        else
            high = mid;
    }
    return false;
}

QDate RegistryFile::downloadDate(int areaCode) const
{
    if (!m_data || areaCode < 0 || areaCode >= AreaCodes)
        return QDate();
    const qint32 day = entry(areaCode).julianDay;
    return day == 0 ? QDate() : QDate::fromJulianDay(day);
}

QDate RegistryFile::oldestDownload() const
{
    QDate oldest;
    for (int area = 0; area < AreaCodes; ++area) {
        const QDate date = downloadDate(area);
        if (date.isValid() && (!oldest.isValid() || date < oldest))
            oldest = date;
    }
    return oldest;
}

std::vector<quint32> RegistryFile::suffixes(int areaCode) const
{
    std::vector<quint32> result;
    if (!m_data)
        return result;
    const IndexEntry e = entry(areaCode);
    result.reserve(e.count);
    const uchar *base = m_data + DataOffset + qint64(e.first) * SuffixBytes;
    for (quint32 i = 0; i < e.count; ++i)
        result.push_back(suffixAt(base + qint64(i) * SuffixBytes));
    return result;
}

bool RegistryFile::write(const QString &path, const QString &list, const std::vector<Area> &areas, QString *error)
{
    QByteArray header(DataOffset, '\0');
    std::memcpy(header.data(), Magic, sizeof Magic);
    qToLittleEndian<quint32>(AreaCodes, header.data() + 8);
    const QByteArray name = list.toUtf8().left(ListNameBytes);
    std::memcpy(header.data() + 16, name.constData(), size_t(name.size()));
    quint64 first = 0;
    for (int area = 0; area < AreaCodes; ++area) {
        const Area &a = areas[size_t(area)];
        char *p = header.data() + HeaderSize + area * IndexEntrySize;
        qToLittleEndian<quint32>(quint32(first), p);
        qToLittleEndian<quint32>(quint32(a.suffixes.size()), p + 4);
        qToLittleEndian<qint32>(
            a.suffixes.empty() || !a.downloadDate.isValid() ? 0 : qint32(a.downloadDate.toJulianDay()), p + 8);
        first += a.suffixes.size();
    }
    QByteArray data(qsizetype(first * SuffixBytes), Qt::Uninitialized);
    uchar *out = reinterpret_cast<uchar *>(data.data());
    for (const Area &a : areas) {
        for (const quint32 suffix : a.suffixes) {
            out[0] = uchar(suffix >> 16);
            out[1] = uchar(suffix >> 8);
            out[2] = uchar(suffix);
            out += SuffixBytes;
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(header) != header.size() || file.write(data) != data.size() ||
        !file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString DncRegistry::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/dnc-registry"_s;
}

DncRegistry::DncRegistry(const QString &directory)
    : m_directory(directory)
{}

QString DncRegistry::pathOf(const QString &list) const
{
    return QDir(m_directory).filePath(list + Suffix);
}

bool DncRegistry::load(QString *error)
{
    m_files.clear();
    bool ok = true;
    const QStringList names = QDir(m_directory).entryList({u"*"_s + Suffix}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        auto file = std::make_unique<RegistryFile>();
        QString problem;
        if (file->open(QDir(m_directory).filePath(name), &problem)) {
            m_files.push_back(std::move(file));
        } else {
            qCWarning(lcStore).noquote() << problem;
            if (error)
                *error = problem;
            ok = false;
        }
    }
    return ok;
}

QStringList DncRegistry::lists() const
{
    QStringList result;
    for (const auto &file : m_files)
        result.append(file->list());
    return result;
}

QList<RegistryHit> DncRegistry::lookup(const QString &phone) const
{
    QList<RegistryHit> hits;
    const QString digits = DncList::digits(phone);
    if (digits.isEmpty())
        return hits;
    const quint64 number = digits.toULongLong();
    for (const auto &file : m_files) {
        if (file->contains(number))
            hits.append({file->list(), file->downloadDate(int(number / 10'000'000))});
    }
    return hits;
}

QString DncRegistry::staleNote(QDate today) const
{
    const QStringList stale = staleLists(today);
    return stale.isEmpty() ? QString()
                           : tr("Do-not-call registry older than %1 days: %2. Download it again.")
                                 .arg(StaleAfterDays)
                                 .arg(stale.join(u", "_s));
}

QStringList DncRegistry::staleLists(QDate today) const
{
    QStringList stale;
    for (const auto &file : m_files) {
        const QDate oldest = file->oldestDownload();
        if (oldest.isValid() && oldest.daysTo(today) > StaleAfterDays)
            stale.append(u"%1 (%2)"_s.arg(file->list(), oldest.toString(Qt::ISODate)));
    }
    return stale;
}

bool DncRegistry::import(const QString &list, const QStringList &files, QDate downloadDate, ImportStats *stats,
                         QString *error)
{
    static const QRegularExpression listName(u"^[A-Za-z0-9_-]{1,32}$"_s);
    if (!listName.match(list).hasMatch()) {
        *error = tr("A list name is 1 to 32 letters, digits, '-' or '_' (for example national or TX).");
        return false;
    }
    if (!downloadDate.isValid()) {
        *error = tr("The download date is required (YYYY-MM-DD).");
        return false;
    }
    if (!QDir().mkpath(m_directory)) {
        *error = tr("Cannot create %1.").arg(m_directory);
        return false;
    }
    std::vector<RegistryFile::Area> areas(RegistryFile::AreaCodes);
    {
        // The list's other area codes are kept as they were.
        RegistryFile previous;
        QString ignored;
        if (QFile::exists(pathOf(list)) && previous.open(pathOf(list), &ignored)) {
            for (int area = 0; area < RegistryFile::AreaCodes; ++area) {
                areas[size_t(area)].suffixes = previous.suffixes(area);
                areas[size_t(area)].downloadDate = previous.downloadDate(area);
            }
        }
    }
    std::vector<bool> replaced(RegistryFile::AreaCodes, false);
    ImportStats counted;
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("Cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        // Read in large blocks and parse bytes by hand: 10 million lines must take seconds, not minutes.
        QByteArray carry;
        while (true) {
            QByteArray block = file.read(8 << 20);
            const bool atEnd = block.isEmpty();
            if (atEnd && carry.isEmpty())
                break;
            block.prepend(carry);
            carry.clear();
            qsizetype end = atEnd ? block.size() : block.lastIndexOf('\n') + 1;
            if (end <= 0) {
                carry = block;
                continue;
            }
            if (end < block.size())
                carry = block.mid(end);
            const char *p = block.constData();
            const char *stop = p + end;
            while (p < stop) {
                quint64 number = 0;
                int digits = 0;
                bool blank = true;
                for (; p < stop && *p != '\n'; ++p) {
                    const char c = *p;
                    if (c >= '0' && c <= '9') {
                        number = number * 10 + quint64(c - '0');
                        ++digits;
                        blank = false;
                    } else if (!std::strchr(" \t\r-,.()+\"", c)) {
                        blank = false;
                        digits = 99; // not a number line (a header, text)
                    }
                }
                ++p; // the newline
                if (blank)
                    continue;
                ++counted.lines;
                if (digits == 11 && number / 10'000'000'000ULL == 1) {
                    number %= 10'000'000'000ULL;
                    digits = 10;
                }
                // NANP: neither the area code nor the exchange starts with 0 or 1 (as DncList::digits()).
                if (digits != 10 || number < 2'000'000'000ULL || number % 10'000'000 < 2'000'000) {
                    ++counted.invalid;
                    continue;
                }
                const int area = int(number / 10'000'000);
                if (!replaced[size_t(area)]) {
                    replaced[size_t(area)] = true;
                    areas[size_t(area)].suffixes.clear();
                    ++counted.areaCodes;
                }
                areas[size_t(area)].suffixes.push_back(quint32(number % 10'000'000));
                ++counted.numbers;
            }
            if (atEnd)
                break;
        }
    }
    for (int area = 0; area < RegistryFile::AreaCodes; ++area) {
        if (!replaced[size_t(area)])
            continue;
        std::vector<quint32> &suffixes = areas[size_t(area)].suffixes;
        std::sort(suffixes.begin(), suffixes.end());
        suffixes.erase(std::unique(suffixes.begin(), suffixes.end()), suffixes.end());
        areas[size_t(area)].downloadDate = downloadDate;
    }
    for (const RegistryFile::Area &area : areas)
        counted.stored += area.suffixes.size();
    if (!RegistryFile::write(pathOf(list), list, areas, error))
        return false;
    counted.fileBytes = QFileInfo(pathOf(list)).size();
    if (stats)
        *stats = counted;
    qCInfo(lcStore) << "Registry list" << list << "imported:" << counted.numbers << "numbers";
    return load(error);
}

} // namespace LeadRelay
