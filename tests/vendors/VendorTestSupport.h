// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Helpers shared by the vendor adapter tests: fixtures, request bodies, issue lists, hostile answer bodies.

#include "core/Lead.h"
#include "core/Outcome.h"
#include "vendors/Vendor.h"

#include "../TestData.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

Q_DECLARE_METATYPE(LeadRelay::Lead)
Q_DECLARE_METATYPE(LeadRelay::OutcomeState)

namespace VendorTest
{

// A file under tests/data/<vendorDir>/, byte for byte.
inline QByteArray fixture(const QString &vendorDir, const QString &name)
{
    return LeadRelay::Test::testData(vendorDir + u'/' + name);
}

// A request body must be strict JSON: the vendors' parsers are not tolerant.
inline QJsonObject bodyOf(const LeadRelay::HttpRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("request body is not strict JSON");
    return document.object();
}

inline QStringList sorted(QStringList list)
{
    std::sort(list.begin(), list.end());
    return list;
}

// The fields with at least one error, sorted, each once.
inline QStringList errorFields(const LeadRelay::FieldIssues &issues)
{
    QStringList fields;
    for (const LeadRelay::FieldIssue &issue : issues) {
        if (issue.severity == LeadRelay::Severity::Error && !fields.contains(issue.field))
            fields.append(issue.field);
    }
    return sorted(fields);
}

// The field of every issue, in order.
inline QStringList issueFields(const LeadRelay::FieldIssues &issues)
{
    QStringList fields;
    for (const LeadRelay::FieldIssue &issue : issues)
        fields.append(issue.field);
    return fields;
}

// Bodies no vendor documents: empty, binary, HTML, scalars, deep nesting, oversize, and random bytes.
inline QList<QByteArray> hostileBodies(quint32 seed)
{
    QList<QByteArray> bodies{
        QByteArray(),
        QByteArray("\0{\0", 3),
        QByteArray("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>"),
        QByteArray("null"),
        QByteArray("42"),
        QByteArray("[]"),
        QByteArray(R"("just a string")"),
        QByteArray(300000, '['),
        QByteArray(200000, '{'),
        QByteArray(5 * 1024 * 1024, 'x'),
    };
    QRandomGenerator random(seed);
    for (int i = 0; i < 300; ++i) {
        QByteArray bytes(random.bounded(300), '\0');
        for (char &c : bytes)
            c = static_cast<char>(random.bounded(256));
        bodies.append(bytes);
    }
    return bodies;
}

inline const QList<int> &anyStatuses()
{
    static const QList<int> statuses{-1, 0, 100, 200, 204, 302, 400, 401, 403, 404, 422, 429, 500, 503, 999};
    return statuses;
}

} // namespace VendorTest
