// SPDX-License-Identifier: GPL-3.0-or-later
#include "BatchFile.h"

#include "CsvRecords.h"

#include "vendors/Vendor.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

// See CsvRecords.h.
QList<CsvRecord> splitCsv(const QString &text, QString *error)
{
    QList<CsvRecord> records;
    CsvRecord record;
    QString cell;
    bool quoted = false;
    bool cellStarted = false;
    int line = 1;
    int quoteLine = 0;
    record.line = 1;
    const qsizetype n = text.size();
    auto endRecord = [&](int nextLine) {
        record.cells.append(cell);
        cell.clear();
        cellStarted = false;
        records.append(record);
        record = CsvRecord();
        record.line = nextLine;
    };
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && text.at(i + 1) == u'"') {
                    cell.append(u'"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == u'\n')
                    ++line;
                cell.append(c);
            }
            continue;
        }
        if (c == u'"' && !cellStarted) {
            quoted = true;
            cellStarted = true;
            quoteLine = line;
        } else if (c == u',') {
            record.cells.append(cell);
            cell.clear();
            cellStarted = false;
        } else if (c == u'\r' && i + 1 < n && text.at(i + 1) == u'\n') {
            continue; // the \n ends the record
        } else if (c == u'\n') {
            ++line;
            endRecord(line);
        } else {
            cell.append(c);
            cellStarted = true;
        }
    }
    if (quoted) {
        *error = BatchFile::tr("line %1: a quoted cell is never closed").arg(quoteLine);
        return {};
    }
    if (cellStarted || !record.cells.isEmpty())
        endRecord(line);
    return records;
}

namespace
{

bool isBlank(const QStringList &cells)
{
    for (const QString &cell : cells) {
        if (!cell.trimmed().isEmpty())
            return false;
    }
    return true;
}

std::optional<bool> parseFlag(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"true"_s || t == u"yes"_s || t == u"y"_s || t == u"1"_s)
        return true;
    if (t == u"false"_s || t == u"no"_s || t == u"n"_s || t == u"0"_s)
        return false;
    return std::nullopt;
}

const QRegularExpression &consentColumn()
{
    static const QRegularExpression re(u"^consent_([1-9][0-9]?)_(question|answer)$"_s);
    return re;
}

BatchRow csvRow(const QStringList &header, const CsvRecord &record)
{
    BatchRow row;
    row.line = record.line;
    if (record.cells.size() != header.size()) {
        row.issues.append(
            {QString(), Severity::Error,
             BatchFile::tr("the row has %1 cells; the header has %2").arg(record.cells.size()).arg(header.size())});
        return row;
    }
    QJsonObject object;
    QJsonArray consent;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString &key = header.at(i);
        const QString value = record.cells.at(i);
        if (value.trimmed().isEmpty())
            continue; // a missing key and an empty cell mean the same
        const QRegularExpressionMatch consentMatch = consentColumn().match(key);
        if (consentMatch.hasMatch()) {
            const int index = consentMatch.captured(1).toInt() - 1;
            while (consent.size() <= index)
                consent.append(QJsonObject{{u"question"_s, QString()}, {u"answer"_s, QString()}});
            QJsonObject entry = consent.at(index).toObject();
            entry[consentMatch.captured(2)] = value;
            consent[index] = entry;
        } else if (key == Key::MailingSame) {
            const auto flag = parseFlag(value);
            if (!flag) {
                row.issues.append({key, Severity::Error,
                                   BatchFile::tr("'%1' is not yes or no (true, false, 1, 0)").arg(value.trimmed())});
                continue;
            }
            object[key] = *flag;
        } else if (key == Key::Format) {
            bool ok = false;
            const int version = value.trimmed().toInt(&ok);
            object[key] = ok ? QJsonValue(version) : QJsonValue(value);
        } else {
            object[key] = value;
        }
    }
    if (!consent.isEmpty()) {
        QJsonArray answered; // a consent pair left empty in a spreadsheet is not a consent
        for (const QJsonValue &entry : std::as_const(consent)) {
            const QJsonObject pair = entry.toObject();
            if (!pair.value(u"question"_s).toString().isEmpty() || !pair.value(u"answer"_s).toString().isEmpty())
                answered.append(pair);
        }
        object[Key::Consent] = answered;
    }
    if (hasErrors(row.issues))
        return row;
    const LeadReadResult read = leadFromJsonObject(object);
    if (!read.lead)
        row.issues.append({QString(), Severity::Error, read.error});
    else
        row.lead = read.lead;
    return row;
}

BatchFile parseCsv(const QString &text)
{
    BatchFile file;
    file.format = BatchFile::Format::Csv;
    QString error;
    const QList<CsvRecord> records = splitCsv(text, &error);
    if (!error.isEmpty()) {
        file.error = error;
        return file;
    }
    qsizetype first = 0;
    while (first < records.size() && isBlank(records.at(first).cells))
        ++first;
    if (first == records.size()) {
        file.error = BatchFile::tr("the file has no header row");
        return file;
    }
    QStringList header;
    QStringList known = Lead::textKeys();
    known << Key::Format << Key::MailingSame << Key::ConsentRecordedAt;
    for (const QString &cell : records.at(first).cells) {
        const QString key = cell.trimmed().toLower();
        if (!known.contains(key) && !consentColumn().match(key).hasMatch()) {
            // A typo must not silently drop a column of data (LEAD-FORMAT.md).
            file.error = BatchFile::tr("line %1: the header names an unknown column '%2'")
                             .arg(records.at(first).line)
                             .arg(cell.trimmed());
            return file;
        }
        if (header.contains(key)) {
            file.error =
                BatchFile::tr("line %1: the header names the column '%2' twice").arg(records.at(first).line).arg(key);
            return file;
        }
        header.append(key);
    }
    for (qsizetype i = first + 1; i < records.size(); ++i) {
        if (isBlank(records.at(i).cells))
            continue;
        file.rows.append(csvRow(header, records.at(i)));
    }
    return file;
}

BatchFile parseJsonLines(const QByteArray &bytes)
{
    BatchFile file;
    file.format = BatchFile::Format::JsonLines;
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        BatchRow row;
        row.line = int(i + 1);
        const LeadReadResult read = leadFromJson(line);
        if (!read.lead)
            row.issues.append({QString(), Severity::Error, read.error});
        else
            row.lead = read.lead;
        file.rows.append(row);
    }
    return file;
}

} // namespace

BatchFile::Format BatchFile::detect(const QString &path, const QByteArray &bytes)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"csv"_s)
        return Format::Csv;
    if (suffix == u"jsonl"_s || suffix == u"ndjson"_s || suffix == u"json"_s)
        return Format::JsonLines;
    for (const char c : bytes) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' ? Format::JsonLines : Format::Csv;
    }
    return Format::Csv;
}

BatchFile BatchFile::read(const QString &path)
{
    BatchFile file;
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        file.error = tr("%1 is not a regular file (a folder, a pipe or a device)").arg(path);
        return file;
    }
    QFile device(path);
    if (!device.open(QIODevice::ReadOnly)) {
        file.error = tr("cannot read %1: %2").arg(path, device.errorString());
        return file;
    }
    if (device.size() > MaxBytes) {
        file.error = tr("%1 is larger than 256 MiB: split it into smaller batches").arg(path);
        return file;
    }
    QByteArray bytes = device.readAll();
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3); // spreadsheets write a byte order mark
    return parse(bytes, detect(path, bytes));
}

BatchFile BatchFile::parse(const QByteArray &bytes, Format format)
{
    QByteArray data = bytes;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(data);
    if (decoder.hasError()) {
        BatchFile file;
        file.format = format;
        file.error = tr("the file is not UTF-8 text: save it as \"CSV UTF-8\" or JSON Lines");
        return file;
    }
    return format == Format::Csv ? parseCsv(text) : parseJsonLines(data);
}

void BatchFile::validate(const Vendor &vendor, const QDate &today)
{
    for (BatchRow &row : rows) {
        if (row.lead)
            row.issues.append(vendor.validate(*row.lead, today));
    }
}

int BatchFile::validCount() const
{
    int count = 0;
    for (const BatchRow &row : rows) {
        if (row.isValid())
            ++count;
    }
    return count;
}

QByteArray batchRowKey(const QString &vendorId, const Lead &lead)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(vendorId.toUtf8());
    hash.addData(QByteArrayView("\n"));
    hash.addData(lead.toJsonBytes());
    return hash.result().toHex();
}

} // namespace LeadRelay
