// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <memory>
#include <vector>

namespace LeadRelay
{

// A number found on a registry list: which list, and how old the download that says so is.
struct RegistryHit
{
    QString list;       // "national", "TX", … (the name given at import)
    QDate downloadDate; // of the area code's download
    QJsonObject toJson() const;
};

// One list's compact file: per area code a sorted array of 3-byte 7-digit suffixes and the date of that area
// code's download; looked up by binary search in the memory-mapped file. About 3 bytes per number (the text
// download takes 11), and one import of 10 million numbers takes seconds (bench/bench_dnc).
//
// Layout (little-endian): "LRDNCRG1", u32 1000, u32 0, list name (32 bytes, UTF-8, zero-padded), then 1000 index
// entries {u32 first, u32 count, i32 download date as a Julian day, 0 = none}, then the suffixes, big-endian.
class RegistryFile
{
    Q_DECLARE_TR_FUNCTIONS(RegistryFile)

public:
    static constexpr int AreaCodes = 1000;
    static constexpr qint64 HeaderSize = 48;
    static constexpr qint64 IndexEntrySize = 12;
    static constexpr qint64 DataOffset = HeaderSize + AreaCodes * IndexEntrySize;
    static constexpr int SuffixBytes = 3;

    struct Area
    {
        std::vector<quint32> suffixes; // sorted, unique
        QDate downloadDate;
    };

    // Maps the file; false with *error when it is not a registry file.
    bool open(const QString &path, QString *error);
    QString list() const { return m_list; }
    QString path() const { return m_path; }
    quint64 count() const { return m_count; }
    // Binary search in the area code's suffixes. number: 10 digits as an integer.
    bool contains(quint64 number) const;
    QDate downloadDate(int areaCode) const;
    // The oldest download date among the area codes the file holds (invalid when empty).
    QDate oldestDownload() const;
    std::vector<quint32> suffixes(int areaCode) const;

    // Writes the areas atomically (QSaveFile). False with *error.
    static bool write(const QString &path, const QString &list, const std::vector<Area> &areas, QString *error);

private:
    struct IndexEntry
    {
        quint32 first;
        quint32 count;
        qint32 julianDay;
    };
    IndexEntry entry(int areaCode) const;

    std::unique_ptr<QFile> m_file;
    const uchar *m_data = nullptr;
    qint64 m_size = 0;
    QString m_list;
    QString m_path;
    quint64 m_count = 0;
};

// Every list imported on this desk (one RegistryFile each, in one directory), and their imports.
class DncRegistry
{
    Q_DECLARE_TR_FUNCTIONS(DncRegistry)

public:
    // A list older than this is flagged (the FTC's rule: registry data no more than 31 days old, 16 CFR
    // 310.4(b)(3)(iv)).
    static constexpr int StaleAfterDays = 31;

    static QString defaultDirectory(); // AppDataLocation/dnc-registry
    explicit DncRegistry(const QString &directory = defaultDirectory());

    // (Re)reads the directory's lists. False with *error naming a file that could not be read (the others load).
    bool load(QString *error = nullptr);
    QStringList lists() const;
    QList<RegistryHit> lookup(const QString &phone) const;
    // Lists whose oldest area-code download is more than StaleAfterDays before today: "national (2026-10-01)".
    QStringList staleLists(QDate today) const;
    // The same for people ("Do-not-call registry older than 31 days: …"): the desk's status bar and the CLI say
    // it. Empty when every list is recent.
    QString staleNote(QDate today) const;
    // The list with its area codes' dates, for `dnc registry list`.
    const std::vector<std::unique_ptr<RegistryFile>> &files() const { return m_files; }

    struct ImportStats
    {
        quint64 lines = 0;
        quint64 numbers = 0;  // valid 10-digit numbers read
        quint64 invalid = 0;  // lines that were not one
        quint64 stored = 0;   // numbers in the list after the import (all area codes)
        int areaCodes = 0;    // area codes replaced by this import
        qint64 fileBytes = 0; // size of the list's file
    };
    // Imports downloads (text files of 10-digit numbers, one per line) into the list: each area code found in
    // them replaces that area code's numbers and date; the list's other area codes keep theirs. False with *error.
    bool import(const QString &list, const QStringList &files, QDate downloadDate, ImportStats *stats, QString *error);
    QString pathOf(const QString &list) const;

private:
    QString m_directory;
    std::vector<std::unique_ptr<RegistryFile>> m_files;
};

} // namespace LeadRelay
