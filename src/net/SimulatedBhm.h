// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace LeadRelay
{

// The training simulator's Bright Horizons Media energy post: a strict server-side reading of
// specs/brighthorizons-energy.txt, without sockets. The rules are listed at the top of VendorSimulator.cpp.
class SimulatedBhm
{
public:
    struct Answer
    {
        int httpStatus = 200;
        QJsonObject body;
    };

    Answer handle(const QByteArray &contentType, const QByteArray &body);

    // The documented "could not be validated" answer with these errors (one nested list, as documented).
    static QJsonObject notValidated(const QStringList &errors);

private:
    qint64 m_nextTransactionId = 100000001;
    qint64 m_nextLeadId = 200000001;
};

} // namespace LeadRelay
