// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Test data shared by every test folder: files under tests/data and the LEAD-FORMAT.md sample lead.
#include "core/Lead.h"

#include <QFile>
#include <QString>

namespace LeadRelay::Test
{

// A file under tests/data; a missing fixture stops the test run rather than passing on empty input.
inline QByteArray testData(const QString &relativePath)
{
    QFile file(QStringLiteral(LEADRELAY_TEST_DATA "/") + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data: %s", qPrintable(relativePath));
    return file.readAll();
}

// tests/data/leads/sample.json: the LEAD-FORMAT.md sample.
inline Lead sampleLead()
{
    const LeadReadResult read = leadFromJson(testData(QStringLiteral("leads/sample.json")));
    if (!read.lead)
        qFatal("tests/data/leads/sample.json does not read: %s", qPrintable(read.error));
    return *read.lead;
}

} // namespace LeadRelay::Test
